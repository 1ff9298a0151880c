import type { Client as PgClient } from 'pg';
import {
  act,
  declareDefault,
  addDays,
  attempt,
  businessDate,
  driveTo,
  expectOk,
  expectProblem,
  newUscc,
  openCase,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  deposit,
  getDisposal,
  OPERATOR,
  OPERATOR2,
  registerBidder,
} from '../support/disposal-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { BANK_USCCS } from '../../libs/persistence/src/seed/seed';

jest.setTimeout(180_000);

/** The bank bears the whole loss: no claims are filed, so a disposal settles on its own. */
const BANK_ONLY = { bankBp: 10000, insurerBp: 0, fundBp: 0, guarantorBp: 0 };

/** A resident ID number with its GB 11643 check character (ISO 7064 MOD 11-2), from 17 digits. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, w, i) => total + w * Number(first17.charAt(i)), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

/** The same code with another check character: a valid format that fails the check. */
const wrongCheck = (code: string): string => code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');

/**
 * Controls on the disposal's market: bidders checked and registered with a deposit before they
 * bid (never the pledgor, its legal representative or the lending bank), a sale below the floor
 * only after a failed round or on a listed ground, a write-off proposed by the bank and approved
 * by an administrator, and the transfer registered by the registration office. Each refusal
 * answers its own code with a Chinese detail, stores nothing and leaves the API's audit entry;
 * each permitted path succeeds with two different users.
 * SHCB-IP-STD: valuation 5,000,000.00 → floor 5,000,000.00 × 0.7 = 3,500,000.00.
 */
describe('controls on the disposal: bidders, deposits, approvals and the transfer', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  /** A defaulted 500,000.00 loan on a patent valued at 5,000,000.00, its disposal started. */
  async function disposing(): Promise<{ caseNumber: string; patent: string; pledgor: string }> {
    const { caseNumber, request } = await openCase(system);
    const on = await businessDate(system);
    await driveTo(system, caseNumber, 'VALUED', { on });
    await act(system, caseNumber, '/credit-approval', { riskSharing: BANK_ONLY }, USERS.approver);
    await driveTo(system, caseNumber, 'REGISTERED', { on });
    await act(system, caseNumber, '/disbursement', {
      reference: `DB-${request.bankReference}`,
      valueDate: on,
    });
    await declareDefault(system, caseNumber, {
      reasonCode: 'BORROWER_WRITTEN_NOTICE',
      reason: 'Borrower ceased trading',
    });
    await act(system, caseNumber, '/disposal');
    return { caseNumber, patent: request.assets[0]!.number, pledgor: request.enterprise.uscc };
  }

  /** The API's audit entry of a refused request on the case: its route, code and status. */
  async function expectRefusalAudited(
    caseNumber: string,
    route: string,
    code: string,
    status = 422,
  ): Promise<void> {
    const rows = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT payload FROM audit_log
              WHERE action = 'API_REQUEST' AND subject_type = 'CASE' AND subject_id = $1
                AND payload->>'route' = $2 AND payload->'outcome'->>'code' = $3`,
            [caseNumber, route, code],
          )
        ).rows,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].payload.outcome.status).toBe(status);
  }

  /** A refusal: its status and code, a Chinese detail, and its audit entry. */
  async function expectRefused(
    caseNumber: string,
    path: string,
    body: object,
    who: string,
    status: number,
    code: string,
  ): Promise<Json> {
    const problem = expectProblem(
      await attempt(system, caseNumber, `/disposal${path}`, body, who),
      status,
      code,
    );
    expect(problem.detailZh).toMatch(/[\u4e00-\u9fff]/);
    const route = `/api/v1/cases/:id/disposal${path.replace(/\/B\d+\//, '/:bidderId/')}`;
    await expectRefusalAudited(caseNumber, route, code, status);
    return problem;
  }

  const count = (db: PgClient, table: string, caseNumber: string) =>
    db
      .query(`SELECT count(*)::int AS n FROM ${table} WHERE case_number = $1`, [caseNumber])
      .then((r) => r.rows[0].n as number);

  it('refuses the pledgor, its legal representative, the lending bank and invalid identities as bidders; two operators register others', async () => {
    const { caseNumber, pledgor } = await disposing();
    await act(system, caseNumber, '/disposal/method', { method: 'AUCTION' });
    const today = await businessDate(system);
    const legalRep = await withDb(system, async (db) => {
      const rows = await db.query(`SELECT legal_rep_id_number FROM enterprise WHERE uscc = $1`, [
        pledgor,
      ]);
      return rows.rows[0].legal_rep_id_number as string;
    });
    const firm = (identity: string) => ({ kind: 'FIRM', identity, name: '竞买公司' });
    const person = (identity: string) => ({ kind: 'PERSON', identity, name: '张三' });
    const refusals: [object, string][] = [
      // The first registration reads the registers: the pledgor is refused by the handler.
      [firm(pledgor), 'BIDDER_IS_PLEDGOR'],
      [person(legalRep), 'BIDDER_IS_LEGAL_REPRESENTATIVE'],
      [firm(BANK_USCCS['BANK-SHCB']!), 'BIDDER_IS_LENDING_BANK'],
      // A USCC and a resident ID whose check characters are wrong.
      [firm(wrongCheck(newUscc())), 'BIDDER_INVALID_USCC'],
      [person(wrongCheck(residentId('31010419850312004'))), 'BIDDER_INVALID_RESIDENT_ID'],
    ];
    for (const [body, code] of refusals) {
      await expectRefused(caseNumber, '/bidders', body, OPERATOR, 422, code);
    }
    await withDb(system, async (db) => {
      expect(await count(db, 'disposal_bidder', caseNumber)).toBe(0);
    });

    // Permitted: one operator registers a firm with its deposit, the other a person.
    const firmBidder = await registerBidder(system, caseNumber, today);
    const personId = residentId('31010419850312004');
    const withPerson = await act(
      system,
      caseNumber,
      '/disposal/bidders',
      person(personId),
      OPERATOR2,
    );
    expect(withPerson.bidders).toEqual([
      expect.objectContaining({ id: firmBidder.bidderId, registeredBy: OPERATOR }),
      expect.objectContaining({
        id: 'B2',
        kind: 'PERSON',
        identity: personId,
        registeredBy: OPERATOR2,
        deposit: null,
      }),
    ]);
    await expectRefused(
      caseNumber,
      '/bidders',
      firm(firmBidder.identity),
      OPERATOR2,
      409,
      'BIDDER_ALREADY_REGISTERED',
    );

    // The database holds the same rules: one registration per identity, never a party.
    await withDb(system, async (db) => {
      expect(await count(db, 'disposal_bidder', caseNumber)).toBe(2);
      await expect(
        db.query(
          `INSERT INTO disposal_bidder (case_number, bidder_id, kind, identity, name, registered_on, registered_by)
           VALUES ($1, 'B9', 'FIRM', $2, 'x', $3, 'test')`,
          [caseNumber, firmBidder.identity, today],
        ),
      ).rejects.toMatchObject({ constraint: 'disposal_bidder_once' });
      await expect(
        db.query(
          `INSERT INTO disposal_bidder (case_number, bidder_id, kind, identity, name, registered_on, registered_by)
           VALUES ($1, 'B9', 'PERSON', $2, 'x', $3, 'test')`,
          [caseNumber, legalRep, today],
        ),
      ).rejects.toMatchObject({ constraint: 'disposal_bidder_not_a_party' });
    });
  });

  it('takes bids only from registered bidders with a deposit recorded on or before the business date', async () => {
    const { caseNumber } = await disposing();
    await act(system, caseNumber, '/disposal/method', { method: 'AUCTION' });
    await act(system, caseNumber, '/disposal/rounds', { startingPrice: '3500000.00' }, OPERATOR);
    const today = await businessDate(system);
    const registered = await act(
      system,
      caseNumber,
      '/disposal/bidders',
      { kind: 'FIRM', identity: newUscc(), name: '竞买公司' },
      OPERATOR,
    );
    const bidderId = registered.bidders[0].id as string;

    await expectRefused(
      caseNumber,
      '/bids',
      { bidderId: 'B7', amount: '3600000.00' },
      OPERATOR,
      422,
      'BIDDER_NOT_REGISTERED',
    );
    await expectRefused(
      caseNumber,
      '/bids',
      { bidderId, amount: '3600000.00' },
      OPERATOR,
      422,
      'BIDDER_DEPOSIT_MISSING',
    );
    await expectRefused(
      caseNumber,
      '/deposits',
      { bidderId, ...deposit(addDays(today, 1), 'DEP-FUTURE') },
      OPERATOR,
      422,
      'DEPOSIT_DATE_IN_FUTURE',
    );
    await withDb(system, async (db) => {
      expect(await count(db, 'disposal_bid', caseNumber)).toBe(0);
      expect(await count(db, 'disposal_bidder_deposit', caseNumber)).toBe(0);
      // A bid row must reference a recorded deposit.
      await expect(
        db.query(
          `INSERT INTO disposal_bid (case_number, seq, round, bidder, amount, bid_at, business_date, recorded_by,
                                     at_or_above_start, bidder_id)
           SELECT $1, 1, 1, identity, 3600000, now(), $3, 'test', true, bidder_id
             FROM disposal_bidder WHERE case_number = $1 AND bidder_id = $2`,
          [caseNumber, bidderId, today],
        ),
      ).rejects.toMatchObject({ constraint: 'disposal_bid_bidder_deposit' });
    });

    // Permitted: the second operator records the deposit, both operators record bids.
    const deposited = await act(
      system,
      caseNumber,
      '/disposal/deposits',
      { bidderId, ...deposit(today, 'DEP-1') },
      OPERATOR2,
    );
    expect(deposited.bidders[0].deposit).toMatchObject({
      amount: '50000.00',
      reference: 'DEP-1',
      paidOn: today,
      recordedBy: OPERATOR2,
    });
    await expectRefused(
      caseNumber,
      '/deposits',
      { bidderId, ...deposit(today, 'DEP-2') },
      OPERATOR,
      409,
      'DEPOSIT_ALREADY_RECORDED',
    );
    const other = await registerBidder(system, caseNumber, today);
    await act(system, caseNumber, '/disposal/bids', { bidderId, amount: '3600000.00' }, OPERATOR);
    await act(
      system,
      caseNumber,
      '/disposal/bids',
      { bidderId: other.bidderId, amount: '3650000.00' },
      OPERATOR2,
    );
    const bids = await withDb(system, async (db) =>
      db.query(
        `SELECT seq, bidder_id, bidder, recorded_by FROM disposal_bid WHERE case_number = $1 ORDER BY seq`,
        [caseNumber],
      ),
    );
    expect(bids.rows).toEqual([
      {
        seq: 1,
        bidder_id: bidderId,
        bidder: registered.bidders[0].identity,
        recorded_by: OPERATOR,
      },
      { seq: 2, bidder_id: other.bidderId, bidder: other.identity, recorded_by: OPERATOR2 },
    ]);
  });

  it('approves a sale below the floor with no failed round only on a listed ground', async () => {
    const grounds = await (
      await system.as(USERS.admin)
    ).get('/api/v1/disposal-lookups/below-floor-grounds');
    expectOk(grounds, 200);
    expect(grounds.body.items).toEqual([
      { code: 'ASSET_LAPSING_SOON', en: expect.any(String), zh: '权利即将失效' },
      { code: 'COURT_ORDER', en: expect.any(String), zh: '法院裁定' },
      { code: 'NO_MARKET_EVALUATOR_OPINION', en: expect.any(String), zh: '评估机构意见无市场' },
      { code: 'COSTS_EXCEED_VALUE', en: expect.any(String), zh: '处置费用超过价值' },
    ]);

    const { caseNumber } = await disposing();
    await act(system, caseNumber, '/disposal/method', { method: 'NEGOTIATED_TRANSFER' });
    // Proposed by one user of the bank …
    await act(
      system,
      caseNumber,
      '/disposal/sale',
      { method: 'NEGOTIATED_TRANSFER', buyer: newUscc(), price: '300000.00' },
      USERS.officer2,
    );
    const reason = 'Court ruling orders the sale at the offered price';
    await expectRefused(
      caseNumber,
      '/sale/approve',
      { reason },
      USERS.admin,
      422,
      'BELOW_FLOOR_NEEDS_FAILED_ROUND_OR_GROUND',
    );
    await expectRefused(
      caseNumber,
      '/sale/approve',
      { reason, ground: 'BANK_PREFERS_IT' },
      USERS.admin,
      422,
      'UNKNOWN_BELOW_FLOOR_GROUND',
    );
    const waiting = await getDisposal(system, caseNumber);
    expect(waiting).toMatchObject({ status: 'AWAITING_APPROVAL', sale: { approval: null } });

    // … approved by an administrator on a listed ground.
    const approved = await act(
      system,
      caseNumber,
      '/disposal/sale/approve',
      { reason, ground: 'COURT_ORDER' },
      USERS.admin,
    );
    expect(approved).toMatchObject({
      status: 'SALE_AGREED',
      sale: {
        proposedBy: USERS.officer2,
        approval: { userId: USERS.admin, reason, ground: 'COURT_ORDER' },
      },
    });
  });

  it('writes off only on a bank proposal approved by an administrator, never by its proposer', async () => {
    const { caseNumber } = await disposing();
    // The bank can no longer write off alone: its write-off is a proposal.
    expectProblem(
      await attempt(system, caseNumber, '/disposal/write-off/approve', {}, USERS.approver),
      403,
      'ROLE_FORBIDDEN',
    );
    const reason = 'No market for a lapsed utility model';
    const proposed = await act(
      system,
      caseNumber,
      '/disposal/write-off',
      { reason },
      USERS.approver,
    );
    expect(proposed).toMatchObject({
      status: 'AWAITING_WRITE_OFF_APPROVAL',
      writeOffProposal: { reason, proposedBy: USERS.approver, approvedBy: null },
    });
    await withDb(system, async (db) => {
      expect(await count(db, 'loan_write_off', caseNumber)).toBe(0);
      const rows = await db.query(
        `SELECT proposed_by, approved_by FROM disposal_write_off_approval WHERE case_number = $1`,
        [caseNumber],
      );
      expect(rows.rows).toEqual([{ proposed_by: USERS.approver, approved_by: null }]);
      // The row itself refuses an approver who is the proposer.
      await expect(
        db.query(
          `UPDATE disposal_write_off_approval SET approved_by = proposed_by, approved_on = proposed_on
            WHERE case_number = $1`,
          [caseNumber],
        ),
      ).rejects.toMatchObject({ constraint: 'disposal_write_off_four_eyes' });
    });

    const written = await act(system, caseNumber, '/disposal/write-off/approve', {}, USERS.admin);
    expect(written).toMatchObject({
      status: 'WRITTEN_OFF',
      writeOff: { reason, by: USERS.admin },
      writeOffProposal: { proposedBy: USERS.approver, approvedBy: USERS.admin },
    });
    await withDb(system, async (db) => {
      const rows = await db.query(
        `SELECT amount::text, reason FROM loan_write_off WHERE case_number = $1`,
        [caseNumber],
      );
      // The principal and the contract interest since the disbursement, one day (the default
      // came the day after it): 500,000.00 × 0.0345 / 360 = 47.916… → 47.92.
      expect(rows.rows).toEqual([{ amount: '500047.92', reason }]);
    });
  });

  it('moves the owner only when the registration office registers the transfer', async () => {
    const { caseNumber, patent, pledgor } = await disposing();
    await act(system, caseNumber, '/disposal/method', { method: 'NEGOTIATED_TRANSFER' });
    const buyer = newUscc();
    await act(system, caseNumber, '/disposal/sale', {
      method: 'NEGOTIATED_TRANSFER',
      buyer,
      price: '3500000.00',
    });
    const today = await businessDate(system);
    const registration = (registeredOn: string) => ({
      registrationNumber: `ZR-${caseNumber.slice(-16)}`,
      registeredOn,
    });
    // Nothing to register before the sale completes.
    await expectRefused(
      caseNumber,
      '/transfer-registration',
      registration(today),
      USERS.clerk,
      409,
      'NO_PENDING_TRANSFER',
    );
    const completed = await act(system, caseNumber, '/disposal/sale/complete', {
      costs: '10000.00',
    });
    expect(completed).toMatchObject({
      status: 'TRANSFER_PENDING',
      transfer: { buyer, requestedOn: today, registrationNumber: null },
    });
    // The register keeps the pledgor and shows the pending transfer; the clerks have a work item.
    const asset = async () => {
      const res = await (await system.as(USERS.clerk)).get(`/api/v1/assets/${patent}`);
      expectOk(res, 200);
      return res.body as Json;
    };
    expect(await asset()).toMatchObject({
      owners: [pledgor],
      pendingTransfer: { transferId: `${caseNumber}-T`, toOwner: buyer, requestedOn: today },
    });
    const workItems = () =>
      withDb(system, async (db) =>
        db.query(
          `SELECT organisation_id, role, done_on IS NOT NULL AS done FROM work_item
            WHERE kind = 'TRANSFER_REGISTRATION' AND subject = $1`,
          [`${caseNumber}-T`],
        ),
      );
    expect((await workItems()).rows).toEqual([
      { organisation_id: 'REG-SH', role: 'REGISTRATION_CLERK', done: false },
    ]);

    expectProblem(
      await attempt(
        system,
        caseNumber,
        '/disposal/transfer-registration',
        registration(today),
        USERS.officer,
      ),
      403,
      'ROLE_FORBIDDEN',
    );
    await expectRefused(
      caseNumber,
      '/transfer-registration',
      registration(addDays(today, -1)),
      USERS.clerk,
      422,
      'TRANSFER_DATE_BEFORE_SALE',
    );
    await expectRefused(
      caseNumber,
      '/transfer-registration',
      registration(addDays(today, 1)),
      USERS.clerk,
      422,
      'TRANSFER_DATE_IN_FUTURE',
    );
    expect((await asset()).owners).toEqual([pledgor]);
    await withDb(system, async (db) => {
      expect(await count(db, 'asset_transfer', caseNumber)).toBe(0);
    });

    // Permitted: the bank completed the sale, the clerk registers the transfer.
    const registered = await act(
      system,
      caseNumber,
      '/disposal/transfer-registration',
      registration(today),
      USERS.clerk,
    );
    expect(registered).toMatchObject({
      status: 'COMPLETED',
      transfer: { registrationNumber: `ZR-${caseNumber.slice(-16)}`, registeredBy: USERS.clerk },
    });
    expect(await asset()).toMatchObject({ owners: [buyer], pendingTransfer: null });
    expect((await workItems()).rows).toEqual([
      { organisation_id: 'REG-SH', role: 'REGISTRATION_CLERK', done: true },
    ]);
    await withDb(system, async (db) => {
      const rows = await db.query(
        `SELECT transfer_number, from_owners, to_owner, ground, to_char(registered_on, 'YYYY-MM-DD') AS on
           FROM asset_transfer WHERE case_number = $1`,
        [caseNumber],
      );
      expect(rows.rows).toEqual([
        {
          transfer_number: `ZR-${caseNumber.slice(-16)}`,
          from_owners: [pledgor],
          to_owner: buyer,
          ground: 'PLEDGE_REALISED',
          on: today,
        },
      ]);
    });
  });
});

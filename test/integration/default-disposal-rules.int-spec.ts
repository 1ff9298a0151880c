import {
  act,
  addDays,
  advanceTo,
  attempt,
  businessDate,
  declareDefault,
  driveTo,
  expectCaseStatus,
  expectProblem,
  getCase,
  newUscc,
  openCase,
  RISK_SHARING,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  disposalPerformerOf,
  OPERATOR,
  OPERATOR2,
  registerBidder,
  registerTransfer,
  writeOffApproved,
} from '../support/disposal-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { daysBetween } from '../../libs/domain/src/business-date';

jest.setTimeout(120_000);

const INSURER = 'insurer.anxin';
const FUND = 'fund.manager';

/** The bank bears the whole loss: no claims are filed, so a disposal settles on its own. */
const BANK_ONLY = { bankBp: 10000, insurerBp: 0, fundBp: 0, guarantorBp: 0 };

/**
 * Issue 5, acceptance: who may declare a default and that a reason is required; the auction's
 * floor, step cut and number of rounds; a private sale below the floor refused without an
 * administrator's approval and completed with one; a write-off with its reason.
 * SHCB-IP-STD: valuation 5,000,000.00 → floor 5,000,000.00 × 0.7 = 3,500,000.00.
 */
describe('default and disposal: declaring a default and the disposal rules', () => {
  let system: TestSystem;
  let today: string;

  beforeAll(async () => {
    system = await startTestSystem();
    today = await businessDate(system);
  });

  afterAll(async () => {
    await system.close();
  });

  /**
   * An ACTIVE 500,000.00 loan disbursed on the first business date, on a patent valued at
   * 5,000,000.00; by default the bank bears the whole loss.
   */
  async function activeLoan(
    riskSharing: object = BANK_ONLY,
  ): Promise<{ caseNumber: string; patent: string; pledgor: string }> {
    const { caseNumber, request } = await openCase(system);
    // The current business date: a contract cannot be signed before the approval given today.
    const on = await businessDate(system);
    await driveTo(system, caseNumber, 'VALUED', { on });
    await act(system, caseNumber, '/credit-approval', { riskSharing }, USERS.approver);
    await driveTo(system, caseNumber, 'REGISTERED', { on });
    const active = await act(system, caseNumber, '/disbursement', {
      reference: `DB-${request.bankReference}`,
      valueDate: on,
    });
    expect(active.status).toBe('ACTIVE');
    return { caseNumber, patent: request.assets[0]!.number, pledgor: request.enterprise.uscc };
  }

  const disposalStep = (
    caseNumber: string,
    path: string,
    body: object = {},
    who: string = disposalPerformerOf(path),
  ) => attempt(system, caseNumber, `/disposal${path}`, body, who);

  it('lets only the bank declare a default, and only with a reason', async () => {
    const { caseNumber } = await activeLoan();
    const propose = (body: object, who: string = USERS.officer) =>
      attempt(system, caseNumber, '/default', body, who);

    // Roles without a default to propose are refused: a party to the case (the valuation firm)
    // at the door, an insurer not yet party to it does not even see it …
    expectProblem(await propose({ reasonCode: 'FRAUD' }, USERS.evaluator), 403, 'ROLE_FORBIDDEN');
    expectProblem(await propose({ reasonCode: 'FRAUD' }, 'insurer.anxin'), 404, 'CASE_NOT_FOUND');
    // … the credit approver confirms, never proposes …
    expectProblem(await propose({ reasonCode: 'FRAUD' }, USERS.approver), 403, 'ROLE_FORBIDDEN');
    // … another bank does not even see the case …
    expectProblem(
      await propose({ reasonCode: 'FRAUD' }, USERS.otherBankOfficer),
      404,
      'CASE_NOT_FOUND',
    );
    // … nothing may be proposed on the disbursement date …
    expectProblem(await propose({ reasonCode: 'FRAUD' }), 422, 'DEFAULT_ON_DISBURSEMENT_DATE');
    await advanceTo(system, addDays(today, 1));
    // … and the bank itself must say why.
    expectProblem(await propose({ reason: 'x' }), 422, 'DEFAULT_REASON_REQUIRED');
    expectProblem(await propose({ reasonCode: '   ' }), 422, 'DEFAULT_REASON_REQUIRED');
    await expectCaseStatus(system, caseNumber, 'ACTIVE');

    const reason = 'court accepted a bankruptcy petition';
    const declared = await declareDefault(system, caseNumber, {
      reasonCode: 'INSOLVENCY_FILING',
      reason,
    });
    expect(declared.status).toBe('COMPENSATION');
    expect(declared.default).toMatchObject({
      kind: 'DECLARED',
      on: addDays(today, 1),
      reason: `INSOLVENCY_FILING: ${reason}`,
      declaredBy: { userId: USERS.approver, role: 'CREDIT_APPROVER' },
      daysPastDue: 0,
      principalOutstanding: '500000.00',
      interestOutstanding: '0.00',
      // The bank bears it all: no claim is filed.
      shares: { bank: '500000.00', insurer: '0.00', fund: '0.00', guarantor: '0.00' },
    });
    expect(declared.compensationClaims).toEqual([]);
    expectProblem(await propose({ reasonCode: 'FRAUD' }), 409, 'INVALID_TRANSITION');
    await withDb(system, async (db) => {
      const rows = await db.query(
        `SELECT kind, declared_by, reason FROM loan_default WHERE case_number = $1`,
        [caseNumber],
      );
      expect(rows.rows).toEqual([
        { kind: 'DECLARED', declared_by: USERS.approver, reason: `INSOLVENCY_FILING: ${reason}` },
      ]);
    });
  });

  it('holds the auction to its floor, step and rounds, and a sale below the floor to an administrator approval', async () => {
    const { caseNumber, patent, pledgor } = await activeLoan();
    await declareDefault(system, caseNumber, {
      reasonCode: 'FRAUD',
      reason: 'Fraudulent use of funds discovered',
    });
    expect((await act(system, caseNumber, '/disposal')).status).toBe('DISPOSAL');
    // The valuation of the case is still valid: no refresh needed.
    await act(system, caseNumber, '/disposal/method', { method: 'AUCTION' });

    // Round 1 must start at the floor or above: 3,499,999.99 < 3,500,000.00.
    const belowFloor = expectProblem(
      await disposalStep(caseNumber, '/rounds', { startingPrice: '3499999.99' }),
      422,
      'STARTING_PRICE_BELOW_FLOOR',
    );
    expect(belowFloor.details).toMatchObject({ round: 1, minimum: '3500000.00' });
    // Bids are the exchange's to record, and only while a round is open.
    expectProblem(
      await disposalStep(caseNumber, '/bids', { bidderId: 'B1', amount: '3600000.00' }),
      409,
      'NO_OPEN_ROUND',
    );
    const round1 = await act(
      system,
      caseNumber,
      '/disposal/rounds',
      { startingPrice: '3500000.00' },
      OPERATOR,
    );
    expectProblem(
      await disposalStep(caseNumber, '/bids', { bidderId: 'B1', amount: '1.00' }, USERS.evaluator),
      403,
      'ROLE_FORBIDDEN',
    );
    // The round lasts five working days.
    await advanceTo(system, round1.rounds[0].closesOn);

    // Round 2 may cut at most 20 %: 3,500,000.00 × 0.8 = 2,800,000.00.
    const cut = expectProblem(
      await disposalStep(caseNumber, '/rounds', { startingPrice: '2799999.99' }),
      422,
      'PRICE_CUT_TOO_LARGE',
    );
    expect(cut.details).toMatchObject({ round: 2, minimum: '2800000.00' });
    const round2 = await act(
      system,
      caseNumber,
      '/disposal/rounds',
      { startingPrice: '2800000.00' },
      OPERATOR,
    );
    await advanceTo(system, round2.rounds[1].closesOn);
    const failed = await disposal(caseNumber);
    expect(failed.status).toBe('AUCTION_FAILED');
    expect(failed.rounds.map((r: Json) => [r.round, r.startingPrice, r.outcome])).toEqual([
      [1, '3500000.00', 'UNSOLD'],
      [2, '2800000.00', 'UNSOLD'],
    ]);
    // Two rounds is all the product allows.
    expectProblem(
      await disposalStep(caseNumber, '/rounds', { startingPrice: '2800000.00' }),
      409,
      'TOO_MANY_ROUNDS',
    );

    // A negotiated transfer at 1,200,000.00, below the floor of 3,500,000.00.
    const buyer = newUscc();
    const proposed = await act(system, caseNumber, '/disposal/sale', {
      method: 'NEGOTIATED_TRANSFER',
      buyer,
      price: '1200000.00',
    });
    expect(proposed).toMatchObject({
      status: 'AWAITING_APPROVAL',
      sale: {
        method: 'NEGOTIATED_TRANSFER',
        price: '1200000.00',
        belowFloor: true,
        approval: null,
      },
    });
    const refused = expectProblem(
      await disposalStep(caseNumber, '/sale/complete', { costs: '20000.00' }),
      422,
      'ADMINISTRATOR_APPROVAL_REQUIRED',
    );
    expect(refused.details).toMatchObject({ price: '1200000.00', floor: '3500000.00' });
    expectProblem(
      await disposalStep(caseNumber, '/sale/approve', { reason: 'I agree' }, USERS.officer),
      403,
      'ROLE_FORBIDDEN',
    );
    expectProblem(
      await disposalStep(caseNumber, '/sale/approve', {}, USERS.admin),
      422,
      'REASON_REQUIRED',
    );
    await expectCaseStatus(system, caseNumber, 'DISPOSAL');
    expect((await disposal(caseNumber)).status).toBe('AWAITING_APPROVAL');

    const approvalReason = 'Two auction rounds failed; the only offer in a thin market';
    const approved = await act(
      system,
      caseNumber,
      '/disposal/sale/approve',
      { reason: approvalReason },
      USERS.admin,
    );
    expect(approved).toMatchObject({
      status: 'SALE_AGREED',
      sale: { approval: { userId: USERS.admin, reason: approvalReason } },
    });
    const completed = await act(system, caseNumber, '/disposal/sale/complete', {
      costs: '20000.00',
    });
    expect(completed).toMatchObject({ status: 'TRANSFER_PENDING', transfer: { buyer } });

    // No instalment is due yet: the bank's interest is the contract interest from the
    // disbursement to the settlement when round 2 closed, actual/360 on the principal, half up
    // to the fen; the proceeds of 1,200,000.00 less 20,000.00 costs pay it, then the 500,000.00
    // principal, all the bank's; the pledgor gets the rest; nothing is written off.
    const closed = await expectCaseStatus(system, caseNumber, 'CLOSED');
    const disbursedOn = (closed.disbursement as { valueDate: string }).valueDate;
    const settledOn = (closed.settlement as { settledOn: string }).settledOn;
    const days = daysBetween(disbursedOn, settledOn);
    expect(days).toBeGreaterThanOrEqual(14);
    const interestFen =
      (50_000_000n * 345n * BigInt(days) * 2n + 10_000n * 360n) / (10_000n * 360n * 2n);
    const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
    const pledgorFen = 120_000_000n - 2_000_000n - interestFen - 50_000_000n;
    expect(closed.settlement).toMatchObject({
      settledOn,
      interestDue: yuan(interestFen),
      costs: '20000.00',
      bankInterest: yuan(interestFen),
      bankPrincipal: '500000.00',
      fund: '0.00',
      insurer: '0.00',
      pledgor: yuan(pledgorFen),
      unrecovered: '0.00',
      interestBasis: {
        scheduled: '0.00',
        penalty: '0.00',
        lines: [
          expect.objectContaining({
            kind: 'CONTRACT',
            principalBase: '500000.00',
            annualRate: '0.0345',
            from: disbursedOn,
            to: settledOn,
            days,
            amount: yuan(interestFen),
          }),
        ],
      },
    });
    expect(closed.closure).toMatchObject({ kind: 'CLOSED', writeOff: null });
    await withDb(system, async (db) => {
      const approvals = await db.query(
        `SELECT actor_user_id, actor_role, payload->>'reason' AS reason FROM disposal_event
          WHERE case_number = $1 AND event = 'APPROVE_SALE'`,
        [caseNumber],
      );
      expect(approvals.rows).toEqual([
        { actor_user_id: USERS.admin, actor_role: 'ADMINISTRATOR', reason: approvalReason },
      ]);
      // The register keeps the pledgor until the registration office registers the transfer.
      const owner = await db.query(`SELECT owners FROM ip_asset WHERE number = $1`, [patent]);
      expect(owner.rows).toEqual([{ owners: [pledgor] }]);
    });
    const registered = await registerTransfer(system, caseNumber, completed.completion.on);
    expect(registered.status).toBe('COMPLETED');
    await withDb(system, async (db) => {
      const owner = await db.query(`SELECT owners FROM ip_asset WHERE number = $1`, [patent]);
      expect(owner.rows).toEqual([{ owners: [buyer] }]);
    });
  });

  it('writes the loan off with a reason and waives the pledge', async () => {
    const { caseNumber, patent, pledgor } = await activeLoan();
    await declareDefault(system, caseNumber, { reason: 'Borrower has disappeared' });
    await act(system, caseNumber, '/disposal');
    expectProblem(
      await disposalStep(caseNumber, '/write-off', { reason: '' }),
      422,
      'REASON_REQUIRED',
    );
    const reason = 'The patent was invalidated; nothing left to sell';
    const written = await writeOffApproved(system, caseNumber, reason);
    expect(written.status).toBe('WRITTEN_OFF');
    const closed = await getCase(system, caseNumber);
    // Nothing recovered: the principal of 500,000.00 is written off with the contract interest
    // since the disbursement, one day (a default may not come on the disbursement date):
    // 500,000.00 × 0.0345 / 360 = 47.916… → 47.92.
    expect(closed).toMatchObject({
      status: 'CLOSED',
      closure: { writeOff: { amount: '500047.92', reason } },
      settlement: { proceeds: '0.00', unrecovered: '500047.92' },
    });
    expect(
      daysBetween(
        (closed.disbursement as { valueDate: string }).valueDate,
        closed.settlement.settledOn,
      ),
    ).toBe(1);
    await withDb(system, async (db) => {
      const pledges = await db.query(
        `SELECT status, release_ground FROM pledge WHERE case_number = $1`,
        [caseNumber],
      );
      expect(pledges.rows).toEqual([{ status: 'RELEASED', release_ground: 'PLEDGEE_WAIVED' }]);
      const owner = await db.query(`SELECT owners FROM ip_asset WHERE number = $1`, [patent]);
      expect(owner.rows).toEqual([{ owners: [pledgor] }]);
    });
  });

  it("keeps each claim to its payer, its order of steps and the fund's trigger", async () => {
    const { caseNumber } = await activeLoan(RISK_SHARING);
    // The loan was disbursed today; the default comes a day later.
    const declaredOn = addDays(await businessDate(system), 1);
    const declared = await declareDefault(system, caseNumber, { reasonCode: 'FRAUD' });
    expect(declared.default.on).toBe(declaredOn);
    // Nothing was past due: non-performing from the default, eligible 60 days later.
    // Shares of 500,000.00: insurer 16 % = 80,000.00, fund 54 % = 270,000.00.
    expect(
      (declared.compensationClaims as Json[]).map((c) => [c.payer, c.share, c.eligibleOn]),
    ).toEqual([
      ['INSURER', '80000.00', declaredOn],
      ['FUND', '270000.00', addDays(declaredOn, 60)],
    ]);
    const fundClaim = `${caseNumber}-FUND`;
    const insuranceClaim = `${caseNumber}-INS`;
    const early = expectProblem(
      await attempt(system, caseNumber, `/compensation-claims/${fundClaim}/review`, {}, FUND),
      422,
      'FUND_TRIGGER_NOT_REACHED',
    );
    expect(early.details).toMatchObject({
      eligibleOn: addDays(declaredOn, 60),
      triggerDaysNonPerforming: 60,
    });
    // The fund cannot pay before reviewing, nor act on the insurer's claim; the insurer cannot
    // review, and the fund's claim is not an insurance claim.
    expectProblem(
      await attempt(
        system,
        caseNumber,
        `/compensation-claims/${fundClaim}/pay`,
        { reference: `EARLY-${caseNumber}` },
        FUND,
      ),
      409,
      'INVALID_CLAIM_STATUS',
    );
    expectProblem(
      await attempt(system, caseNumber, `/compensation-claims/${insuranceClaim}/review`, {}, FUND),
      404,
      'CLAIM_NOT_FOUND',
    );
    expectProblem(
      await attempt(system, caseNumber, `/compensation-claims/${fundClaim}/review`, {}, INSURER),
      403,
      'ROLE_FORBIDDEN',
    );
    expectProblem(
      await attempt(system, caseNumber, `/compensation-claims/${fundClaim}/confirm`, {}, INSURER),
      404,
      'CLAIM_NOT_FOUND',
    );
    const confirmed = await act(
      system,
      caseNumber,
      `/compensation-claims/${insuranceClaim}/confirm`,
      {},
      INSURER,
    );
    expect(confirmed.compensationClaims[0]).toMatchObject({
      status: 'CONFIRMED',
      steps: [{ status: 'CONFIRMED', userId: INSURER, role: 'INSURER', on: declaredOn }],
    });
    expectProblem(
      await attempt(
        system,
        caseNumber,
        `/compensation-claims/${insuranceClaim}/confirm`,
        {},
        INSURER,
      ),
      409,
      'INVALID_CLAIM_STATUS',
    );
  });

  it("leaves the rounds to the exchange: the bank's bid and an early close are refused, stored nowhere and audited; two operators record bids", async () => {
    const { caseNumber } = await activeLoan();
    await declareDefault(system, caseNumber, { reason: 'Business ceased' });
    await act(system, caseNumber, '/disposal');
    await act(system, caseNumber, '/disposal/method', { method: 'AUCTION' });
    // The bank may no longer open a round or record a bid; the exchange's operator opens it.
    expectProblem(
      await disposalStep(caseNumber, '/rounds', { startingPrice: '3500000.00' }, USERS.officer),
      403,
      'ROLE_FORBIDDEN',
    );
    const opened = await act(
      system,
      caseNumber,
      '/disposal/rounds',
      { startingPrice: '3500000.00' },
      OPERATOR,
    );
    expect(opened.rounds[0]).toMatchObject({ round: 1, outcome: 'OPEN', openedBy: OPERATOR });
    expectProblem(
      await disposalStep(
        caseNumber,
        '/bids',
        { bidderId: 'B1', amount: '3600000.00' },
        USERS.officer,
      ),
      403,
      'ROLE_FORBIDDEN',
    );
    // Closing before the round's end is refused.
    const early = expectProblem(
      await disposalStep(caseNumber, '/rounds/close'),
      409,
      'ROUND_NOT_ENDED',
    );
    expect(early.details).toMatchObject({ round: 1, closesOn: opened.rounds[0].closesOn });
    expect(await disposal(caseNumber)).toMatchObject({ bids: [], rounds: [{ outcome: 'OPEN' }] });
    // Two different operators record bids of registered bidders with their deposits.
    const on = await businessDate(system);
    const first = await registerBidder(system, caseNumber, on);
    const second = await registerBidder(system, caseNumber, on);
    await act(
      system,
      caseNumber,
      '/disposal/bids',
      { bidderId: first.bidderId, amount: '3600000.00' },
      OPERATOR,
    );
    await act(
      system,
      caseNumber,
      '/disposal/bids',
      { bidderId: second.bidderId, amount: '3700000.00' },
      OPERATOR2,
    );
    const bids = (await disposal(caseNumber)).bids as Json[];
    expect(bids.map((b) => b.recordedBy)).toEqual([OPERATOR, OPERATOR2]);

    // Each refusal has its audit entry with its code.
    const admin = await system.as(USERS.admin);
    const items: Json[] = [];
    for (let afterSeq = 0; ; ) {
      const query = new URLSearchParams({
        subjectType: 'CASE',
        subjectId: caseNumber,
        afterSeq: String(afterSeq),
        limit: '50',
      });
      const res = await admin.get(`/api/v1/audit/entries?${query}`);
      expect(res.status).toBe(200);
      items.push(...(res.body.items as Json[]));
      if (res.body.nextAfterSeq === null) break;
      afterSeq = res.body.nextAfterSeq as number;
    }
    const outcomes = items
      .filter((e) => e.action === 'API_REQUEST')
      .map((e) => [e.payload.route, e.actor.username, e.payload.outcome]);
    // The role guard refuses the bank at the door (403, before any workflow call) and audits
    // it; the exchange's refused close and the operators' steps are audited with their outcome.
    const forbidden = { status: 403, code: 'ROLE_FORBIDDEN' };
    expect(outcomes.filter(([route]) => String(route).includes('/disposal/'))).toEqual([
      ['/api/v1/cases/:id/disposal/method', USERS.officer, { status: 200 }],
      ['/api/v1/cases/:id/disposal/rounds', USERS.officer, forbidden],
      ['/api/v1/cases/:id/disposal/rounds', OPERATOR, { status: 200 }],
      ['/api/v1/cases/:id/disposal/bids', USERS.officer, forbidden],
      [
        '/api/v1/cases/:id/disposal/rounds/close',
        OPERATOR,
        { status: 409, code: 'ROUND_NOT_ENDED' },
      ],
      ['/api/v1/cases/:id/disposal/bidders', OPERATOR, { status: 200 }],
      ['/api/v1/cases/:id/disposal/bidders', OPERATOR, { status: 200 }],
      ['/api/v1/cases/:id/disposal/bids', OPERATOR, { status: 200 }],
      ['/api/v1/cases/:id/disposal/bids', OPERATOR2, { status: 200 }],
    ]);
  });

  async function disposal(caseNumber: string): Promise<Json> {
    const res = await (await system.as(USERS.officer)).get(`/api/v1/cases/${caseNumber}/disposal`);
    expect(res.status).toBe(200);
    return res.body;
  }
});

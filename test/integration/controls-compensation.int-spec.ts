import {
  act,
  advanceTo,
  attempt,
  businessDate,
  declareDefault,
  driveTo,
  expectOk,
  expectProblem,
  getCase,
  openCase,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  claimOf,
  FUND_MANAGER,
  FUND_PAYER,
  fundClaimId,
  INSURER,
  INSURER_PAYER,
  insuranceClaimId,
} from '../support/disposal-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(180_000);

const PAY_ROUTE = '/api/v1/cases/:id/compensation-claims/:claimId/pay';

/**
 * Issue 10, maker-checker on compensation: the insurer's user who confirms a claim does not pay
 * it, the fund's user who reviews a claim does not pay it (checked by user id in the loan-case
 * workflow's validator), and a payment reference is unique per payer organisation (the API
 * against the stored payments, the validator against the case's claims, a unique index on
 * (payer organisation, reference)). Each refusal: its code, nothing stored, the request's
 * API_REQUEST audit entry with that code.
 */
describe('controls: compensation maker-checker and payment references', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  /** A defaulted 500,000.00 loan whose loss is shared (insurer 16 %, fund 54 %). */
  async function defaultedLoan(): Promise<string> {
    const { caseNumber, request } = await openCase(system);
    // Each default moves the business date on a day (none on the disbursement date).
    const today = await businessDate(system);
    await driveTo(system, caseNumber, 'REGISTERED', { on: today });
    await act(system, caseNumber, '/disbursement', {
      reference: `DB-${request.bankReference}`,
      valueDate: today,
    });
    const declared = await declareDefault(system, caseNumber, { reasonCode: 'FRAUD' });
    expect(declared.status).toBe('COMPENSATION');
    return caseNumber;
  }

  /** The API_REQUEST entries of a case's payment requests, oldest first. */
  async function paymentRequests(caseNumber: string): Promise<Json[]> {
    return withDb(system, async (db) => {
      const rows = await db.query(
        `SELECT actor_username AS username, actor_role AS role, payload FROM audit_log
          WHERE action = 'API_REQUEST' AND subject_type = 'CASE' AND subject_id = $1
            AND payload->>'route' = $2
          ORDER BY seq`,
        [caseNumber, PAY_ROUTE],
      );
      return rows.rows as Json[];
    });
  }

  async function paymentsOf(claimId: string): Promise<Json[]> {
    return withDb(system, async (db) => {
      const rows = await db.query(
        `SELECT reference, payer_org_id, paid_by FROM compensation_payment WHERE claim_id = $1`,
        [claimId],
      );
      return rows.rows as Json[];
    });
  }

  async function claimStatus(claimId: string): Promise<string> {
    return withDb(system, async (db) => {
      const rows = await db.query(`SELECT status FROM compensation_claim WHERE claim_id = $1`, [
        claimId,
      ]);
      return rows.rows[0].status as string;
    });
  }

  async function fundPaid(): Promise<string> {
    return withDb(system, async (db) => {
      const rows = await db.query(
        `SELECT paid_fen::text AS paid FROM compensation_fund WHERE code = 'FUND-SH-SME-IP'`,
      );
      return rows.rows[0].paid as string;
    });
  }

  let caseA: string;
  let caseB: string;

  it('refuses the insurer user who confirmed the claim as its payer, storing nothing', async () => {
    caseA = await defaultedLoan();
    const claim = insuranceClaimId(caseA);
    await act(system, caseA, `/compensation-claims/${claim}/confirm`, {}, INSURER);

    const refused = expectProblem(
      await attempt(
        system,
        caseA,
        `/compensation-claims/${claim}/pay`,
        { reference: 'SHARED-REF-1' },
        INSURER,
      ),
      422,
      'COMPENSATION_CONFIRMER_CANNOT_PAY',
    );
    expect(refused.detailZh).toMatch(/[\u4e00-\u9fff]/);
    expect(await paymentsOf(claim)).toEqual([]);
    expect(await claimStatus(claim)).toBe('CONFIRMED');
    expect(claimOf(await getCase(system, caseA), claim)).toMatchObject({ status: 'CONFIRMED' });
    const requests = await paymentRequests(caseA);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      username: INSURER,
      role: 'INSURER',
      payload: {
        params: { id: caseA, claimId: claim },
        outcome: { status: 422, code: 'COMPENSATION_CONFIRMER_CANNOT_PAY' },
      },
    });
  });

  it('lets a second insurer user pay the claim the first confirmed', async () => {
    const claim = insuranceClaimId(caseA);
    const paid = await act(
      system,
      caseA,
      `/compensation-claims/${claim}/pay`,
      { reference: 'SHARED-REF-1' },
      INSURER_PAYER,
    );
    expect(claimOf(paid, claim)).toMatchObject({ status: 'PAID' });
    expect(await paymentsOf(claim)).toEqual([
      { reference: 'SHARED-REF-1', payer_org_id: 'INS-ANXIN', paid_by: INSURER_PAYER },
    ]);
    const requests = await paymentRequests(caseA);
    expect(requests.map((r) => r.payload.outcome)).toEqual([
      { status: 422, code: 'COMPENSATION_CONFIRMER_CANNOT_PAY' },
      { status: 200 },
    ]);
  });

  it('refuses a payment reference the insurer already used on another claim, storing nothing', async () => {
    caseB = await defaultedLoan();
    const claim = insuranceClaimId(caseB);
    await act(system, caseB, `/compensation-claims/${claim}/confirm`, {}, INSURER);

    expectProblem(
      await attempt(
        system,
        caseB,
        `/compensation-claims/${claim}/pay`,
        { reference: 'SHARED-REF-1' },
        INSURER_PAYER,
      ),
      409,
      'PAYMENT_REFERENCE_ALREADY_USED',
    );
    expect(await paymentsOf(claim)).toEqual([]);
    expect(await claimStatus(claim)).toBe('CONFIRMED');
    const requests = await paymentRequests(caseB);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      username: INSURER_PAYER,
      payload: { outcome: { status: 409, code: 'PAYMENT_REFERENCE_ALREADY_USED' } },
    });

    // Under its own reference the same claim is paid.
    const paid = await act(
      system,
      caseB,
      `/compensation-claims/${claim}/pay`,
      { reference: 'SHARED-REF-2' },
      INSURER_PAYER,
    );
    expect(claimOf(paid, claim)).toMatchObject({ status: 'PAID' });
  });

  it('keeps one payment per reference when the same payer pays two claims under it at once', async () => {
    const cases = [await defaultedLoan(), await defaultedLoan()];
    for (const caseNumber of cases)
      await act(
        system,
        caseNumber,
        `/compensation-claims/${insuranceClaimId(caseNumber)}/confirm`,
        {},
        INSURER,
      );
    const payer = await system.as(INSURER_PAYER);
    const responses = await Promise.all(
      cases.map((caseNumber) =>
        payer
          .post(
            `/api/v1/cases/${caseNumber}/compensation-claims/${insuranceClaimId(caseNumber)}/pay`,
          )
          .send({ reference: 'RACE-REF' }),
      ),
    );
    // The API's check or, when both pass it, the unique index refuses the second: same code.
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = cases[responses.findIndex((r) => r.status === 409)]!;
    expect(responses.find((r) => r.status === 409)!.body.code).toBe(
      'PAYMENT_REFERENCE_ALREADY_USED',
    );
    expect(await paymentsOf(insuranceClaimId(loser))).toEqual([]);
    expect(await claimStatus(insuranceClaimId(loser))).toBe('CONFIRMED');
    expect((await paymentRequests(loser))[0]).toMatchObject({
      payload: { outcome: { status: 409, code: 'PAYMENT_REFERENCE_ALREADY_USED' } },
    });
    // The losing case's workflow still takes the payment under another reference.
    const paid = await act(
      system,
      loser,
      `/compensation-claims/${insuranceClaimId(loser)}/pay`,
      { reference: 'RACE-REF-2' },
      INSURER_PAYER,
    );
    expect(claimOf(paid, insuranceClaimId(loser))).toMatchObject({ status: 'PAID' });
  });

  it('has PostgreSQL refuse a second payment of one payer under the same reference', async () => {
    await withDb(system, async (db) => {
      const index = await db.query(
        `SELECT indexdef FROM pg_indexes WHERE indexname = 'compensation_payment_payer_reference_key'`,
      );
      expect(index.rows[0].indexdef).toMatch(/UNIQUE INDEX .*\(payer_org_id, reference\)/);
      await expect(
        db.query(`UPDATE compensation_payment SET reference = 'SHARED-REF-1' WHERE claim_id = $1`, [
          insuranceClaimId(caseB),
        ]),
      ).rejects.toMatchObject({
        code: '23505',
        constraint: 'compensation_payment_payer_reference_key',
      });
    });
    expect(await paymentsOf(insuranceClaimId(caseB))).toEqual([
      { reference: 'SHARED-REF-2', payer_org_id: 'INS-ANXIN', paid_by: INSURER_PAYER },
    ]);
  });

  it('refuses the fund user who reviewed the claim as its payer, storing nothing', async () => {
    const claim = fundClaimId(caseA);
    const eligibleOn = claimOf(await getCase(system, caseA), claim).eligibleOn as string;
    await advanceTo(system, eligibleOn);
    await act(system, caseA, `/compensation-claims/${claim}/review`, {}, FUND_MANAGER);
    const paidBefore = await fundPaid();

    expectProblem(
      await attempt(
        system,
        caseA,
        `/compensation-claims/${claim}/pay`,
        { reference: 'SHARED-REF-1' },
        FUND_MANAGER,
      ),
      422,
      'COMPENSATION_REVIEWER_CANNOT_PAY',
    );
    expect(await paymentsOf(claim)).toEqual([]);
    expect(await claimStatus(claim)).toBe('REVIEWED');
    expect(await fundPaid()).toBe(paidBefore);
    const requests = (await paymentRequests(caseA)).filter(
      (r) => r.payload.params.claimId === claim,
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      username: FUND_MANAGER,
      role: 'FUND_MANAGER',
      payload: { outcome: { status: 422, code: 'COMPENSATION_REVIEWER_CANNOT_PAY' } },
    });
  });

  it("lets a second fund user pay, under a reference the insurer used: references are each payer's own", async () => {
    const claim = fundClaimId(caseA);
    const res = await attempt(
      system,
      caseA,
      `/compensation-claims/${claim}/pay`,
      { reference: 'SHARED-REF-1' },
      FUND_PAYER,
    );
    expectOk(res, 200);
    expect(claimOf(res.body, claim)).toMatchObject({ status: 'PAID' });
    expect(await paymentsOf(claim)).toEqual([
      { reference: 'SHARED-REF-1', payer_org_id: 'FUND-SH-SME', paid_by: FUND_PAYER },
    ]);
  });
});

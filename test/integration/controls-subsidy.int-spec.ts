import {
  advanceTo,
  businessDate,
  expectProblem,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  claimAct,
  claimStep,
  getClaim,
  openLoan,
  policyTerms,
  poolFigures,
  publishPolicy,
  repayOnDueDates,
  submitInterest,
} from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(180_000);

/**
 * Maker-checker on subsidy money: every refusal answers its own code, stores and starts nothing,
 * and leaves the API_REQUEST audit entry of the refused request; every permitted path is taken by
 * two different users.
 */
describe('subsidy controls', () => {
  let system: TestSystem;
  let caseNumber = '';

  beforeAll(async () => {
    system = await startTestSystem();
    expect(await businessDate(system)).toBe('2026-01-15');
    await publishPolicy(
      system,
      'approver.pudong',
      'INTEREST',
      policyTerms({ programme: 'PUDONG-CONTROLS', eligibility: { registeredInDistrict: true } }),
    );
    caseNumber = (await openLoan(system, { amount: '1000000.00', termMonths: 12 }))
      .caseNumber as string;
    await advanceTo(system, '2026-03-15');
    await repayOnDueDates(system, caseNumber, [1, 2]);
  });

  afterAll(async () => {
    await system?.close();
  });

  /** The audit interceptor's entry of a refused request: route, outcome and who sent it. */
  async function refusedRequests(route: string, code: string): Promise<Json[]> {
    return withDb(system, async (db) => {
      const { rows } = await db.query(
        `SELECT actor_username AS username, payload FROM audit_log
          WHERE action = 'API_REQUEST' AND payload->>'route' = $1
            AND payload->'outcome'->>'code' = $2
          ORDER BY seq`,
        [route, code],
      );
      return rows;
    });
  }

  async function approvedClaim(seq: number): Promise<Json> {
    const claim = await submitInterest(system, USERS.officer, {
      caseNumber,
      fromInstalment: seq,
      toInstalment: seq,
    });
    await claimAct(system, claim.id, 'review', 'reviewer.pudong', { note: 'vouchers match' });
    return claimAct(system, claim.id, 'approve', 'approver.pudong');
  }

  describe('subsidy payment', () => {
    it('refuses the approver recording the payment: PAYMENT_BY_APPROVER, nothing stored, audited', async () => {
      const claim = await approvedClaim(1);
      const poolBefore = await poolFigures(system, '310115', 'INTEREST', 2026);
      const res = await claimStep(system, claim.id, 'pay', 'approver.pudong', {
        paymentReference: 'CTRL-PAY-0001',
      });
      expectProblem(res, 422, 'PAYMENT_BY_APPROVER');
      expect(res.body.detailZh).toMatch(/审批人不得登记付款/);
      const after = await getClaim(system, claim.id, 'reviewer.pudong');
      expect(after).toMatchObject({ status: 'APPROVED', paymentReference: null });
      expect(await poolFigures(system, '310115', 'INTEREST', 2026)).toEqual(poolBefore);
      const audited = await refusedRequests(
        '/api/v1/subsidies/claims/:id/pay',
        'PAYMENT_BY_APPROVER',
      );
      expect(audited).toEqual([
        expect.objectContaining({
          username: 'approver.pudong',
          payload: expect.objectContaining({
            outcome: { status: 422, code: 'PAYMENT_BY_APPROVER' },
          }),
        }),
      ]);

      // The permitted path: approved by one user, paid by another (the reviewer).
      const paid = await claimAct(system, claim.id, 'pay', 'reviewer.pudong', {
        paymentReference: 'CTRL-PAY-0001',
      });
      expect(paid).toMatchObject({
        status: 'PAID',
        approvedBy: 'approver.pudong',
        paymentReference: 'CTRL-PAY-0001',
      });
      const paidBy = await withDb(system, async (db) =>
        db.query(`SELECT paid_by FROM subsidy_claim WHERE id = $1`, [claim.id]),
      );
      expect(paidBy.rows[0].paid_by).not.toBe(paidBy.rows[0].approved_by);
    });

    it('refuses a payment reference the district already used: DUPLICATE_PAYMENT_REFERENCE, audited', async () => {
      const claim = await approvedClaim(2);
      const poolBefore = await poolFigures(system, '310115', 'INTEREST', 2026);
      const res = await claimStep(system, claim.id, 'pay', 'approver2.pudong', {
        paymentReference: 'CTRL-PAY-0001',
      });
      expectProblem(res, 409, 'DUPLICATE_PAYMENT_REFERENCE');
      expect(await getClaim(system, claim.id, 'reviewer.pudong')).toMatchObject({
        status: 'APPROVED',
        paymentReference: null,
      });
      expect(await poolFigures(system, '310115', 'INTEREST', 2026)).toEqual(poolBefore);
      expect(
        await refusedRequests('/api/v1/subsidies/claims/:id/pay', 'DUPLICATE_PAYMENT_REFERENCE'),
      ).toHaveLength(1);

      // A second approver of the district (not the one who approved) may pay as well.
      const paid = await claimAct(system, claim.id, 'pay', 'approver2.pudong', {
        paymentReference: 'CTRL-PAY-0002',
      });
      expect(paid).toMatchObject({ status: 'PAID', paymentReference: 'CTRL-PAY-0002' });
    });

    it('the database refuses a payer equal to the approver, whatever the code above it does', async () => {
      await withDb(system, async (db) => {
        const { rows } = await db.query(
          `SELECT id FROM subsidy_claim WHERE status = 'PAID' AND approved_by IS NOT NULL LIMIT 1`,
        );
        await expect(
          db.query(`UPDATE subsidy_claim SET paid_by = approved_by WHERE id = $1`, [rows[0].id]),
        ).rejects.toThrow(/subsidy_claim_payer_not_approver/);
      });
    });
  });
});

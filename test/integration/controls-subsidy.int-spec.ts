import {
  act,
  advanceTo,
  businessDate,
  expectProblem,
  getCase,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  claimAct,
  claimInterest,
  claimStep,
  getClaim,
  openLoan,
  policyTerms,
  poolFigures,
  publishPolicy,
  repayOnDueDates,
  submitInterest,
} from '../support/subsidy-flows';
import { Client, Connection } from '@temporalio/client';
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

  describe('budget top-ups', () => {
    const PROPOSE = '/api/v1/subsidies/budgets/top-up';
    const APPROVE = '/api/v1/subsidies/budgets/top-ups/:id/approve';
    const propose = async (who: string, reference: string, amount = '20000.00') =>
      (await system.as(who)).post(PROPOSE, {
        kind: 'INTEREST',
        budgetYear: 2026,
        amount,
        reference,
      });
    const decide = async (who: string, id: string, decision: 'approve' | 'reject') =>
      (await system.as(who)).post(`/api/v1/subsidies/budgets/top-ups/${id}/${decision}`);
    const rowsOf = (reference: string) =>
      withDb(system, async (db) => ({
        topUps: (await db.query(`SELECT status FROM top_up WHERE reference = $1`, [reference]))
          .rows,
        movements: Number(
          (
            await db.query(`SELECT count(*) AS n FROM budget_movement WHERE reference = $1`, [
              reference,
            ])
          ).rows[0].n,
        ),
      }));

    it('refuses the proposer approving its own top-up: TOP_UP_SELF_APPROVAL, nothing applied, audited', async () => {
      const before = await poolFigures(system, '310115', 'INTEREST', 2026);
      const proposed = await propose('approver2.pudong', 'CTRL-FIN-001');
      expect(proposed.status).toBe(200);
      expect(proposed.body).toMatchObject({
        alreadyApplied: false,
        topUp: { status: 'PROPOSED', proposedBy: 'approver2.pudong', amount: '20000.00' },
      });
      const res = await decide('approver2.pudong', proposed.body.topUp.id, 'approve');
      expectProblem(res, 422, 'TOP_UP_SELF_APPROVAL');
      expect(res.body.detailZh).toBe('追加资金须由提议人以外的人员审批');
      expect(await poolFigures(system, '310115', 'INTEREST', 2026)).toEqual(before);
      expect(await rowsOf('CTRL-FIN-001')).toEqual({
        topUps: [{ status: 'PROPOSED' }],
        movements: 0,
      });
      expect(await refusedRequests(APPROVE, 'TOP_UP_SELF_APPROVAL')).toEqual([
        expect.objectContaining({ username: 'approver2.pudong' }),
      ]);

      // The permitted path: another approver of the district approves; the pool rises once.
      const approved = await decide('approver.pudong', proposed.body.topUp.id, 'approve');
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        alreadyApplied: false,
        toppedUp: true,
        topUp: { status: 'APPROVED', proposedBy: 'approver2.pudong', decidedBy: 'approver.pudong' },
      });
      const raised = await poolFigures(system, '310115', 'INTEREST', 2026);
      expect(BigInt(raised!.total.replace('.', '')) - BigInt(before!.total.replace('.', ''))).toBe(
        2000000n,
      );

      // The same 文号 again, proposed or approved: already applied, nothing raised twice.
      const replayed = await propose('reviewer.pudong', 'CTRL-FIN-001');
      expect(replayed.status).toBe(200);
      expect(replayed.body).toMatchObject({ alreadyApplied: true, topUp: { status: 'APPROVED' } });
      expect(replayed.body.toppedUp).toBeUndefined();
      const reapproved = await decide('approver.pudong', proposed.body.topUp.id, 'approve');
      expect(reapproved.status).toBe(200);
      expect(reapproved.body).toMatchObject({ alreadyApplied: true });
      expect(await poolFigures(system, '310115', 'INTEREST', 2026)).toEqual(raised);
      expect(await rowsOf('CTRL-FIN-001')).toEqual({
        topUps: [{ status: 'APPROVED' }],
        movements: 1,
      });
    });

    it('refuses a top-up above the maximum: TOP_UP_ABOVE_MAXIMUM, no proposal stored, audited', async () => {
      const res = await propose('reviewer.pudong', 'CTRL-FIN-002', '100000000.01');
      expectProblem(res, 422, 'TOP_UP_ABOVE_MAXIMUM');
      expect(res.body.detailZh).toBe('单笔追加金额超过上限');
      expect(await rowsOf('CTRL-FIN-002')).toEqual({ topUps: [], movements: 0 });
      expect(await refusedRequests(PROPOSE, 'TOP_UP_ABOVE_MAXIMUM')).toHaveLength(1);
      // The maximum itself is allowed (proposed by one user; left pending here).
      const at = await propose('reviewer.pudong', 'CTRL-FIN-002', '100000000.00');
      expect(at.status).toBe(200);
    });

    it('refuses a 文号 reused for another amount: TOP_UP_REFERENCE_CONFLICT, nothing stored, audited', async () => {
      const first = await propose('reviewer.pudong', 'CTRL-FIN-003', '300.00');
      expect(first.status).toBe(200);
      const res = await propose('approver2.pudong', 'CTRL-FIN-003', '400.00');
      expectProblem(res, 409, 'TOP_UP_REFERENCE_CONFLICT');
      expect(await rowsOf('CTRL-FIN-003')).toEqual({
        topUps: [{ status: 'PROPOSED' }],
        movements: 0,
      });
      expect(await refusedRequests(PROPOSE, 'TOP_UP_REFERENCE_CONFLICT')).toHaveLength(1);

      // Rejected by a second user; then nobody can approve it.
      const rejected = await decide('approver.pudong', first.body.topUp.id, 'reject');
      expect(rejected.status).toBe(200);
      expect(rejected.body.topUp).toMatchObject({
        status: 'REJECTED',
        decidedBy: 'approver.pudong',
      });
      const late = await decide('approver2.pudong', first.body.topUp.id, 'approve');
      expectProblem(late, 409, 'TOP_UP_NOT_PROPOSED');
      expect(await rowsOf('CTRL-FIN-003')).toEqual({
        topUps: [{ status: 'REJECTED' }],
        movements: 0,
      });
      expect(await refusedRequests(APPROVE, 'TOP_UP_NOT_PROPOSED')).toHaveLength(1);
    });

    it('refuses an unknown or another district’s top-up: TOP_UP_NOT_FOUND, audited', async () => {
      const xuhui = await propose('reviewer.xuhui', 'CTRL-FIN-004');
      expect(xuhui.status).toBe(200);
      const res = await decide('approver.pudong', xuhui.body.topUp.id, 'approve');
      expectProblem(res, 404, 'TOP_UP_NOT_FOUND');
      expect(await rowsOf('CTRL-FIN-004')).toEqual({
        topUps: [{ status: 'PROPOSED' }],
        movements: 0,
      });
      expect(await refusedRequests(APPROVE, 'TOP_UP_NOT_FOUND')).toHaveLength(1);
    });

    it('the table refuses a decision by the proposer, whatever the code above it does', async () => {
      await withDb(system, async (db) => {
        await expect(
          db.query(
            `UPDATE top_up SET status = 'APPROVED', decided_by = proposed_by, decided_on = '2026-03-15'
              WHERE reference = 'CTRL-FIN-004'`,
          ),
        ).rejects.toThrow(/top_up_four_eyes/);
        await expect(
          db.query(
            `INSERT INTO top_up (target, target_key, organisation_id, amount_fen, reference, proposed_by, proposed_on)
             VALUES ('BUDGET_POOL', '310115/INTEREST/2026', 'DISTRICT-310115', 10000000001, 'CTRL-FIN-X', 'u', '2026-03-15')`,
          ),
        ).rejects.toThrow(/top_up_amount_fen_check/);
      });
    });
  });

  describe('compensation fund top-ups', () => {
    const FUND = 'FUND-SH-SME-IP';
    const APPROVE = '/api/v1/compensation-funds/:code/top-ups/:id/approve';
    const propose = async (who: string, reference: string, amount: string) =>
      (await system.as(who)).post(`/api/v1/compensation-funds/${FUND}/top-ups`, {
        reference,
        amount,
      });
    const approve = async (who: string, id: string) =>
      (await system.as(who)).post(`/api/v1/compensation-funds/${FUND}/top-ups/${id}/approve`);
    const fundState = (reference: string) =>
      withDb(system, async (db) => ({
        total: (
          await db.query(`SELECT total_fen::text AS t FROM compensation_fund WHERE code = $1`, [
            FUND,
          ])
        ).rows[0].t as string,
        credits: Number(
          (
            await db.query(
              `SELECT count(*) AS n FROM compensation_fund_credit WHERE reference = $1`,
              [reference],
            )
          ).rows[0].n,
        ),
        topUps: (await db.query(`SELECT status FROM top_up WHERE reference = $1`, [reference]))
          .rows,
      }));

    it('refuses the proposer approving: TOP_UP_SELF_APPROVAL, nothing credited, audited; another manager approves once', async () => {
      const proposed = await propose('fund.manager', 'CTRL-FUND-001', '50000.00');
      expect(proposed.status).toBe(200);
      expect(proposed.body).toMatchObject({ alreadyApplied: false, topUp: { status: 'PROPOSED' } });
      const before = await fundState('CTRL-FUND-001');
      const res = await approve('fund.manager', proposed.body.topUp.id);
      expectProblem(res, 422, 'TOP_UP_SELF_APPROVAL');
      expect(await fundState('CTRL-FUND-001')).toEqual(before);
      expect(before).toMatchObject({ credits: 0, topUps: [{ status: 'PROPOSED' }] });
      expect(await refusedRequests(APPROVE, 'TOP_UP_SELF_APPROVAL')).toEqual([
        expect.objectContaining({ username: 'fund.manager' }),
      ]);

      const approved = await approve('fund.manager2', proposed.body.topUp.id);
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        alreadyApplied: false,
        topUp: { status: 'APPROVED', proposedBy: 'fund.manager', decidedBy: 'fund.manager2' },
      });
      const after = await fundState('CTRL-FUND-001');
      expect(BigInt(after.total) - BigInt(before.total)).toBe(5000000n);

      // The same 文号 again: already applied, nothing credited twice.
      const replayed = await propose('fund.manager2', 'CTRL-FUND-001', '50000.00');
      expect(replayed.status).toBe(200);
      expect(replayed.body).toMatchObject({ alreadyApplied: true, topUp: { status: 'APPROVED' } });
      const reapproved = await approve('fund.manager2', proposed.body.topUp.id);
      expect(reapproved.body).toMatchObject({ alreadyApplied: true });
      expect(await fundState('CTRL-FUND-001')).toEqual(after);
      expect(after.credits).toBe(1);
    });

    it('refuses a fund top-up above the maximum: TOP_UP_ABOVE_MAXIMUM, no proposal, audited', async () => {
      const res = await propose('fund.manager', 'CTRL-FUND-002', '100000000.01');
      expectProblem(res, 422, 'TOP_UP_ABOVE_MAXIMUM');
      expect(await fundState('CTRL-FUND-002')).toMatchObject({ credits: 0, topUps: [] });
      expect(
        await refusedRequests('/api/v1/compensation-funds/:code/top-ups', 'TOP_UP_ABOVE_MAXIMUM'),
      ).toHaveLength(1);
    });
  });

  // Last: it moves the business date on to 2026-05-15.
  describe('claimable periods', () => {
    const CLAIMS = '/api/v1/subsidies/claims/interest';
    const claimRows = (caseNo: string) =>
      withDb(system, async (db) =>
        Number(
          (
            await db.query(`SELECT count(*) AS n FROM subsidy_claim WHERE case_number = $1`, [
              caseNo,
            ])
          ).rows[0].n,
        ),
      );

    it('refuses a prepaid instalment before its due date and interest paid before its period, each with its code', async () => {
      const today = await businessDate(system);
      const loan = (await openLoan(system, { amount: '1000000.00', termMonths: 12 }))
        .caseNumber as string;
      // Instalments 1 (period today … +1 month) and 2 (the month after) both paid today.
      const schedule = (await getCase(system, loan)).schedule as Json[];
      for (const seq of [1, 2]) {
        const row = schedule.find((r) => r.seq === seq)!;
        await act(system, loan, '/repayments', {
          reference: `PRE-${loan.slice(-16)}-${seq}`,
          amount: row.interest,
          valueDate: today,
        });
      }

      const startedFrom = new Date();
      const early = await claimInterest(system, USERS.officer, {
        caseNumber: loan,
        fromInstalment: 1,
        toInstalment: 1,
      });
      expectProblem(early, 422, 'INSTALMENT_PERIOD_NOT_ENDED');
      expect(early.body.detailZh).toBe('申请期数的计息期尚未届满');
      expect(await claimRows(loan)).toBe(0);
      expect(await refusedRequests(CLAIMS, 'INSTALMENT_PERIOD_NOT_ENDED')).toHaveLength(1);

      // Once both due dates have passed: the prepaid instalment 1 is claimable, instalment 2
      // (paid before its period began) is not.
      await advanceTo(system, schedule.find((r) => r.seq === 2)!.dueDate as string);
      const before = await claimInterest(system, USERS.officer, {
        caseNumber: loan,
        fromInstalment: 2,
        toInstalment: 2,
      });
      expectProblem(before, 422, 'INTEREST_PAID_BEFORE_PERIOD');
      expect(await claimRows(loan)).toBe(0);
      expect(await refusedRequests(CLAIMS, 'INTEREST_PAID_BEFORE_PERIOD')).toHaveLength(1);

      const claim = await submitInterest(system, USERS.officer, {
        caseNumber: loan,
        fromInstalment: 1,
        toInstalment: 1,
      });
      expect(claim.computation.facts.claimability).toEqual([
        expect.objectContaining({ seq: 1, prepaid: true, claimable: true, reason: 'CLAIMABLE' }),
      ]);

      // Nothing was started for the two refusals: of the claim workflows started since, the
      // only one is the accepted claim's (listed once it is visible, so the list is complete).
      expect(await claimWorkflowsStartedSince(startedFrom, claim.id as string)).toEqual([
        `subsidy-claim-${claim.id}`,
      ]);
    });
  });

  /**
   * Ids of the subsidy-claim workflows on this system's task queue started since `since`, read
   * once `visibleClaimId`'s workflow (started last) shows in the list: the visibility store
   * records starts in order, so every earlier start is there too.
   */
  async function claimWorkflowsStartedSince(since: Date, visibleClaimId: string) {
    const connection = await Connection.connect({ address: system.env.TEMPORAL_ADDRESS! });
    try {
      const client = new Client({ connection });
      const query = `WorkflowType = 'subsidyClaimWorkflow' AND TaskQueue = '${system.taskQueue}' AND StartTime >= '${since.toISOString()}'`;
      const list = async () => {
        const ids: string[] = [];
        for await (const w of client.workflow.list({ query })) ids.push(w.workflowId);
        return ids;
      };
      let ids = await list();
      for (let tries = 0; !ids.includes(`subsidy-claim-${visibleClaimId}`) && tries < 200; tries++)
        ids = await list();
      return ids;
    } finally {
      await connection.close();
    }
  }

  describe('budget years', () => {
    it('a year close closes every older pool and opens the next year at zero where nothing is planned, with a work item for the district approver', async () => {
      await advanceTo(system, '2027-01-04');
      const pools = await withDb(
        system,
        async (db) =>
          (
            await db.query(
              `SELECT budget_year AS year, status, count(*)::int AS n,
                    sum(total_fen)::text AS total
               FROM budget_pool WHERE district_code = '310115'
              GROUP BY budget_year, status ORDER BY budget_year, status`,
            )
          ).rows,
      );
      expect(
        pools.filter((p: Json) => p.year < 2027).every((p: Json) => p.status === 'CLOSED'),
      ).toBe(true);
      expect(pools.filter((p: Json) => p.year >= 2027)).toEqual([
        { year: 2027, status: 'OPEN', n: 2, total: '0' },
        { year: 2028, status: 'OPEN', n: 2, total: '0' },
      ]);
      const items = await withDb(
        system,
        async (db) =>
          (
            await db.query(
              `SELECT kind, subject, organisation_id, role, to_char(created_on, 'YYYY-MM-DD') AS created_on, done_on
               FROM work_item WHERE subject LIKE '310115/%' ORDER BY subject`,
            )
          ).rows,
      );
      // The 2027 pools were opened at zero by the seed (the year after its business date), the
      // 2028 ones by this year close; planned amounts are covered in budget-plans.int-spec.ts.
      expect(items).toEqual(
        ['INSURANCE_PREMIUM/2027', 'INSURANCE_PREMIUM/2028', 'INTEREST/2027', 'INTEREST/2028'].map(
          (s) => ({
            kind: 'FUND_BUDGET_POOL',
            subject: `310115/${s}`,
            organisation_id: 'DISTRICT-310115',
            role: 'DISTRICT_APPROVER',
            created_on: s.endsWith('2027') ? '2026-01-15' : '2027-01-04',
            done_on: null,
          }),
        ),
      );
    });
  });
});

import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/persistence/src/data-source';
import { SubsidyBudgetRepository } from '../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import {
  advanceTo,
  businessDate,
  expectProblem,
  getCase,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  claimInterest,
  openLoan,
  policyTerms,
  publishPolicy,
  repayOnDueDates,
  submitInterest,
} from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(300_000);

const PLANS = '/api/v1/subsidies/budgets/plans';
const CLAIMS = '/api/v1/subsidies/claims/interest';
/** The seeded districts with policies, each with an INTEREST and an INSURANCE_PREMIUM pool. */
const SEEDED_DISTRICTS = ['310104', '310110', '310115', '310116'];

/**
 * Budget pools follow the business date: the seed plans the business date's year and opens its
 * pools and the next year's; a district approver plans a later year (not money: one person); the
 * year close opens the new next year at its plans (zero and a work item without one) and closes
 * every older pool. Claim windows are counted in working days on the working calendar.
 * All against the real API, worker, Temporal, PostgreSQL and Redis.
 */
describe('planned budgets and claim windows', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
    expect(await businessDate(system)).toBe('2026-01-15');
  });

  afterAll(async () => {
    await system?.close();
  });

  const rows = (sql: string, params: unknown[] = []) =>
    withDb(system, async (db) => (await db.query(sql, params)).rows as Json[]);

  const pools = () =>
    rows(
      `SELECT district_code AS district, kind, budget_year AS year, status,
              (total_fen / 100)::text AS total, to_char(closed_on, 'YYYY-MM-DD') AS "closedOn"
         FROM budget_pool ORDER BY budget_year, district_code, kind`,
    );
  const planRows = () =>
    rows(`SELECT * FROM budget_plan ORDER BY budget_year, district_code, kind`);

  /** The audit interceptor's entry of a refused request: route, outcome and who sent it. */
  const refusedRequests = (route: string, code: string) =>
    rows(
      `SELECT actor_username AS username FROM audit_log
        WHERE action = 'API_REQUEST' AND payload->>'route' = $1 AND payload->'outcome'->>'code' = $2`,
      [route, code],
    );

  const putPlan = async (who: string, body: object) => (await system.as(who)).put(PLANS, body);

  describe('the seed', () => {
    it('plans the business date’s year and opens its pools and the next year’s, not a fixed calendar year', async () => {
      const all = await pools();
      // 2026 (the seeded date's year) at the plan, 2027 at zero; nothing for earlier years.
      expect(new Set(all.map((p) => p.year))).toEqual(new Set([2026, 2027]));
      expect(all).toHaveLength(SEEDED_DISTRICTS.length * 2 * 2);
      for (const pool of all) {
        expect(pool).toMatchObject({
          status: 'OPEN',
          total: pool.year === 2026 ? '2000000' : '0',
        });
      }
      // Each planned pool's money is one TOP_UP movement under PLAN:2026, by whoever planned it.
      expect(
        await rows(
          `SELECT count(*)::int AS n, min(reference) AS reference, min(actor_user_id) AS actor
             FROM budget_movement WHERE movement = 'TOP_UP' AND budget_year = 2026`,
        ),
      ).toEqual([{ n: 8, reference: 'PLAN:2026', actor: 'seed' }]);
      // The next year is not planned yet: a work item per pool for the district approver.
      const items = await rows(
        `SELECT subject, role, to_char(created_on, 'YYYY-MM-DD') AS on FROM work_item
          WHERE kind = 'FUND_BUDGET_POOL' ORDER BY subject`,
      );
      expect(items).toHaveLength(8);
      expect(items.every((i) => i.subject.endsWith('/2027') && i.on === '2026-01-15')).toBe(true);
      expect(items.every((i) => i.role === 'DISTRICT_APPROVER')).toBe(true);

      const listed = await (await system.as('reviewer.pudong')).get(`${PLANS}?year=2026`);
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        {
          districtCode: '310115',
          kind: 'INSURANCE_PREMIUM',
          budgetYear: 2026,
          planned: '2000000.00',
          setBy: 'seed',
          setOn: '2026-01-15',
        },
        {
          districtCode: '310115',
          kind: 'INTEREST',
          budgetYear: 2026,
          planned: '2000000.00',
          setBy: 'seed',
          setOn: '2026-01-15',
        },
      ]);
    });
  });

  describe('setting a plan', () => {
    it('refuses a year whose pool is open (this year, or the next one already opened), with its code', async () => {
      const before = await planRows();
      for (const budgetYear of [2026, 2027]) {
        const res = await putPlan('approver.pudong', {
          kind: 'INTEREST',
          budgetYear,
          amount: '3000000.00',
        });
        const body = expectProblem(res, 409, 'BUDGET_PLAN_YEAR_OPEN');
        expect(body.detailZh).toBe('该预算年度资金池已开立，请通过追加资金提议增加预算');
      }
      expect(await planRows()).toEqual(before);
      expect(await refusedRequests(PLANS, 'BUDGET_PLAN_YEAR_OPEN')).toEqual([
        { username: 'approver.pudong' },
        { username: 'approver.pudong' },
      ]);
    });

    it('refuses a plan above the maximum, with its code', async () => {
      const before = await planRows();
      const res = await putPlan('approver.pudong', {
        kind: 'INTEREST',
        budgetYear: 2028,
        amount: '100000000.01',
      });
      const body = expectProblem(res, 422, 'BUDGET_PLAN_ABOVE_MAXIMUM');
      expect(body.detailZh).toBe('年度预算计划金额超过上限');
      expect(await planRows()).toEqual(before);
      expect(await refusedRequests(PLANS, 'BUDGET_PLAN_ABOVE_MAXIMUM')).toHaveLength(1);
    });

    it('refuses a district reviewer: plans are set by the approvers', async () => {
      const before = await planRows();
      const res = await putPlan('reviewer.pudong', {
        kind: 'INTEREST',
        budgetYear: 2028,
        amount: '3000000.00',
      });
      // Refused by the route's role guard, before the request reaches the service.
      expectProblem(res, 403, 'ROLE_FORBIDDEN');
      expect(await planRows()).toEqual(before);
    });

    it('is set by one approver and changed by another (a plan is not money), each audited', async () => {
      const first = await putPlan('approver.pudong', {
        kind: 'INTEREST',
        budgetYear: 2028,
        amount: '3000000.00',
      });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        plan: {
          districtCode: '310115',
          kind: 'INTEREST',
          budgetYear: 2028,
          planned: '3000000.00',
          setBy: 'approver.pudong',
          setOn: '2026-01-15',
        },
        before: null,
      });
      const changed = await putPlan('approver2.pudong', {
        kind: 'INTEREST',
        budgetYear: 2028,
        amount: '3500000.00',
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        plan: { planned: '3500000.00', setBy: 'approver2.pudong' },
        before: { planned: '3000000.00', setBy: 'approver.pudong' },
      });
      const xuhui = await putPlan('approver.xuhui', {
        kind: 'INSURANCE_PREMIUM',
        budgetYear: 2028,
        amount: '500000.00',
      });
      expect(xuhui.status).toBe(200);
      expect(xuhui.body.plan).toMatchObject({ districtCode: '310104', planned: '500000.00' });

      const audit = await rows(
        `SELECT actor_username AS username, subject_id AS subject, payload FROM audit_log
          WHERE action = 'BUDGET_PLAN_SET' ORDER BY seq`,
      );
      expect(audit.map((a) => [a.username, a.subject, a.payload.after.planned])).toEqual([
        ['approver.pudong', '310115/INTEREST/2028', '3000000.00'],
        ['approver2.pudong', '310115/INTEREST/2028', '3500000.00'],
        ['approver.xuhui', '310104/INSURANCE_PREMIUM/2028', '500000.00'],
      ]);
      // Nothing moved: no pool for 2028 yet, and each district sees only its own plans.
      expect((await pools()).some((p) => p.year === 2028)).toBe(false);
      const mine = await (await system.as('reviewer.xuhui')).get(`${PLANS}?year=2028`);
      expect(mine.body.items).toEqual([
        expect.objectContaining({ districtCode: '310104', kind: 'INSURANCE_PREMIUM' }),
      ]);
    });
  });

  describe('a claim window counted in working days', () => {
    let loans: string[] = [];

    beforeAll(async () => {
      // Pudong's interest subsidy, filed within 11 working days after an instalment became claimable.
      await publishPolicy(
        system,
        'approver.pudong',
        'INTEREST',
        policyTerms({ programme: 'PUDONG-WINDOW', claimWindowWorkingDays: 11 }),
      );
      // Two loans disbursed on 2026-08-18: instalment 1 falls due on Friday 2026-09-18.
      await advanceTo(system, '2026-08-18');
      loans = [];
      for (let i = 0; i < 2; i += 1) {
        loans.push((await openLoan(system, { amount: '1000000.00', termMonths: 12 })).caseNumber);
      }
      await advanceTo(system, '2026-09-18');
      for (const loan of loans) await repayOnDueDates(system, loan, [1]);
      const due = ((await getCase(system, loans[0]!)).schedule as Json[])[0]!.dueDate;
      expect(due).toBe('2026-09-18');
    });

    it('accepts a claim on the last day of a window computed across the National Day week', async () => {
      // Claimable on Fri 2026-09-18 (due and paid that day). 11 working days after it:
      //   1 Sun 09-20 (make-up working day), 2 Mon 09-21, 3 Tue 09-22, 4 Wed 09-23, 5 Thu 09-24,
      //   (Fri 09-25 … Sun 09-27 Mid-Autumn holiday), 6 Mon 09-28, 7 Tue 09-29, 8 Wed 09-30,
      //   (10-01 … 10-07 National Day holiday), 9 Thu 10-08, 10 Fri 10-09,
      //   11 Sat 10-10 (make-up working day) → last day 2026-10-10.
      // Counting Monday–Friday alone would have closed it on Mon 2026-10-05, inside the holiday.
      await advanceTo(system, '2026-10-10');
      const claim = await submitInterest(system, USERS.officer, {
        caseNumber: loans[0]!,
        fromInstalment: 1,
        toInstalment: 1,
      });
      expect(claim).toMatchObject({ status: 'SUBMITTED', claimDeadline: '2026-10-10' });
      expect(claim.computation.facts.claimWindow).toEqual({
        workingDays: 11,
        claimableOn: '2026-09-18',
        deadline: '2026-10-10',
        why: expect.stringContaining('2026-10-10'),
      });
    });

    it('refuses a claim the day after the window closed, storing and reserving nothing', async () => {
      await advanceTo(system, '2026-10-11');
      const loan = loans[1]!;
      const countClaims = async () =>
        (
          await rows(`SELECT count(*)::int AS n FROM subsidy_claim WHERE case_number = $1`, [loan])
        )[0]!.n;
      const movementsBefore = await rows(`SELECT count(*)::int AS n FROM budget_movement`);
      const res = await claimInterest(system, USERS.officer, {
        caseNumber: loan,
        fromInstalment: 1,
        toInstalment: 1,
      });
      const body = expectProblem(res, 422, 'CLAIM_WINDOW_CLOSED');
      expect(body.detailZh).toBe('已超过补贴政策规定的申请期限');
      expect(body.details).toMatchObject({ claimableOn: '2026-09-18', deadline: '2026-10-10' });
      expect(await countClaims()).toBe(0);
      expect(await rows(`SELECT count(*)::int AS n FROM budget_movement`)).toEqual(movementsBefore);
      expect(await refusedRequests(CLAIMS, 'CLAIM_WINDOW_CLOSED')).toEqual([
        { username: USERS.officer },
      ]);
    });

    it('holds the deadline in the database: a claim row filed after it is refused', async () => {
      await withDb(system, async (db) => {
        await expect(
          db.query(
            `UPDATE subsidy_claim SET claim_deadline = submitted_on - 1 WHERE claim_deadline IS NOT NULL`,
          ),
        ).rejects.toMatchObject({ constraint: 'subsidy_claim_within_window' });
      });
    });
  });

  describe('the year close', () => {
    it('opens the new next year at the plans (zero and a work item without one) and closes every older pool', async () => {
      await advanceTo(system, '2027-01-04');
      const all = await pools();
      expect(
        all
          .filter((p) => p.year === 2026)
          .every((p) => p.status === 'CLOSED' && p.closedOn === '2027-01-04'),
      ).toBe(true);
      expect(all.filter((p) => p.year === 2027).every((p) => p.status === 'OPEN')).toBe(true);
      const next = all.filter((p) => p.year === 2028);
      expect(next).toHaveLength(8);
      const planned = (district: string, kind: string) =>
        next.find((p) => p.district === district && p.kind === kind)!.total;
      expect(planned('310115', 'INTEREST')).toBe('3500000');
      expect(planned('310104', 'INSURANCE_PREMIUM')).toBe('500000');
      expect(next.filter((p) => p.total === '0')).toHaveLength(6);
      expect(next.every((p) => p.status === 'OPEN')).toBe(true);

      // The planned money came in as one TOP_UP under PLAN:2028 by the approver who last set it.
      expect(
        await rows(
          `SELECT district_code AS district, kind, reference, actor_user_id AS actor, (amount_fen / 100)::text AS amount,
                  to_char(business_date, 'YYYY-MM-DD') AS on
             FROM budget_movement WHERE budget_year = 2028 ORDER BY district_code, kind`,
        ),
      ).toEqual([
        {
          district: '310104',
          kind: 'INSURANCE_PREMIUM',
          reference: 'PLAN:2028',
          actor: 'approver.xuhui',
          amount: '500000',
          on: '2027-01-04',
        },
        {
          district: '310115',
          kind: 'INTEREST',
          reference: 'PLAN:2028',
          actor: 'approver2.pudong',
          amount: '3500000',
          on: '2027-01-04',
        },
      ]);
      // Work items only for the six pools opened at zero.
      const items = await rows(
        `SELECT subject FROM work_item WHERE kind = 'FUND_BUDGET_POOL' AND subject LIKE '%/2028'
           AND created_on = '2027-01-04' ORDER BY subject`,
      );
      expect(items.map((i) => i.subject)).toEqual([
        '310104/INTEREST/2028',
        '310110/INSURANCE_PREMIUM/2028',
        '310110/INTEREST/2028',
        '310115/INSURANCE_PREMIUM/2028',
        '310116/INSURANCE_PREMIUM/2028',
        '310116/INTEREST/2028',
      ]);
      // The 2028 plans are spent: changing them now is refused, money comes by a top-up.
      expectProblem(
        await putPlan('approver.pudong', { kind: 'INTEREST', budgetYear: 2028, amount: '1.00' }),
        409,
        'BUDGET_PLAN_YEAR_OPEN',
      );
    });

    it('opens and moves nothing more when run again (a retried close of business)', async () => {
      const before = {
        pools: await pools(),
        movements: await rows(`SELECT count(*)::int AS n FROM budget_movement`),
        items: await rows(`SELECT count(*)::int AS n FROM work_item`),
      };
      // What the activity does, again, as the worker connects (the application role).
      const db = new DataSource(dataSourceOptions(system.appDatabaseUrl));
      await db.initialize();
      try {
        const budget = new SubsidyBudgetRepository(db);
        expect(await budget.closeYearsBefore(2027, '2027-01-04')).toEqual([]);
        expect(await budget.openYear(2027, '2027-01-04')).toEqual([]);
        expect(await budget.openYear(2028, '2027-01-04')).toEqual([]);
      } finally {
        await db.destroy();
      }
      expect({
        pools: await pools(),
        movements: await rows(`SELECT count(*)::int AS n FROM budget_movement`),
        items: await rows(`SELECT count(*)::int AS n FROM work_item`),
      }).toEqual(before);
    });
  });
});

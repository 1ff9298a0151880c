/**
 * The work inbox (GET /api/v1/tasks) against the real services: who sees which task at each
 * step of a case and of the other processes, deadlines in working days on the 2026 calendar,
 * SLA states as the business date moves, escalation, TASK_LATE events, and the time limits
 * administrators set. The business date only moves forward, so the tests run in date order.
 */
import {
  act,
  addDays,
  advanceTo,
  businessDate,
  declareDefault,
  driveTo,
  expectOk,
  expectProblem,
  newUscc,
  openActiveCase,
  openCase,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { getDisposal, registerTransfer } from '../support/disposal-flows';
import {
  claimAct,
  openLoan,
  policyTerms,
  publishPolicy,
  repayOnDueDates,
  submitInterest,
} from '../support/subsidy-flows';
import { RecordLateTasksUseCase } from '../../activities/case-ledger/use-cases/record-late-tasks.use-case';

// Whole processes run over the real services, several of them per test.
jest.setTimeout(600_000);

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.close();
});

/** The caller's inbox; asserts 200. */
async function inbox(username: string, query = ''): Promise<Json> {
  const res = await (await system.as(username)).get(`/api/v1/tasks${query}`);
  expectOk(res, 200);
  return res.body;
}

/** The kinds of the caller's tasks on one case, sorted. */
async function kindsOn(username: string, caseNumber: string): Promise<string[]> {
  const body = await inbox(username, `?caseNumber=${caseNumber}&pageSize=100`);
  return (body.items as Json[]).map((t) => t.kind as string).sort();
}

/** The caller's only task on a case (asserts there is exactly one). */
async function onlyTask(username: string, caseNumber: string): Promise<Json> {
  const body = await inbox(username, `?caseNumber=${caseNumber}`);
  expect(body.items).toHaveLength(1);
  return body.items[0];
}

/** The loss stays with the bank: no compensation claim is filed at default. */
const BANK_ONLY = { bankBp: 10000, insurerBp: 0, fundBp: 0, guarantorBp: 0 };

/** A defaulted loan whose loss the bank bears alone, its disposal started (AWAITING_METHOD). */
async function disposing(): Promise<string> {
  const { caseNumber, request } = await openCase(system);
  const on = await businessDate(system);
  await driveTo(system, caseNumber, 'VALUED', { on });
  await act(system, caseNumber, '/credit-approval', { riskSharing: BANK_ONLY }, USERS.approver);
  await driveTo(system, caseNumber, 'REGISTERED', { on });
  await act(system, caseNumber, '/disbursement', {
    reference: `DB-${request.bankReference}`,
    valueDate: on,
  });
  await declareDefault(system, caseNumber, { reason: 'Borrower ceased trading' });
  await act(system, caseNumber, '/disposal');
  expect((await getDisposal(system, caseNumber)).status).toBe('AWAITING_METHOD');
  return caseNumber;
}

/** Asserts who sees a task on the case: `seers` see exactly `kinds`, everyone else nothing. */
async function expectSeen(
  caseNumber: string,
  seers: Record<string, string[]>,
  others: string[],
): Promise<void> {
  const users = [...Object.keys(seers), ...others];
  const seen: { user: string; kinds: string[] }[] = [];
  // A few at a time: the API under test shares two cores with the services.
  for (let i = 0; i < users.length; i += 4) {
    const chunk = users.slice(i, i + 4);
    seen.push(
      ...(await Promise.all(
        chunk.map(async (user) => ({ user, kinds: await kindsOn(user, caseNumber) })),
      )),
    );
  }
  expect(seen).toEqual(users.map((user) => ({ user, kinds: seers[user] ?? [] })));
}

const EVERYONE = [
  USERS.officer,
  USERS.officer2,
  USERS.approver,
  USERS.evaluator,
  'evaluator.dongfang',
  USERS.clerk,
  USERS.otherBankOfficer,
  'approver.pdib',
  'reviewer.pudong',
  'approver.pudong',
  'approver2.pudong',
  'reviewer.xuhui',
  'insurer.anxin',
  'insurer2.anxin',
  'fund.manager',
  'fund.manager2',
  'operator.shipx',
  'operator2.shipx',
  USERS.admin,
];

/**
 * For the step-by-step walk: one user of each role that could plausibly hold a case's task
 * (the bank's other officer and another bank, the other firm), the step's own taker left out.
 */
function walkOthers(...users: string[]): string[] {
  return [
    USERS.officer,
    USERS.officer2,
    USERS.approver,
    USERS.evaluator,
    'evaluator.dongfang',
    USERS.clerk,
    USERS.otherBankOfficer,
    USERS.admin,
  ].filter((u) => !users.includes(u));
}

function othersThan(...users: string[]): string[] {
  return EVERYONE.filter((u) => !users.includes(u));
}

describe('work inbox', () => {
  it('walks a case through its steps: each step is a task of exactly one role and is gone once done', async () => {
    const { caseNumber } = await openCase(system);
    const today = await businessDate(system);
    await expectSeen(
      caseNumber,
      { [USERS.officer]: ['SUBMIT_APPLICATION'] },
      walkOthers(USERS.officer),
    );

    // The task's action is the route of the step, for the role that takes it.
    const [draft] = (await inbox(USERS.officer, `?caseNumber=${caseNumber}`)).items as Json[];
    expect(draft).toMatchObject({
      id: `case:${caseNumber}:SUBMIT_APPLICATION`,
      subject: { type: 'CASE', id: caseNumber, caseNumber },
      titleZh: '提交贷款申请',
      action: {
        event: 'SUBMIT',
        method: 'POST',
        path: `/api/v1/cases/${caseNumber}/submit`,
        role: 'LOAN_OFFICER',
      },
      since: today,
      escalated: false,
    });
    expect(draft.subject.label).toContain('元');

    const steps: [string, string, Record<string, string[]>][] = [
      ['SUBMITTED', 'officer', { [USERS.officer]: ['VERIFY_IP'] }],
      ['VERIFIED', 'officer', { [USERS.officer]: ['REQUEST_VALUATION'] }],
      ['VALUATION', 'evaluator', { [USERS.evaluator]: ['VALUATION_REPORT'] }],
      ['VALUED', 'approver', { [USERS.approver]: ['CREDIT_APPROVAL'] }],
      ['APPROVED', 'officer', { [USERS.officer]: ['SIGN_CONTRACT'] }],
      ['CONTRACTED', 'officer', { [USERS.officer]: ['SUBMIT_REGISTRATION'] }],
      ['REGISTERING', 'clerk', { [USERS.clerk]: ['REGISTRATION_DECISION'] }],
      ['REGISTERED', 'officer', { [USERS.officer]: ['DISBURSEMENT'] }],
    ];
    for (const [status, , seers] of steps) {
      await driveTo(system, caseNumber, status as never, { on: today });
      await expectSeen(caseNumber, seers, walkOthers(...Object.keys(seers)));
    }
    const [registration] = (await inbox(USERS.officer, `?caseNumber=${caseNumber}`))
      .items as Json[];
    expect(registration.action.path).toBe(`/api/v1/cases/${caseNumber}/disbursement`);

    await act(system, caseNumber, '/disbursement', {
      reference: `DB-${caseNumber}`,
      valueDate: today,
    });
    await expectSeen(caseNumber, {}, walkOthers());
  });

  it('gives the valuation report to the firm asked for it only', async () => {
    const { caseNumber } = await openCase(system);
    await driveTo(system, caseNumber, 'VALUATION');
    const [task] = (await inbox(USERS.evaluator, `?caseNumber=${caseNumber}`)).items as Json[];
    expect(task.action).toMatchObject({
      event: 'SUBMIT_VALUATION',
      path: `/api/v1/cases/${caseNumber}/valuation-report`,
      role: 'EVALUATOR',
    });
    expect(await kindsOn('evaluator.dongfang', caseNumber)).toEqual([]);
  });

  it('counts per kind over the filtered set and pages it', async () => {
    const opened = [await openCase(system), await openCase(system), await openCase(system)];
    const all = await inbox(USERS.officer, '?kind=SUBMIT_APPLICATION&pageSize=100');
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.counts).toEqual({ SUBMIT_APPLICATION: all.total });
    const ids = (all.items as Json[]).map((t) => t.id as string);
    for (const { caseNumber } of opened)
      expect(ids).toContain(`case:${caseNumber}:SUBMIT_APPLICATION`);

    const first = await inbox(USERS.officer, '?kind=SUBMIT_APPLICATION&pageSize=2&page=1');
    const second = await inbox(USERS.officer, '?kind=SUBMIT_APPLICATION&pageSize=2&page=2');
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: all.total });
    expect(first.items).toHaveLength(2);
    expect([...first.items, ...second.items].map((t: Json) => t.id)).toEqual(ids.slice(0, 4));

    // Another officer of the bank sees none of them: each waits on its case's owner.
    const other = await inbox(USERS.officer2, '?kind=SUBMIT_APPLICATION&pageSize=100');
    const otherIds = (other.items as Json[]).map((t) => t.id as string);
    for (const { caseNumber } of opened)
      expect(otherIds).not.toContain(`case:${caseNumber}:SUBMIT_APPLICATION`);

    expectProblem(
      await (await system.as(USERS.officer)).get('/api/v1/tasks?pageSize=101'),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await (await system.as(USERS.officer)).get('/api/v1/tasks?sla=SOON'),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('lets an administrator change a time limit and refuses other roles and invalid limits with their codes', async () => {
    const admin = await system.as(USERS.admin);
    const before = await admin.get('/api/v1/admin/task-sla');
    expectOk(before, 200);
    expect(before.body.items).toEqual(
      expect.arrayContaining([
        {
          organisationKind: 'BANK',
          taskKind: 'VERIFY_IP',
          workingDays: 3,
          dueSoonDays: 1,
          updatedBy: 'SEED',
        },
      ]),
    );

    expectProblem(
      await (
        await system.as(USERS.approver)
      ).put('/api/v1/admin/task-sla', {
        items: [
          { organisationKind: 'BANK', taskKind: 'VERIFY_IP', workingDays: 9, dueSoonDays: 1 },
        ],
      }),
      403,
      'ROLE_FORBIDDEN',
    );
    for (const [item, code] of [
      [
        { organisationKind: 'BANK', taskKind: 'VERIFY_IP', workingDays: 61, dueSoonDays: 1 },
        'TASK_SLA_INVALID',
      ],
      [
        { organisationKind: 'BANK', taskKind: 'VERIFY_IP', workingDays: 0, dueSoonDays: 0 },
        'TASK_SLA_INVALID',
      ],
      [
        { organisationKind: 'BANK', taskKind: 'VERIFY_IP', workingDays: 3, dueSoonDays: 3 },
        'TASK_SLA_INVALID',
      ],
      [
        { organisationKind: 'INSURER', taskKind: 'VERIFY_IP', workingDays: 3, dueSoonDays: 1 },
        'TASK_SLA_UNKNOWN_KIND',
      ],
    ] as const) {
      expectProblem(
        await admin.put('/api/v1/admin/task-sla', {
          // A valid limit first: a refused list stores none of its limits.
          items: [
            { organisationKind: 'BANK', taskKind: 'DISBURSEMENT', workingDays: 7, dueSoonDays: 1 },
            item,
          ],
        }),
        422,
        code,
      );
    }
    expect((await admin.get('/api/v1/admin/task-sla')).body).toEqual(before.body);
    // The table holds the bounds too, whatever writes it.
    await expect(
      withDb(system, (db) =>
        db.query(
          `UPDATE task_sla SET working_days = 61 WHERE organisation_kind = 'BANK' AND task_kind = 'VERIFY_IP'`,
        ),
      ),
    ).rejects.toThrow(/task_sla_working_days/);

    // A case waiting for its disbursement counts the new limit.
    const { caseNumber } = await openCase(system);
    await driveTo(system, caseNumber, 'REGISTERED');
    const changed = await admin.put('/api/v1/admin/task-sla', {
      items: [
        { organisationKind: 'BANK', taskKind: 'DISBURSEMENT', workingDays: 7, dueSoonDays: 2 },
      ],
    });
    expectOk(changed, 200);
    expect(changed.body.items).toEqual(
      expect.arrayContaining([
        {
          organisationKind: 'BANK',
          taskKind: 'DISBURSEMENT',
          workingDays: 7,
          dueSoonDays: 2,
          updatedBy: 'admin.ipo',
        },
      ]),
    );
    const [task] = (await inbox(USERS.officer, `?caseNumber=${caseNumber}`)).items as Json[];
    expect(task).toMatchObject({ kind: 'DISBURSEMENT', workingDaysAllowed: 7 });

    // The change and the refusals are in the audit log.
    const audited = await withDb(system, (db) =>
      db.query(
        `SELECT action FROM audit_log WHERE subject_type = 'TASK_SLA' OR subject_id LIKE '%task-sla%' ORDER BY seq`,
      ),
    );
    expect(audited.rows.length).toBeGreaterThanOrEqual(6);
  });

  it('lists the year close’s work item to fund a pool for the district’s approvers, and a proposed top-up for an approver other than its proposer; both go when it is approved', async () => {
    const pool = '310115/INTEREST/2027';
    const funding = async (user: string) =>
      ((await inbox(user, '?kind=FUND_BUDGET_POOL&pageSize=100')).items as Json[]).filter(
        (t) => t.subject.id === pool,
      );
    const [item] = await funding('approver.pudong');
    expect(item).toMatchObject({
      kind: 'FUND_BUDGET_POOL',
      subject: { type: 'BUDGET_POOL', id: pool, caseNumber: null },
      titleZh: '为2027年预算池拨入资金',
      action: {
        method: 'POST',
        path: '/api/v1/subsidies/budgets/top-up',
        role: 'DISTRICT_APPROVER',
      },
      since: '2026-01-15',
      // Ten working days from Thursday 15 January.
      deadline: '2026-01-29',
      escalated: false,
    });
    expect(await funding('approver2.pudong')).toHaveLength(1);
    expect(await funding('reviewer.pudong')).toEqual([]);
    expect(await funding('approver.xuhui')).toEqual([]);
    // Raised with its TASK_CREATED event, through the one work-item writer.
    const created = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM outbox_event WHERE event_type = 'TASK_CREATED' AND subject = $1`,
            [pool],
          )
        ).rows[0].n,
    );
    expect(created).toBe(1);

    const proposed = await (
      await system.as('reviewer.pudong')
    ).post('/api/v1/subsidies/budgets/top-up', {
      kind: 'INTEREST',
      budgetYear: 2027,
      amount: '100000.00',
      reference: 'FIN-INBOX-2027-1',
    });
    expectOk(proposed, 200);
    const topUpId = proposed.body.topUp.id as string;
    const approvals = async (user: string) =>
      ((await inbox(user, '?kind=TOP_UP_APPROVAL&pageSize=100')).items as Json[]).filter(
        (t) => t.subject.id === topUpId,
      );
    const [approval] = await approvals('approver.pudong');
    expect(approval).toMatchObject({
      id: `top-up:${topUpId}:TOP_UP_APPROVAL`,
      subject: { type: 'TOP_UP', id: topUpId },
      action: {
        method: 'POST',
        path: `/api/v1/subsidies/budgets/top-ups/${topUpId}/approve`,
        role: 'DISTRICT_APPROVER',
      },
    });
    expect(await approvals('approver2.pudong')).toHaveLength(1);
    expect(await approvals('reviewer.pudong')).toEqual([]);
    expect(await approvals('approver.xuhui')).toEqual([]);

    // The task's action does it.
    expectOk(await (await system.as('approver.pudong')).post(approval.action.path), 200);
    expect(await approvals('approver.pudong')).toEqual([]);
    expect(await funding('approver.pudong')).toEqual([]);
    expect(
      ((await inbox('approver.pudong', '?kind=FUND_BUDGET_POOL&pageSize=100')).items as Json[]).map(
        (t) => t.subject.id,
      ),
    ).toContain('310115/INSURANCE_PREMIUM/2027');
  });

  it('shows open work items of other kinds generically, with their own title, action and due date', async () => {
    const today = await businessDate(system);
    const subject = `COV-${newUscc()}`;
    await withDb(system, (db) =>
      db.query(
        `INSERT INTO work_item (kind, subject, organisation_id, role, created_on, due_on, detail)
         VALUES ('COVENANT_DUE', $1, 'BANK-SHCB', 'LOAN_OFFICER', $2, $3, $4)`,
        [
          subject,
          today,
          addDays(today, 14),
          JSON.stringify({
            titleZh: '核查贷款约定事项',
            titleEn: 'Check the loan covenant',
            action: { method: 'POST', path: `/api/v1/covenants/${subject}/check` },
          }),
        ],
      ),
    );
    const mine = async (user: string) =>
      ((await inbox(user, '?kind=COVENANT_DUE&pageSize=100')).items as Json[]).filter(
        (t) => t.subject.id === subject,
      );
    const [item] = await mine(USERS.officer);
    expect(item).toMatchObject({
      kind: 'COVENANT_DUE',
      subject: { type: 'COVENANT', id: subject },
      titleZh: '核查贷款约定事项',
      titleEn: 'Check the loan covenant',
      action: { event: 'COVENANT_DUE', method: 'POST', path: `/api/v1/covenants/${subject}/check` },
      since: today,
      deadline: addDays(today, 14),
      sla: 'ON_TIME',
    });
    // Every loan officer of the bank holds it (it names no user); no other role or bank does.
    expect(await mine(USERS.officer2)).toHaveLength(1);
    expect(await mine(USERS.approver)).toEqual([]);
    expect(await mine(USERS.otherBankOfficer)).toEqual([]);
    await withDb(system, (db) =>
      db.query(`UPDATE work_item SET done_on = $2 WHERE kind = 'COVENANT_DUE' AND subject = $1`, [
        subject,
        today,
      ]),
    );
    expect(await mine(USERS.officer)).toEqual([]);
  });

  it('counts the deadline in working days and moves the SLA state with the business date; a late task is escalated and reported once', async () => {
    const today = await businessDate(system);
    expect(today).toBe('2026-01-15');
    const { caseNumber } = await openCase(system);
    await driveTo(system, caseNumber, 'SUBMITTED');
    // Thursday 15 January + 3 working days: Friday 16, Monday 19, Tuesday 20.
    let [task] = (await inbox(USERS.officer, `?caseNumber=${caseNumber}`)).items as Json[];
    expect(task).toMatchObject({
      kind: 'VERIFY_IP',
      since: '2026-01-15',
      deadline: '2026-01-20',
      workingDaysAllowed: 3,
      workingDaysLeft: 3,
      sla: 'ON_TIME',
    });

    await advanceTo(system, '2026-01-19');
    [task] = (await inbox(USERS.officer, `?caseNumber=${caseNumber}`)).items as Json[];
    expect(task).toMatchObject({ workingDaysLeft: 1, sla: 'DUE_SOON' });
    expect((await inbox(USERS.officer, `?caseNumber=${caseNumber}&sla=DUE_SOON`)).total).toBe(1);
    expect(await kindsOn(USERS.approver, caseNumber)).toEqual([]);

    await advanceTo(system, '2026-01-21');
    [task] = (await inbox(USERS.officer, `?caseNumber=${caseNumber}`)).items as Json[];
    expect(task).toMatchObject({ workingDaysLeft: -1, sla: 'LATE', escalated: false });
    const escalated = await inbox(USERS.approver, `?caseNumber=${caseNumber}`);
    expect(escalated.items).toEqual([
      expect.objectContaining({
        id: `case:${caseNumber}:VERIFY_IP`,
        sla: 'LATE',
        escalated: true,
        action: expect.objectContaining({ role: 'LOAN_OFFICER' }),
      }),
    ]);
    expect(escalated.late).toBe(1);
    expect(await kindsOn(USERS.officer2, caseNumber)).toEqual([]);
    expect(await kindsOn('approver.pdib', caseNumber)).toEqual([]);

    const lateEvents = () =>
      withDb(
        system,
        async (db) =>
          (
            await db.query(
              `SELECT event_key, recipient_org_ids, business_date::text AS day FROM outbox_event
              WHERE event_type = 'TASK_LATE' AND subject = $1`,
              [`case:${caseNumber}:VERIFY_IP`],
            )
          ).rows,
      );
    expect(await lateEvents()).toEqual([
      {
        event_key: `TASK_LATE:case:${caseNumber}:VERIFY_IP:2026-01-20`,
        recipient_org_ids: ['BANK-SHCB'],
        day: '2026-01-21',
      },
    ]);
    // The next close of business and a rerun of the same one report it no more.
    await advanceTo(system, '2026-01-22');
    const rerun = await system
      .worker!.get(RecordLateTasksUseCase)
      .execute({ from: '2026-01-19', to: '2026-01-21' });
    expect(rerun.reported).toBe(0);
    expect(await lateEvents()).toHaveLength(1);
  });

  it('asks an approver other than the proposer to decide a default, then the insurer and the fund for their claims, four eyes on each payment', async () => {
    const { caseNumber } = await openActiveCase(system);
    await advanceTo(system, addDays(await businessDate(system), 1));
    await act(system, caseNumber, '/default', { reasonCode: 'BORROWER_WRITTEN_NOTICE' });
    await expectSeen(
      caseNumber,
      { [USERS.approver]: ['DEFAULT_CONFIRMATION'] },
      othersThan(USERS.approver),
    );
    const decision = await onlyTask(USERS.approver, caseNumber);
    expect(decision.action).toMatchObject({
      event: 'DECLARE_DEFAULT',
      path: `/api/v1/cases/${caseNumber}/default/confirm`,
      role: 'CREDIT_APPROVER',
    });
    const defaulted = await act(system, caseNumber, '/default/confirm', {}, USERS.approver);
    expect(defaulted.status).toBe('COMPENSATION');

    const insurance = `${caseNumber}-INS`;
    const fund = `${caseNumber}-FUND`;
    const fundClaim = (defaulted.compensationClaims as Json[]).find((c) => c.claimId === fund);
    const today = await businessDate(system);
    // The fund reviews only once its trigger days have passed.
    const fundReady = fundClaim.eligibleOn <= today;
    await expectSeen(
      caseNumber,
      {
        'insurer.anxin': ['COMPENSATION_CONFIRMATION'],
        'insurer2.anxin': ['COMPENSATION_CONFIRMATION'],
        'fund.manager': fundReady ? ['COMPENSATION_REVIEW'] : [],
        'fund.manager2': fundReady ? ['COMPENSATION_REVIEW'] : [],
      },
      othersThan('insurer.anxin', 'insurer2.anxin', 'fund.manager', 'fund.manager2'),
    );
    const confirmation = await onlyTask('insurer.anxin', caseNumber);
    expect(confirmation).toMatchObject({
      subject: { type: 'COMPENSATION_CLAIM', id: insurance, caseNumber },
      action: {
        event: 'CONFIRM_INSURANCE_CLAIM',
        path: `/api/v1/cases/${caseNumber}/compensation-claims/${insurance}/confirm`,
        role: 'INSURER',
      },
    });
    await act(system, caseNumber, `/compensation-claims/${insurance}/confirm`, {}, 'insurer.anxin');
    expect(await kindsOn('insurer.anxin', caseNumber)).toEqual([]);
    expect(await kindsOn('insurer2.anxin', caseNumber)).toEqual(['COMPENSATION_PAYMENT']);
    await act(
      system,
      caseNumber,
      `/compensation-claims/${insurance}/pay`,
      { reference: `INS-PAY-${caseNumber}` },
      'insurer2.anxin',
    );
    expect(await kindsOn('insurer2.anxin', caseNumber)).toEqual([]);

    if (!fundReady) await advanceTo(system, fundClaim.eligibleOn);
    expect(await kindsOn('fund.manager', caseNumber)).toEqual(['COMPENSATION_REVIEW']);
    await act(system, caseNumber, `/compensation-claims/${fund}/review`, {}, 'fund.manager');
    expect(await kindsOn('fund.manager', caseNumber)).toEqual([]);
    const payment = await onlyTask('fund.manager2', caseNumber);
    expect(payment).toMatchObject({
      kind: 'COMPENSATION_PAYMENT',
      action: {
        event: 'PAY_FUND_CLAIM',
        path: `/api/v1/cases/${caseNumber}/compensation-claims/${fund}/pay`,
      },
    });
    await act(
      system,
      caseNumber,
      `/compensation-claims/${fund}/pay`,
      { reference: `FUND-PAY-${caseNumber}` },
      'fund.manager2',
    );
    await expectSeen(caseNumber, {}, EVERYONE);
  });

  it('gives a disposal’s method to the bank, its rounds to the exchange and its write-off to the administrators', async () => {
    const caseNumber = await disposing();
    await expectSeen(
      caseNumber,
      { [USERS.officer]: ['DISPOSAL_METHOD'] },
      othersThan(USERS.officer),
    );
    expect(await onlyTask(USERS.officer, caseNumber)).toMatchObject({
      subject: { type: 'DISPOSAL', id: caseNumber },
      action: { event: 'CHOOSE_ROUND_METHOD', path: `/api/v1/cases/${caseNumber}/disposal/method` },
    });
    await act(system, caseNumber, '/disposal/method', { method: 'AUCTION' });
    await expectSeen(
      caseNumber,
      { 'operator.shipx': ['ROUND_OPEN'], 'operator2.shipx': ['ROUND_OPEN'] },
      othersThan('operator.shipx', 'operator2.shipx'),
    );
    expect((await onlyTask('operator.shipx', caseNumber)).action).toMatchObject({
      event: 'OPEN_ROUND',
      path: `/api/v1/cases/${caseNumber}/disposal/rounds`,
      role: 'EXCHANGE_OPERATOR',
    });
    const { floor } = await getDisposal(system, caseNumber);
    await act(system, caseNumber, '/disposal/rounds', { startingPrice: floor }, 'operator.shipx');
    // A round open for bids waits on nobody until it ends.
    await expectSeen(caseNumber, {}, EVERYONE);

    await act(
      system,
      caseNumber,
      '/disposal/write-off',
      { reason: 'No market for the patent' },
      USERS.approver,
    );
    await expectSeen(
      caseNumber,
      { [USERS.admin]: ['WRITE_OFF_APPROVAL'] },
      othersThan(USERS.admin),
    );
    await act(system, caseNumber, '/disposal/write-off/approve', {}, USERS.admin);
    await expectSeen(caseNumber, {}, EVERYONE);
  });

  it('gives a sale below the floor to the administrators, its completion to the bank and its transfer to the registration clerks', async () => {
    const caseNumber = await disposing();
    await act(system, caseNumber, '/disposal/method', { method: 'NEGOTIATED_TRANSFER' });
    await expectSeen(caseNumber, {}, EVERYONE);
    await act(
      system,
      caseNumber,
      '/disposal/sale',
      { method: 'NEGOTIATED_TRANSFER', buyer: newUscc(), price: '300000.00' },
      USERS.officer2,
    );
    await expectSeen(caseNumber, { [USERS.admin]: ['SALE_APPROVAL'] }, othersThan(USERS.admin));
    await act(
      system,
      caseNumber,
      '/disposal/sale/approve',
      { reason: 'Court ruling orders the sale at the offered price', ground: 'COURT_ORDER' },
      USERS.admin,
    );
    // The case's owner completes the sale.
    await expectSeen(
      caseNumber,
      { [USERS.officer]: ['SALE_COMPLETION'] },
      othersThan(USERS.officer),
    );
    await act(system, caseNumber, '/disposal/sale/complete', { costs: '1000.00' });
    await expectSeen(
      caseNumber,
      { [USERS.clerk]: ['TRANSFER_REGISTRATION'] },
      othersThan(USERS.clerk),
    );
    expect(await onlyTask(USERS.clerk, caseNumber)).toMatchObject({
      subject: { type: 'DISPOSAL', id: caseNumber, caseNumber },
      action: {
        method: 'POST',
        path: `/api/v1/cases/${caseNumber}/disposal/transfer-registration`,
        role: 'REGISTRATION_CLERK',
      },
    });
    await registerTransfer(system, caseNumber, await businessDate(system));
    await expectSeen(caseNumber, {}, EVERYONE);
  });

  it('takes a subsidy claim through review, approval and payment by different people of the district', async () => {
    await publishPolicy(
      system,
      'approver.pudong',
      'INTEREST',
      policyTerms({ programme: 'INBOX-TEST' }),
    );
    const loan = await openLoan(system, { termMonths: 12 });
    const caseNumber = loan.caseNumber as string;
    await advanceTo(system, loan.schedule[0].dueDate);
    await repayOnDueDates(system, caseNumber, [1]);
    const claim = await submitInterest(system, USERS.officer, {
      caseNumber,
      fromInstalment: 1,
      toInstalment: 1,
    });
    const district = ['reviewer.pudong', 'approver.pudong', 'approver2.pudong', 'reviewer.xuhui'];
    const claimKinds = async (user: string) =>
      ((await inbox(user, `?caseNumber=${caseNumber}`)).items as Json[])
        .filter((t) => t.subject.type === 'SUBSIDY_CLAIM')
        .map((t) => t.kind);
    const seen = async () => Promise.all(district.map(async (u) => [u, await claimKinds(u)]));
    expect(await seen()).toEqual([
      ['reviewer.pudong', ['CLAIM_REVIEW']],
      ['approver.pudong', []],
      ['approver2.pudong', []],
      ['reviewer.xuhui', []],
    ]);
    const [review] = (await inbox('reviewer.pudong', `?caseNumber=${caseNumber}&kind=CLAIM_REVIEW`))
      .items as Json[];
    expect(review).toMatchObject({
      id: `subsidy-claim:${claim.id}:CLAIM_REVIEW`,
      subject: { type: 'SUBSIDY_CLAIM', id: claim.id, caseNumber },
      action: {
        event: 'REVIEW',
        path: `/api/v1/subsidies/claims/${claim.id}/review`,
        role: 'DISTRICT_REVIEWER',
      },
    });

    // An approver reviews it: the other approver approves it (four eyes).
    await claimAct(system, claim.id, 'review', 'approver2.pudong', { note: 'vouchers match' });
    expect(await seen()).toEqual([
      ['reviewer.pudong', []],
      ['approver.pudong', ['CLAIM_APPROVAL']],
      ['approver2.pudong', []],
      ['reviewer.xuhui', []],
    ]);
    await claimAct(system, claim.id, 'approve', 'approver.pudong');
    expect(await seen()).toEqual([
      ['reviewer.pudong', ['CLAIM_PAYMENT']],
      ['approver.pudong', []],
      ['approver2.pudong', ['CLAIM_PAYMENT']],
      ['reviewer.xuhui', []],
    ]);
    await claimAct(system, claim.id, 'pay', 'reviewer.pudong', {
      paymentReference: `PAY-${claim.id}`,
    });
    expect(await seen()).toEqual(district.map((u) => [u, []]));
  });

  it('counts a deadline across the National Day week and its make-up working day', async () => {
    await advanceTo(system, '2026-09-29');
    const { caseNumber } = await openCase(system);
    await driveTo(system, caseNumber, 'SUBMITTED');
    // Tuesday 29 September + 3 working days: Wednesday 30, then 1–7 October off, Thursday 8, Friday 9.
    let [task] = (await inbox(USERS.officer, `?caseNumber=${caseNumber}`)).items as Json[];
    expect(task).toMatchObject({ since: '2026-09-29', deadline: '2026-10-09', workingDaysLeft: 3 });

    await advanceTo(system, '2026-10-05');
    [task] = (await inbox(USERS.officer, `?caseNumber=${caseNumber}`)).items as Json[];
    expect(task).toMatchObject({ workingDaysLeft: 2, sla: 'ON_TIME' });
    await advanceTo(system, '2026-10-09');
    [task] = (await inbox(USERS.officer, `?caseNumber=${caseNumber}`)).items as Json[];
    expect(task).toMatchObject({ workingDaysLeft: 0, sla: 'DUE_SOON' });
    // Saturday 10 October is worked in exchange: the task is late on it.
    await advanceTo(system, '2026-10-10');
    [task] = (await inbox(USERS.officer, `?caseNumber=${caseNumber}`)).items as Json[];
    expect(task).toMatchObject({ workingDaysLeft: -1, sla: 'LATE' });
  });
  it('leaves a deadline beyond the loaded calendar years empty rather than guessed', async () => {
    const admin = await system.as(USERS.admin);
    expectOk(
      await admin.put('/api/v1/admin/task-sla', {
        items: [
          { organisationKind: 'BANK', taskKind: 'VERIFY_IP', workingDays: 10, dueSoonDays: 2 },
        ],
      }),
      200,
    );
    await advanceTo(system, '2026-12-24');
    const { caseNumber } = await openCase(system);
    await driveTo(system, caseNumber, 'SUBMITTED');
    // Ten working days from 24 December end in 2027, whose holiday notice is not loaded.
    expect(await onlyTask(USERS.officer, caseNumber)).toMatchObject({
      since: '2026-12-24',
      deadline: null,
      workingDaysAllowed: 10,
      workingDaysLeft: null,
      sla: 'ON_TIME',
    });
  });
});

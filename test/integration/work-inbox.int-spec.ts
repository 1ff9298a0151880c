/**
 * The work inbox (GET /api/v1/tasks) against the real services: who sees which task at each
 * step of a case and of the other processes, deadlines in working days on the 2026 calendar,
 * SLA states as the business date moves, escalation, TASK_LATE events, and the time limits
 * administrators set. The business date only moves forward, so the tests run in date order.
 */
import {
  act,
  advanceTo,
  businessDate,
  driveTo,
  expectOk,
  expectProblem,
  openCase,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { RecordLateTasksUseCase } from '../../activities/case-ledger/use-cases/record-late-tasks.use-case';

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

/** Asserts who sees a task on the case: `seers` see exactly `kinds`, everyone else nothing. */
async function expectSeen(
  caseNumber: string,
  seers: Record<string, string[]>,
  others: string[],
): Promise<void> {
  const users = [...Object.keys(seers), ...others];
  const seen = await Promise.all(
    users.map(async (user) => ({ user, kinds: await kindsOn(user, caseNumber) })),
  );
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
  'insurer.anxin',
  'fund.manager',
  'operator.shipx',
  USERS.admin,
];

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
      othersThan(USERS.officer),
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
      await expectSeen(caseNumber, seers, othersThan(...Object.keys(seers)));
    }
    const [registration] = (await inbox(USERS.officer, `?caseNumber=${caseNumber}`))
      .items as Json[];
    expect(registration.action.path).toBe(`/api/v1/cases/${caseNumber}/disbursement`);

    await act(system, caseNumber, '/disbursement', {
      reference: `DB-${caseNumber}`,
      valueDate: today,
    });
    await expectSeen(caseNumber, {}, EVERYONE);
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
});

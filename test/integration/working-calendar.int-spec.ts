import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { WorkingCalendarActivities } from '../../activities/case-ledger/working-calendar.activities';
import { AuditLog } from '../../libs/audit/src/audit-log';
import { dataSourceOptions } from '../../libs/persistence/src/data-source';
import { WorkingCalendarRepository } from '../../libs/persistence/src/repositories/working-calendar.repository';
import { expectOk, expectProblem, USERS, withDb, type Json } from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(120_000);

/**
 * The working calendar through the API on the migrated, seeded database. Administrators' edits
 * use the year 2099 with a made-up notice, so that no test data could be mistaken for a real
 * State Council notice; its October has the same weekdays as 2026 (1 October is a Thursday).
 */
const TEST_YEAR = 2099;
const testNotice = (entries: Json[]) => ({
  noticeTitle: '测试用节假日安排（非真实通知）',
  noticeReference: 'TEST-2099-1',
  publishedOn: '2098-11-01',
  entries,
});
const HOLIDAY_WEEK = ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
  date: `${TEST_YEAR}-10-${d}`,
  kind: 'HOLIDAY',
  name: '测试假期',
}));
const MAKE_UP_SATURDAY = { date: `${TEST_YEAR}-10-10`, kind: 'MAKE_UP_WORKDAY', name: '测试假期' };

describe('working calendar (工作日)', () => {
  let system: TestSystem;

  const deadline = async (from: string, days: number, username: string = USERS.officer) => {
    const officer = await system.as(username);
    return officer.get(`/api/v1/working-calendar/working-days?from=${from}&days=${days}`);
  };
  const stored = (year: number) =>
    withDb(system, async (db) => ({
      years: (await db.query(`SELECT * FROM working_calendar_year WHERE year = $1`, [year])).rows,
      entries: (
        await db.query(
          `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM working_calendar
            WHERE year = $1 ORDER BY date`,
          [year],
        )
      ).rows,
      changes: (
        await db.query(`SELECT count(*)::int AS n FROM working_calendar_change WHERE year = $1`, [
          year,
        ])
      ).rows[0].n as number,
      audits: (
        await db.query(
          `SELECT actor_username, payload FROM audit_log
            WHERE action = 'WORKING_CALENDAR_REPLACED' AND subject_type = 'WORKING_CALENDAR'
              AND subject_id = $1 ORDER BY seq`,
          [String(year)],
        )
      ).rows,
    }));

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('reads back the seeded years with their notices', async () => {
    const officer = await system.as(USERS.officer);
    const y2024 = await officer.get('/api/v1/working-calendar/2024');
    expectOk(y2024, 200);
    expect(y2024.body.notice).toMatchObject({
      title: '国务院办公厅关于2024年部分节假日安排的通知',
      reference: '国办发明电〔2023〕7号',
      publishedOn: '2023-10-25',
    });
    const y2026 = await officer.get('/api/v1/working-calendar/2026');
    expectOk(y2026, 200);
    expect(y2026.body.entries).toHaveLength(39);
    expect(y2026.body.entries).toEqual(
      expect.arrayContaining([
        { date: '2026-10-01', kind: 'HOLIDAY', name: '国庆节' },
        { date: '2026-10-10', kind: 'MAKE_UP_WORKDAY', name: '国庆节' },
        { date: '2026-02-14', kind: 'MAKE_UP_WORKDAY', name: '春节' },
      ]),
    );
    const y2025 = await officer.get('/api/v1/working-calendar/2025');
    expect(y2025.body.notice.reference).toBe('国办发明电〔2024〕12号');
    // No notice for 2027 is loaded: the year is not found rather than guessed.
    expectProblem(
      await officer.get('/api/v1/working-calendar/2027'),
      404,
      'WORKING_CALENDAR_NOT_FOUND',
    );
  });

  it('closes a 5-working-day round opened the Wednesday before National Day on the right day', async () => {
    // 2026-09-30 (Wed); 10-01..10-07 off; Thu 10-08, Fri 10-09, make-up Sat 10-10, Mon 10-12,
    // Tue 10-13.
    const res = await deadline('2026-09-30', 5);
    expectOk(res, 200);
    expect(res.body).toEqual({ from: '2026-09-30', days: 5, deadline: '2026-10-13' });
  });

  it('computes windows across a holiday week', async () => {
    // Spring Festival 2026: make-up Sat 02-14, 02-15..02-23 off, 02-24..02-27, make-up Sat
    // 02-28, Mon 03-02 is the 7th.
    expect((await deadline('2026-02-13', 7)).body.deadline).toBe('2026-03-02');
    // National Day and Mid-Autumn 2025 (10-01..10-08): make-up Sun 09-28, 09-29, 09-30, 10-09,
    // 10-10, make-up Sat 10-11 is the 6th.
    expect((await deadline('2025-09-27', 6)).body.deadline).toBe('2025-10-11');
    // Into a year without its notice: refused, not guessed.
    expectProblem(await deadline('2026-12-30', 5), 422, 'CALENDAR_YEAR_NOT_COVERED');
    expectProblem(await deadline('2026-09-30', 0), 400, 'VALIDATION_FAILED');
  });

  it('stores an administrator’s edit with its history and audit entry', async () => {
    const admin = await system.as(USERS.admin);
    const first = await admin.put(
      `/api/v1/admin/working-calendar/${TEST_YEAR}`,
      testNotice([...HOLIDAY_WEEK, MAKE_UP_SATURDAY]),
    );
    expectOk(first, 200);
    expect(first.body).toMatchObject({ year: TEST_YEAR, loadedBy: expect.any(String) });
    expect(first.body.entries).toHaveLength(8);
    expect((await deadline(`${TEST_YEAR}-09-30`, 5)).body.deadline).toBe(`${TEST_YEAR}-10-13`);

    // A correction: the make-up Saturday is withdrawn, so the round ends a day later.
    expectOk(
      await admin.put(`/api/v1/admin/working-calendar/${TEST_YEAR}`, testNotice(HOLIDAY_WEEK)),
      200,
    );
    expect((await deadline(`${TEST_YEAR}-09-30`, 5)).body.deadline).toBe(`${TEST_YEAR}-10-14`);

    const history = await admin.get(`/api/v1/admin/working-calendar/${TEST_YEAR}/history`);
    expectOk(history, 200);
    expect(history.body).toHaveLength(2);
    expect(history.body[0]).toMatchObject({ before: null, changedByRole: 'ADMINISTRATOR' });
    expect(history.body[0].after.entries).toHaveLength(8);
    expect(history.body[1].before.entries).toHaveLength(8);
    expect(history.body[1].after.entries).toHaveLength(7);

    const db = await stored(TEST_YEAR);
    expect(db.entries).toHaveLength(7);
    expect(db.changes).toBe(2);
    expect(db.audits).toHaveLength(2);
    expect(db.audits[1]).toMatchObject({
      actor_username: USERS.admin,
      payload: { removed: [`${TEST_YEAR}-10-10`], added: [], entries: 7 },
    });
  });

  it('refuses an edit by a non-administrator and stores nothing', async () => {
    const officer = await system.as(USERS.officer);
    expectProblem(
      await officer.put('/api/v1/admin/working-calendar/2098', testNotice(HOLIDAY_WEEK)),
      403,
      'ROLE_FORBIDDEN',
    );
    expectProblem(
      await officer.get(`/api/v1/admin/working-calendar/${TEST_YEAR}/history`),
      403,
      'ROLE_FORBIDDEN',
    );
    const db = await stored(2098);
    expect(db).toEqual({ years: [], entries: [], changes: 0, audits: [] });
  });

  it.each<[string, Json[], string]>([
    [
      'a date in another year',
      [{ ...MAKE_UP_SATURDAY, date: '2098-10-10' }],
      'INVALID_WORKING_CALENDAR',
    ],
    ['a duplicate date', [...HOLIDAY_WEEK, HOLIDAY_WEEK[0]], 'INVALID_WORKING_CALENDAR'],
    // 2099-10-08 is a Thursday: already a working day.
    [
      'a weekday make-up day',
      [{ ...MAKE_UP_SATURDAY, date: `${TEST_YEAR}-10-08` }],
      'INVALID_WORKING_CALENDAR',
    ],
    // Refused at the edge, like every date field.
    [
      'an impossible date',
      [{ ...MAKE_UP_SATURDAY, date: `${TEST_YEAR}-02-30` }],
      'VALIDATION_FAILED',
    ],
    ['an unknown kind', [{ ...MAKE_UP_SATURDAY, kind: 'DAY_OFF' }], 'VALIDATION_FAILED'],
  ])('refuses %s with 400 and stores nothing', async (_label, entries, code) => {
    const admin = await system.as(USERS.admin);
    const before = await stored(TEST_YEAR);
    const res = await admin.put(`/api/v1/admin/working-calendar/${TEST_YEAR}`, testNotice(entries));
    expectProblem(res, 400, code);
    expect(await stored(TEST_YEAR)).toEqual(before);
  });

  it('keeps the history insert-only', async () => {
    await withDb(system, async (db) => {
      await expect(db.query(`DELETE FROM working_calendar_change`)).rejects.toThrow(/insert-only/);
    });
  });

  it('gives workflows the same answers through the activities, refusing an uncovered year for good', async () => {
    // As the worker connects: the application role, the real repository.
    const db = new DataSource(dataSourceOptions(system.appDatabaseUrl));
    await db.initialize();
    try {
      const activities = new WorkingCalendarActivities(
        new WorkingCalendarRepository(db, new AuditLog(db)),
      );
      await expect(activities.addWorkingDays({ from: '2026-09-30', days: 5 })).resolves.toBe(
        '2026-10-13',
      );
      await expect(activities.nextWorkingDay({ date: '2026-10-03' })).resolves.toBe('2026-10-08');
      await expect(
        activities.workingDaysBetween({ from: '2026-02-13', to: '2026-03-02' }),
      ).resolves.toBe(7);
      const refusal = await activities
        .addWorkingDays({ from: '2026-12-30', days: 5 })
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ApplicationFailure);
      expect(refusal).toMatchObject({ type: 'CALENDAR_YEAR_NOT_COVERED', nonRetryable: true });
    } finally {
      await db.destroy();
    }
  });
});

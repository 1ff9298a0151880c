/**
 * The work inbox's deadlines follow the working calendar as it is edited: the working-day
 * numbers the inbox counts with are rebuilt by the calendar's own writes, so an administrator's
 * added holiday moves a waiting task's deadline on the next read, and withdrawing it moves it back.
 */
import {
  advanceTo,
  driveTo,
  expectOk,
  openCase,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(600_000);

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.close();
});

async function taskOn(caseNumber: string): Promise<Json> {
  const res = await (await system.as(USERS.officer)).get(`/api/v1/tasks?caseNumber=${caseNumber}`);
  expectOk(res, 200);
  expect(res.body.items).toHaveLength(1);
  return res.body.items[0];
}

/** Replaces 2026 with its seeded notice and entries plus `extra`. */
async function replace2026(seeded: Json, extra: Json[]): Promise<void> {
  const admin = await system.as(USERS.admin);
  const res = await admin.put('/api/v1/admin/working-calendar/2026', {
    noticeTitle: seeded.notice.title,
    noticeReference: seeded.notice.reference ?? undefined,
    publishedOn: seeded.notice.publishedOn ?? undefined,
    sourceUrl: seeded.notice.sourceUrl ?? undefined,
    entries: [...seeded.entries, ...extra],
  });
  expectOk(res, 200);
}

describe('work inbox on an edited working calendar', () => {
  it('moves a deadline by a holiday added through the API, and back when it is withdrawn', async () => {
    const seededRes = await (await system.as(USERS.officer)).get('/api/v1/working-calendar/2026');
    expectOk(seededRes, 200);
    const seeded = seededRes.body as Json;

    // Monday 2 November + 3 working days: Thursday 5 November.
    await advanceTo(system, '2026-11-02');
    const { caseNumber } = await openCase(system);
    await driveTo(system, caseNumber, 'SUBMITTED');
    expect(await taskOn(caseNumber)).toMatchObject({
      since: '2026-11-02',
      deadline: '2026-11-05',
      workingDaysLeft: 3,
    });

    // Wednesday 4 November made a holiday: the third working day is Friday 6 November.
    await replace2026(seeded, [{ date: '2026-11-04', kind: 'HOLIDAY', name: '测试假期' }]);
    expect(await taskOn(caseNumber)).toMatchObject({
      since: '2026-11-02',
      deadline: '2026-11-06',
      workingDaysAllowed: 3,
      workingDaysLeft: 3,
    });
    // The stored numbers are those a recomputation from the calendar gives.
    await withDb(system, async (db) => {
      const { rows } = await db.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, working, n FROM working_day_ordinal
          WHERE day BETWEEN '2026-11-03' AND '2026-11-06' ORDER BY day`,
      );
      const n = Number(rows[0].n);
      expect(rows).toEqual([
        { day: '2026-11-03', working: true, n },
        { day: '2026-11-04', working: false, n },
        { day: '2026-11-05', working: true, n: n + 1 },
        { day: '2026-11-06', working: true, n: n + 2 },
      ]);
    });

    await replace2026(seeded, []);
    expect(await taskOn(caseNumber)).toMatchObject({ deadline: '2026-11-05', workingDaysLeft: 3 });
  });
});

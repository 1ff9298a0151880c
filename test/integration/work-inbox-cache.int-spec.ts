/**
 * The work inbox's page cache against the real services: a page asked for again at the same
 * read-model generation is the cached answer and equals a fresh computation; a case step through
 * the API, and a time limit changed by an administrator (a table the inbox alone reads), each
 * move the generation on so the next page shows the change.
 */
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../libs/persistence/src/data-source';
import {
  InboxRepository,
  type InboxFilter,
  type InboxReader,
} from '../../libs/persistence/src/repositories/work/inbox.repository';
import { readModelGeneration } from '../../libs/persistence/src/repositories/read-model-generation';
import { BusinessCalendarRepository } from '../../libs/persistence/src/repositories/business-calendar.repository';
import { rolesEscalatedTo } from '../../libs/domain/src/tasks/tasks';
import {
  act,
  businessDate,
  driveTo,
  expectOk,
  openCase,
  USERS,
  withDb,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(600_000);

let system: TestSystem;
let db: DataSource;
let inbox: InboxRepository;
let officer: InboxReader;

beforeAll(async () => {
  system = await startTestSystem();
  db = createDataSource(system.appDatabaseUrl);
  await db.initialize();
  inbox = new InboxRepository(db);
  officer = await withDb(system, async (c) => {
    const { rows } = await c.query(
      `SELECT id, role, organisation_id FROM app_user WHERE username = $1`,
      [USERS.officer],
    );
    return {
      userId: rows[0].id,
      role: rows[0].role,
      organisationId: rows[0].organisation_id,
      escalatedFrom: rolesEscalatedTo(rows[0].role),
    };
  });
});

afterAll(async () => {
  await db?.destroy();
  await system?.close();
});

describe('work inbox page cache', () => {
  it('serves an unchanged page from the cache and recomputes it after a case step or a time-limit change', async () => {
    const { caseNumber } = await openCase(system);
    await driveTo(system, caseNumber, 'SUBMITTED');
    const today = await businessDate(system);
    const filter: InboxFilter = { caseNumber, sort: 'deadline', page: 1, pageSize: 20 };

    const first = await inbox.inbox(officer, today, filter);
    expect(first.items.map((t) => t.kind)).toEqual(['VERIFY_IP']);
    // Nothing written since: the same answer object, and what a fresh computation gives.
    expect(await inbox.inbox(officer, today, filter)).toBe(first);
    const fresh = await inbox.computeInbox(officer, today, filter);
    expect(fresh.generation).toBe(await readModelGeneration(db));
    expect(fresh.value).toEqual(first);
    // The API reads the date and the generation in one statement and asks the cache with them.
    const calendar = new BusinessCalendarRepository(db);
    const together = await calendar.currentWithGeneration();
    expect(together).toEqual({
      businessDate: today,
      generation: await readModelGeneration(db),
    });
    expect(await inbox.inbox(officer, together.businessDate, filter, together.generation)).toBe(
      first,
    );

    // A case step through the API: the next page has the next step's task.
    await act(system, caseNumber, '/verify-ip', {}, USERS.officer);
    const after = await calendar.currentWithGeneration();
    expect(after.generation).toBeGreaterThan(together.generation);
    const stepped = await inbox.inbox(officer, today, filter, after.generation);
    expect(stepped.items.map((t) => t.kind)).toEqual(['REQUEST_VALUATION']);
    expect(stepped).toEqual((await inbox.computeInbox(officer, today, filter)).value);

    // task_sla joined the generation with the inbox: a new limit moves the deadline.
    const before = stepped.items[0]!.workingDaysAllowed;
    const admin = await system.as(USERS.admin);
    expectOk(
      await admin.put('/api/v1/admin/task-sla', {
        items: [
          {
            organisationKind: 'BANK',
            taskKind: 'REQUEST_VALUATION',
            workingDays: before! + 5,
            dueSoonDays: 2,
          },
        ],
      }),
      200,
    );
    const limited = await inbox.inbox(officer, today, filter);
    expect(limited.items[0]!.workingDaysAllowed).toBe(before! + 5);
    expect(limited).toEqual((await inbox.computeInbox(officer, today, filter)).value);
  });
});

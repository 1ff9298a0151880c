import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  advanceTo,
  businessDate,
  eventually,
  openCase,
  rowTotal,
  USERS,
  withDb,
} from '../support/case-flows';
import { reportFault } from '../support/fault-report';
import { FaultDriver } from '../support/fault-drive';
import { freePort } from '../support/fault-processes';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { testEnv } from '../setup/test-env';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const temporal = require('../../scripts/lib/temporal.js');

const CASES = 6;

interface DevServer {
  child: import('node:child_process').ChildProcess;
  address: string;
  stop(): Promise<void>;
}

/**
 * The Temporal dev server of this test (its own port and SQLite file, not the run's shared one)
 * is killed with SIGKILL while several cases are being driven through the API, and started again
 * on the same file and port. Every open case continues and completes its lifecycle to a first
 * repayment; the books hold exactly what the callers were told.
 */
describe('restarting the Temporal dev server on the same database file mid-run', () => {
  let server: DevServer;
  let system: TestSystem;
  let port: number;
  const dbFile = join(__dirname, '..', '..', '.tmp', `temporal-fault-${process.pid}.db`);
  const logFile = join(__dirname, '..', '..', '.tmp', `temporal-fault-${process.pid}.log`);

  const startServer = (): Promise<DevServer> =>
    temporal.startDevServer({ cli: testEnv().temporalCli, port, dbFile, logFile, headless: true });

  beforeAll(async () => {
    port = await freePort();
    server = await startServer();
    system = await startTestSystem({ env: { TEMPORAL_ADDRESS: server.address } });
  });

  afterAll(async () => {
    await system?.close();
    await server?.stop();
    for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, logFile])
      rmSync(file, { force: true });
  });

  it('continues and completes every open case, with counts that equal the acknowledged ones', async () => {
    const count = async (table: string) =>
      withDb(system, async (db) =>
        Number((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n),
      );
    const seeded = {
      disbursements: await count('disbursement'),
      repayments: await count('repayment'),
    };
    const acknowledged = { disbursements: 0, repayments: 0 };
    const driver = new FaultDriver(system);
    const today = await businessDate(system);
    const opened = await Promise.all(Array.from({ length: CASES }, () => openCase(system)));
    const officer = await system.as(USERS.officer);
    const drive = async (c: (typeof opened)[number]) => {
      const active = await driver.driveToDisbursement(c, today);
      expect(active.status).toBe('ACTIVE');
      acknowledged.disbursements += 1;
      return active;
    };

    const driving = Promise.all(opened.map(drive));
    // The fault strikes once the cases are well under way and before any is disbursed.
    await eventually(async () => expect(driver.done).toBeGreaterThanOrEqual(CASES * 3), 60_000);
    const inFlightAtFault = driver.inFlight;
    // The file is in write-ahead-log mode (SQLITE_PRAGMAS): the kill leaves commits in the log
    // that the restarted server replays.
    expect(existsSync(`${dbFile}-wal`)).toBe(true);
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('exit', resolve));
    const downAt = Date.now();
    server = await startServer();
    const awaySeconds = (Date.now() - downAt) / 1000;
    const actives = await driving;

    // Every case continues: the first instalment is repaid on its due date.
    const first = actives[0].schedule[0];
    await advanceTo(system, first.dueDate);
    for (const [i, active] of actives.entries()) {
      const row = active.schedule[0];
      const caseNumber = opened[i]!.caseNumber;
      const view = await driver.step(
        caseNumber,
        () =>
          officer.post(`/api/v1/cases/${caseNumber}/repayments`, {
            reference: `RP-${opened[i]!.request.bankReference}`,
            amount: rowTotal(row),
            valueDate: row.dueDate,
          }),
        (v) => v.repayments?.length === 1,
      );
      acknowledged.repayments += 1;
      expect(view).toMatchObject({ status: 'ACTIVE', daysPastDue: 0 });
      expect(view.repayments).toHaveLength(1);
    }

    // Each case's timeline has every step once, in order, without gaps.
    await withDb(system, async (db) => {
      for (const { caseNumber } of opened) {
        const events = await db.query(
          `SELECT seq, event FROM case_event WHERE case_number = $1 ORDER BY seq`,
          [caseNumber],
        );
        expect(events.rows.map((r: { seq: number }) => r.seq)).toEqual(
          events.rows.map((_: unknown, i: number) => i + 1),
        );
        const named = (event: string) =>
          events.rows.filter((r: { event: string }) => r.event === event).length;
        expect([named('DISBURSE'), named('RECORD_REPAYMENT')]).toEqual([1, 1]);
      }
    });

    const mismatched = reportFault({
      fault: 'Temporal dev server SIGKILL and restart on the same database file',
      cases: CASES,
      inFlightAtFault,
      movements: {
        disbursements: {
          recorded: (await count('disbursement')) - seeded.disbursements,
          acknowledged: acknowledged.disbursements,
        },
        repayments: {
          recorded: (await count('repayment')) - seeded.repayments,
          acknowledged: acknowledged.repayments,
        },
      },
      notes: {
        'seconds until the server answered again': awaySeconds.toFixed(1),
        'steps sent again after a failed answer': driver.retried,
        'API answers by status': driver.answersByStatus(),
        'problems of the 5xx answers': driver.failuresByProblem(),
      },
    });
    expect(mismatched).toEqual([]);
  });
});

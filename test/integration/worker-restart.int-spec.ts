import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  act,
  advanceTo,
  attempt,
  driveToRegistered,
  getCase,
  openCase,
  rowTotal,
  withDb,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

/**
 * The worker runs as its own process (the compiled app, as in production) and is killed with
 * SIGKILL in the middle of a case. After a restart nothing is lost and nothing is duplicated.
 */
describe('killing and restarting the worker mid-case', () => {
  let system: TestSystem;
  let worker: ChildProcess | null = null;
  const workerMain = join(__dirname, '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');

  function startWorkerProcess(): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [workerMain], {
        env: { ...process.env, ...system.env, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Temporal worker running')) resolve(child);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) =>
        reject(new Error(`worker exited early (${code}): ${output.slice(-2000)}`)),
      );
    });
  }

  async function killWorker(): Promise<void> {
    const child = worker!;
    worker = null;
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    worker = await startWorkerProcess();
  });

  afterAll(async () => {
    if (worker) await killWorker();
    await system.close();
  });

  it('loses nothing and duplicates nothing across SIGKILLs during disbursement and repayment', async () => {
    const { caseNumber } = await openCase(system, {
      bankReference: 'KILL-0001',
      amount: '600000.00',
      termMonths: 6,
    });
    const valueDate = (await getCase(system, caseNumber)).businessDate as string;
    await driveToRegistered(system, caseNumber, { on: valueDate });

    // Disburse while the worker dies: the Update waits on the server and finishes after restart.
    const disbursing = attempt(system, caseNumber, '/disbursement', {
      reference: 'DB-KILL-0001',
      valueDate,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await killWorker();
    worker = await startWorkerProcess();
    const disbursed = await disbursing;
    expect(disbursed.status).toBe(200);
    expect(disbursed.body.status).toBe('ACTIVE');

    // A client retry of the same step is refused by the state machine, not applied twice.
    const retry = await attempt(system, caseNumber, '/disbursement', {
      reference: 'DB-KILL-0001',
      valueDate,
    });
    expect(retry.body.code).toBe('INVALID_TRANSITION');

    const first = disbursed.body.schedule[0];
    await advanceTo(system, first.dueDate);
    const paying = attempt(system, caseNumber, '/repayments', {
      reference: 'RP-KILL-1',
      amount: rowTotal(first),
      valueDate: first.dueDate,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await killWorker();
    worker = await startWorkerProcess();
    expect((await paying).status).toBe(200);
    // The bank's system retries the same payment after the outage: booked once.
    const again = await act(system, caseNumber, '/repayments', {
      reference: 'RP-KILL-1',
      amount: rowTotal(first),
      valueDate: first.dueDate,
    });
    expect(again.repayments).toHaveLength(1);
    expect(again.daysPastDue).toBe(0);

    await withDb(system, async (db) => {
      const disbursements = await db.query(
        `SELECT count(*)::int AS n FROM disbursement WHERE case_number = $1`,
        [caseNumber],
      );
      expect(disbursements.rows[0].n).toBe(1);
      const repayments = await db.query(
        `SELECT count(*)::int AS n FROM repayment WHERE case_number = $1`,
        [caseNumber],
      );
      expect(repayments.rows[0].n).toBe(1);
      const pledges = await db.query(
        `SELECT count(*)::int AS n FROM pledge WHERE case_number = $1 AND status = 'ACTIVE'`,
        [caseNumber],
      );
      expect(pledges.rows[0].n).toBe(1);
      // The timeline has each step exactly once, in order, with no gaps.
      const events = await db.query(
        `SELECT seq, event FROM case_event WHERE case_number = $1 ORDER BY seq`,
        [caseNumber],
      );
      expect(events.rows.map((r: { seq: number }) => r.seq)).toEqual(
        events.rows.map((_: unknown, i: number) => i + 1),
      );
      expect(events.rows.filter((r: { event: string }) => r.event === 'DISBURSE')).toHaveLength(1);
      expect(
        events.rows.filter((r: { event: string }) => r.event === 'RECORD_REPAYMENT'),
      ).toHaveLength(1);
    });
  });
});

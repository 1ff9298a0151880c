import { execFileSync } from 'node:child_process';
import { Worker } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HISTORY_LIMIT } from '../../workflows/loan-case/loan-case.workflow';
import { loanCaseWorkflowId } from '../../workflows/loan-case/loan-case.shared';
import { testEnv } from '../setup/test-env';
import {
  act,
  addMonths,
  advanceTo,
  getCase,
  openActiveCase,
  rowTotal,
  USERS,
  withDb,
} from '../support/case-flows';
import { historiesOf } from '../support/histories';
import { startTestSystem, type TestSystem } from '../support/test-system';

/**
 * The bound this test holds every run of a case to: continue-as-new starts at HISTORY_LIMIT
 * events and a single step adds well under 100 more.
 */
const HISTORY_BOUND = HISTORY_LIMIT + 100;

describe('a 36-month loan, application to CLOSED, with bounded histories', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  it('repays 36 monthly instalments on the business date, continues as new, closes, and replays', async () => {
    const { caseNumber, valueDate, active } = await openActiveCase(system, {
      amount: '1200000.00',
      termMonths: 36,
      repaymentMethod: 'EQUAL_PRINCIPAL',
      annualRate: '0.0360',
      bankReference: 'LONG-36M',
    });
    const schedule = active.schedule as {
      seq: number;
      dueDate: string;
      principal: string;
      interest: string;
    }[];
    expect(schedule).toHaveLength(36);
    expect(schedule[35]!.dueDate).toBe(addMonths(valueDate, 36));

    for (const row of schedule) {
      await advanceTo(system, row.dueDate);
      const after = await act(system, caseNumber, '/repayments', {
        reference: `RP-36M-${row.seq}`,
        amount: rowTotal(row),
        valueDate: row.dueDate,
      });
      expect(after.daysPastDue).toBe(0);
    }
    expect((await getCase(system, caseNumber)).status).toBe('REPAID');
    await act(system, caseNumber, '/release/request');
    const closed = await act(
      system,
      caseNumber,
      '/release/register',
      { cancellationNumber: 'CN-LONG-36M', registeredOn: schedule[35]!.dueDate },
      USERS.clerk,
    );
    expect(closed.status).toBe('CLOSED');
    expect(closed.outstandingPrincipal).toBe('0.00');

    await withDb(system, async (db) => {
      const repayments = await db.query(
        `SELECT count(*)::int AS n, sum(amount)::text AS total FROM repayment WHERE case_number = $1`,
        [caseNumber],
      );
      const expectedTotal = schedule.reduce(
        (sum, row) => sum + BigInt(rowTotal(row).replace('.', '')),
        0n,
      );
      expect(repayments.rows[0]).toEqual({
        n: 36,
        total: `${expectedTotal / 100n}.${String(expectedTotal % 100n).padStart(2, '0')}`,
      });
    });

    // Bounded histories: several runs, each below the stated bound.
    const runs = await historiesOf(system.env.TEMPORAL_ADDRESS!, loanCaseWorkflowId(caseNumber));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) expect(run.events).toBeLessThan(HISTORY_BOUND);

    // Every run replays deterministically against the current workflow code.
    const replayed = Worker.runReplayHistories(
      { workflowBundle: { codePath: testEnv().bundlePath } },
      runs.map((run) => ({ workflowId: run.workflowId, history: run.history })),
    );
    for await (const result of replayed) expect(result.error).toBeUndefined();

    if (process.env.RECORD_HISTORIES) {
      const dir = join(__dirname, '..', 'fixtures', 'histories');
      mkdirSync(dir, { recursive: true });
      // The CLI writes the canonical JSON form that Worker.runReplayHistory reads back.
      runs.forEach((run, index) => {
        const json = execFileSync(testEnv().temporalCli, [
          'workflow',
          'show',
          '--address',
          system.env.TEMPORAL_ADDRESS!,
          '--workflow-id',
          run.workflowId,
          '--run-id',
          run.runId,
          '--output',
          'json',
        ]);
        writeFileSync(join(dir, `loan-36m-run-${index + 1}.json`), json);
      });
    }
  });
});

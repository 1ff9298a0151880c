import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

export interface RunHistory {
  workflowId: string;
  runId: string;
  events: number;
  history: temporal.api.history.v1.IHistory;
}

/** Every run of a workflow, oldest first, following continue-as-new links back from the latest. */
export async function historiesOf(address: string, workflowId: string): Promise<RunHistory[]> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    const runs: RunHistory[] = [];
    let runId: string | undefined = undefined;
    for (;;) {
      const handle: WorkflowHandle = client.workflow.getHandle(workflowId, runId);
      const history: temporal.api.history.v1.IHistory = await handle.fetchHistory();
      const describe = await handle.describe();
      runs.unshift({
        workflowId,
        runId: describe.runId,
        events: history.events?.length ?? 0,
        history,
      });
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      const previous: string | null | undefined = started?.continuedExecutionRunId;
      if (!previous) return runs;
      runId = previous;
    }
  } finally {
    await connection.close();
  }
}

/**
 * With RECORD_HISTORIES=1, writes every run of a workflow to test/fixtures/histories as
 * `<name>-run-<n>.json`, in the CLI's canonical JSON, for replay.int-spec.ts to replay against
 * later workflow code. Does nothing otherwise.
 */
export async function recordHistoriesIfAsked(
  address: string,
  temporalCli: string,
  workflowId: string,
  name: string,
): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const dir = join(__dirname, '..', 'fixtures', 'histories');
  mkdirSync(dir, { recursive: true });
  const runs = await historiesOf(address, workflowId);
  runs.forEach((run, index) => {
    const json = execFileSync(temporalCli, [
      'workflow',
      'show',
      '--address',
      address,
      '--workflow-id',
      run.workflowId,
      '--run-id',
      run.runId,
      '--output',
      'json',
    ]);
    writeFileSync(join(dir, `${name}-run-${index + 1}.json`), json);
  });
}

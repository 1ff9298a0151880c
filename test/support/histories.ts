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

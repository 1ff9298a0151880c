import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { TemporalClientHolder, TEMPORAL_CLIENT } from '../../../libs/common/src/temporal.module';
import {
  DISPOSAL_WORKFLOW,
  disposalStartedUpdate,
  disposalWorkflowId,
  type DisposalInput,
} from '../../../workflows/disposal/disposal.shared';
import type { disposalWorkflow } from '../../../workflows/disposal/disposal.workflow';

/**
 * Starts a case's disposal workflow, with the Update that answers once its START step is
 * projected (update-with-start, as every process is started).
 */
@Injectable()
export class StartDisposalUseCase {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly temporal: TemporalClientHolder,
  ) {}

  /**
   * Its id comes from the case number, so a retry finds it started (or finished: the id is never
   * reused) and does nothing more. Answers the workflow id.
   */
  async execute(input: DisposalInput): Promise<string> {
    const workflowId = disposalWorkflowId(input.caseNumber);
    const start = new WithStartWorkflowOperation<typeof disposalWorkflow>(DISPOSAL_WORKFLOW, {
      workflowId,
      taskQueue: this.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    // On a conflict the operation's own handle promise rejects as well; nothing else awaits it,
    // and an unhandled rejection would bring the worker down.
    start.workflowHandle().catch(() => undefined);
    try {
      await this.client.workflow.executeUpdateWithStart(disposalStartedUpdate, {
        startWorkflowOperation: start,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return workflowId;
  }
}

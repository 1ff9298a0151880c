import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { TemporalClientHolder, TEMPORAL_CLIENT } from '../../libs/common/src/temporal.module';
import {
  DisposalRepository,
  type DisposalEventRow,
  type DisposalProjection,
} from '../../libs/persistence/src/repositories/disposal/disposal.repository';
import {
  DISPOSAL_WORKFLOW,
  disposalWorkflowId,
  type DisposalInput,
} from '../../workflows/disposal/disposal.shared';
import {
  loanCaseWorkflowId,
  recordDisposalOutcomeUpdate,
  type DisposalOutcome,
} from '../../workflows/loan-case/loan-case.shared';

/** The disposal of pledged IP: started for a case, projected step by step, reported back to it. */
@Injectable()
export class DisposalActivities {
  constructor(
    private readonly disposals: DisposalRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly temporal: TemporalClientHolder,
  ) {}

  /**
   * Starts the case's disposal workflow. Its id comes from the case number, so a retry finds
   * it started and does nothing more.
   */
  async exchangeStartDisposal(input: DisposalInput): Promise<string> {
    const workflowId = disposalWorkflowId(input.caseNumber);
    try {
      await this.client.workflow.start(DISPOSAL_WORKFLOW, {
        workflowId,
        taskQueue: this.temporal.taskQueue,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return workflowId;
  }

  /** Snapshot, timeline entry, rounds and bids in one transaction; idempotent. */
  async exchangeProjectDisposal(input: {
    snapshot: DisposalProjection;
    event: DisposalEventRow | null;
  }): Promise<void> {
    await this.disposals.project(input.snapshot, input.event);
  }

  /**
   * Hands the outcome to the case as an Update, so it sits in the case's history; the case
   * acknowledges a repeat without acting twice. A refusal by the case is not retried.
   */
  async exchangeReportDisposalOutcome(input: {
    caseNumber: string;
    outcome: DisposalOutcome;
  }): Promise<void> {
    try {
      await this.client.workflow
        .getHandle(loanCaseWorkflowId(input.caseNumber))
        .executeUpdate(recordDisposalOutcomeUpdate, { args: [input.outcome] });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        throw ApplicationFailure.create({
          type: error.cause.type ?? 'DISPOSAL_OUTCOME_REFUSED',
          message: error.cause.message,
          details: error.cause.details ? [...error.cause.details] : [],
          nonRetryable: true,
        });
      }
      throw error;
    }
  }
}

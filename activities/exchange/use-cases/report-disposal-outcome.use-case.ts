import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../../../libs/common/src/temporal.module';
import type { DisposalOutcome } from '../../../libs/domain/src/loan-case/loan-case.types';
import {
  loanCaseWorkflowId,
  recordDisposalOutcomeUpdate,
} from '../../../workflows/loan-case/loan-case.shared';

/**
 * Hands the disposal's outcome to the case as an Update, so it sits in the case's history; the
 * case acknowledges a repeat without acting twice.
 */
@Injectable()
export class ReportDisposalOutcomeUseCase {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  /** A refusal by the case is a non-retryable failure of the case's code (retrying cannot help). */
  async execute(input: { caseNumber: string; outcome: DisposalOutcome }): Promise<void> {
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

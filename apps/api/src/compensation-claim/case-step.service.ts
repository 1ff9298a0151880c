import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import { TEMPORAL_CLIENT } from '../../../../libs/common/src/temporal.module';
import type { CaseEvent, CaseSnapshot } from '../../../../libs/domain/src/loan-case';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { loanCaseWorkflowId } from '../../../../workflows/loan-case/loan-case.shared';
import { caseView } from '../loan-case/case-view';
import { LoanCaseService } from '../loan-case/loan-case.service';
import { dispatchAction, type StepContext, type WorkflowAction } from '../common/workflow-actions';

/** A step of the loan-case workflow sent from these routes: its action and the case event. */
export type CaseStepAction<Dto, Input> = WorkflowAction<Dto, StepContext, Input, CaseSnapshot> & {
  event: CaseEvent;
};

/** Declares a case step: the typed action of its Update, and the event it fires on the case. */
export function caseStep<Dto, Input>(
  event: CaseEvent,
  action: WorkflowAction<Dto, StepContext, Input, CaseSnapshot>,
): CaseStepAction<Dto, Input> {
  return { ...action, event };
}

/**
 * Sends a step of the loan case (a default, a compensation claim's step, the start of the
 * disposal) to the case's workflow and answers the case view. Visibility follows the case.
 */
@Injectable()
export class CaseStepService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly cases: LoanCaseService,
    private readonly calendar: BusinessCalendarRepository,
  ) {}

  async take<Dto, Input>(
    caseNumber: string,
    step: CaseStepAction<Dto, Input>,
    dto: Dto,
    user: AuthenticatedUser,
  ) {
    const row = await this.cases.visibleRow(caseNumber, user);
    const businessDate = await this.calendar.current();
    const handle = this.client.workflow.getHandle(loanCaseWorkflowId(caseNumber));
    try {
      return caseView(await dispatchAction(handle, step, dto, { user, businessDate }));
    } catch (error) {
      // A closed case's workflow has completed and takes no Update: the case exists, the step is
      // just not allowed in its final state.
      if (error instanceof WorkflowNotFoundError) {
        throw new ProblemException(
          'INVALID_TRANSITION',
          `${step.event} is not allowed while the case is ${row.status}`,
          { extensions: { details: { status: row.status, event: step.event } } },
        );
      }
      throw error;
    }
  }
}

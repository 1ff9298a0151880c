import { Injectable } from '@nestjs/common';
import type { CaseOwner } from '../../libs/domain/src/loan-case/loan-case.default-proposal';
import { refusingDomainErrors } from '../shared/activity-failure';
import { AssignCaseOwnerUseCase } from './use-cases/assign-case-owner.use-case';
import {
  RecordCaseTransitionUseCase,
  type CaseTransitionInput,
} from './use-cases/record-case-transition.use-case';

/** The system's own record of each case: read model and timeline, written by the workflow. */
@Injectable()
export class CaseLedgerActivities {
  constructor(
    private readonly recordTransition: RecordCaseTransitionUseCase,
    private readonly assignOwner: AssignCaseOwnerUseCase,
  ) {}

  /**
   * Projects the snapshot (whole, or the members that changed merged into the stored case),
   * appends the timeline entry and its audit entry, in one transaction. Idempotent: the
   * projection by version, the timeline by (case, seq), the audit entry by its source key
   * `case:<workflowId>:<seq>`.
   */
  async recordCaseTransition(input: CaseTransitionInput): Promise<void> {
    await this.recordTransition.execute(input);
  }

  /**
   * Writes the case's new owner; idempotent (the same owner again succeeds). Fails for good
   * (OWNER_NOT_LOAN_OFFICER_OF_BANK) unless the user is an active loan officer of the bank.
   */
  async assignCaseOwner(input: { caseNumber: string; owner: CaseOwner }): Promise<void> {
    await refusingDomainErrors(() => this.assignOwner.execute(input));
  }
}

import { Injectable } from '@nestjs/common';
import type { CaseSnapshot, TimelineEntry } from '../../libs/domain/src/loan-case/loan-case.types';
import { RecordCaseTransitionUseCase } from './use-cases/record-case-transition.use-case';

/** The system's own record of each case: read model and timeline, written by the workflow. */
@Injectable()
export class CaseLedgerActivities {
  constructor(private readonly recordTransition: RecordCaseTransitionUseCase) {}

  /**
   * Projects the snapshot, appends the timeline entry and its audit entry, in one transaction.
   * Idempotent: the projection by version, the timeline by (case, seq), the audit entry by its
   * source key `case:<workflowId>:<seq>`.
   */
  async recordCaseTransition(input: {
    snapshot: CaseSnapshot;
    entry: TimelineEntry | null;
  }): Promise<void> {
    await this.recordTransition.execute(input);
  }
}

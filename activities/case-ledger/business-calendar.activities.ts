import { Inject, Injectable } from '@nestjs/common';
import { heartbeat } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import { AuditLog } from '../../libs/audit/src/audit-log';
import { addDays } from '../../libs/domain/src/business-date';
import { TEMPORAL_CLIENT } from '../../libs/common/src/temporal.module';
import { DomainError } from '../../libs/domain/src/errors';
import { DATE_SENSITIVE } from '../../libs/domain/src/loan-case/loan-case.states';
import { BusinessCalendarRepository } from '../../libs/persistence/src/repositories/business-calendar.repository';
import { CaseReadModelRepository } from '../../libs/persistence/src/repositories/loan-case/case-read-model.repository';
import { DisposalRepository } from '../../libs/persistence/src/repositories/disposal/disposal.repository';
import { LIVE_DISPOSAL_STATUSES } from '../../libs/domain/src/disposal';
import {
  applyDisposalBusinessDateUpdate,
  disposalWorkflowId,
} from '../../workflows/disposal/disposal.shared';
import {
  applyBusinessDateUpdate,
  loanCaseWorkflowId,
} from '../../workflows/loan-case/loan-case.shared';
import { refusingDomainErrors } from '../shared/activity-failure';

const PAGE = 200;

/** The business calendar and the close-of-business fan-out to live cases. */
@Injectable()
export class BusinessCalendarActivities {
  constructor(
    private readonly calendar: BusinessCalendarRepository,
    private readonly readModel: CaseReadModelRepository,
    private readonly disposals: DisposalRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly audit: AuditLog,
  ) {}

  async currentBusinessDate(): Promise<string> {
    return this.calendar.current();
  }

  /** Calendar days: banks in this programme batch every day, weekends included. */
  async nextBusinessDate(from: string): Promise<string> {
    return addDays(from, 1);
  }

  /**
   * Conditional on `from`; a retry after success sees the date already at `to` and is fine.
   * The move and its audit entry (keyed by the new date) commit together.
   */
  async advanceBusinessDate(input: {
    from: string;
    to: string;
    requestedBy: string;
  }): Promise<void> {
    await refusingDomainErrors(async () => {
      if (input.to <= input.from) {
        throw new DomainError(
          'BUSINESS_DATE_NOT_FORWARD',
          `The business date can only move forward (${input.from} → ${input.to})`,
        );
      }
      const moved = await this.calendar.transaction(async (tx) => {
        if (!(await this.calendar.advance(input.from, input.to, input.requestedBy, tx)))
          return false;
        await this.audit.append(
          {
            actor: null,
            action: 'BUSINESS_DATE_ADVANCED',
            subjectType: 'BUSINESS_DATE',
            subjectId: input.to,
            payload: { from: input.from, to: input.to, requestedBy: input.requestedBy },
            sourceKey: `business-date:${input.to}`,
          },
          tx,
        );
        return true;
      });
      const now = await this.calendar.current();
      if (!moved && now !== input.to) {
        throw new DomainError(
          'BUSINESS_DATE_CONFLICT',
          `The business date moved to ${now} meanwhile`,
          { expected: input.from, actual: now },
        );
      }
    });
  }

  /**
   * Tells every live case, then every running disposal (whose auction rounds end on business
   * dates), the new date and waits for each to re-assess itself. The update carries the date, so
   * a repeat (activity retry) changes nothing. Returns the number of cases told.
   */
  async notifyLiveCases(input: { businessDate: string }): Promise<number> {
    const cases = await this.notifyAll(
      (after) => this.readModel.caseNumbersInStatus(DATE_SENSITIVE, after, PAGE),
      (caseNumber) =>
        this.client.workflow
          .getHandle(loanCaseWorkflowId(caseNumber))
          .executeUpdate(applyBusinessDateUpdate, {
            args: [{ businessDate: input.businessDate }],
          }),
      'cases',
    );
    await this.notifyAll(
      (after) => this.disposals.liveCaseNumbers(LIVE_DISPOSAL_STATUSES, after, PAGE),
      (caseNumber) =>
        this.client.workflow
          .getHandle(disposalWorkflowId(caseNumber))
          .executeUpdate(applyDisposalBusinessDateUpdate, {
            args: [{ businessDate: input.businessDate }],
          }),
      'disposals',
    );
    return cases;
  }

  private async notifyAll(
    page: (after: string | null) => Promise<string[]>,
    notify: (caseNumber: string) => Promise<unknown>,
    kind: string,
  ): Promise<number> {
    let after: string | null = null;
    let count = 0;
    for (;;) {
      const caseNumbers = await page(after);
      if (caseNumbers.length === 0) return count;
      await Promise.all(
        caseNumbers.map(async (caseNumber) => {
          try {
            await notify(caseNumber);
          } catch (error) {
            // A workflow that completed between the query and the update needs no date.
            if ((error as Error).name !== 'WorkflowNotFoundError') throw error;
          }
        }),
      );
      count += caseNumbers.length;
      after = caseNumbers[caseNumbers.length - 1]!;
      heartbeat({ kind, after, count });
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../../../libs/common/src/temporal.module';
import { SubsidyBudgetRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import { closeBudgetYearUpdate } from '../../../workflows/subsidy-claim/subsidy-claim.shared';

export interface CloseBudgetYearsCommand {
  year: number;
  businessDate: string;
}

/**
 * Year-end close (run by the close of business when the date enters a new year): every older
 * year's pools close, and their claims still waiting for budget are rejected with the reason
 * BUDGET_YEAR_CLOSED, each through its own workflow; the new year's pools and the next year's
 * open where missing, so that pools exist for the business date's year and the next. A pool
 * opens at the district's planned amount for that year, or at zero with a work item for the
 * district approver to fund it. Repeating it (a retried activity) finds nothing more to do:
 * the pools are keyed by district, kind and year, and only a pool this call created moves money.
 */
@Injectable()
export class CloseBudgetYearsUseCase {
  constructor(
    private readonly budget: SubsidyBudgetRepository,
    private readonly claims: SubsidyClaimRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  /** `progress` is told after each claim (the activity heartbeats with it). */
  async execute(
    input: CloseBudgetYearsCommand,
    progress: (claimsRejected: number) => void = () => undefined,
  ): Promise<{ poolsClosed: number; claimsRejected: number; poolsOpened: number }> {
    const closed = await this.budget.closeYearsBefore(input.year, input.businessDate);
    // The new year first (a district may not have funded it in advance), then the one after.
    const opened = [
      ...(await this.budget.openYear(input.year, input.businessDate)),
      ...(await this.budget.openYear(input.year + 1, input.businessDate)),
    ];
    let claimsRejected = 0;
    for (const claim of await this.claims.waitlistedBefore(input.year)) {
      try {
        await this.client.workflow
          .getHandle(claim.workflowId)
          .executeUpdate(closeBudgetYearUpdate, { args: [{ businessDate: input.businessDate }] });
        claimsRejected += 1;
      } catch (error) {
        // A claim rejected meanwhile has completed; there is nothing left to close.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      progress(claimsRejected);
    }
    return { poolsClosed: closed.length, claimsRejected, poolsOpened: opened.length };
  }
}

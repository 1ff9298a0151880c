import { Inject, Injectable } from '@nestjs/common';
import { heartbeat } from '@temporalio/activity';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../../libs/common/src/temporal.module';
import { DomainError } from '../../libs/domain/src/errors';
import { Money } from '../../libs/domain/src/money';
import type { Actor } from '../../libs/domain/src/roles';
import { SubsidyBudgetRepository } from '../../libs/persistence/src/repositories/subsidy-budget.repository';
import { SubsidyClaimRepository } from '../../libs/persistence/src/repositories/subsidy-claim.repository';
import {
  closeBudgetYearUpdate,
  reserveFromWaitlistUpdate,
  type PoolRef,
} from '../../workflows/subsidy-claim/subsidy-claim.shared';
import { refusingDomainErrors } from '../shared/activity-failure';

/** The district's budget pools: top-ups, serving the waitlist, closing a budget year. */
@Injectable()
export class SubsidyBudgetActivities {
  constructor(
    private readonly budget: SubsidyBudgetRepository,
    private readonly claims: SubsidyClaimRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  /**
   * Raises the pool's total once per `reference` (a retry, or the same request sent twice,
   * raises nothing more). A closed year takes no more money.
   */
  async districtTopUpBudget(input: {
    pool: PoolRef;
    amount: string;
    reference: string;
    actor: Actor;
    businessDate: string;
  }): Promise<{ toppedUp: boolean }> {
    return refusingDomainErrors(() =>
      this.claims.transaction(async (tx) => {
        const pool = await this.budget.find(input.pool, tx);
        if (pool?.status === 'CLOSED') {
          throw new DomainError(
            'BUDGET_YEAR_CLOSED',
            `The ${input.pool.budgetYear} budget of ${input.pool.districtCode} is closed`,
            { ...input.pool },
          );
        }
        const toppedUp = await this.budget.topUp(
          input.pool,
          Money.ofYuan(input.amount).fen,
          input.reference,
          { businessDate: input.businessDate, actorUserId: input.actor.userId },
          tx,
        );
        return { toppedUp };
      }),
    );
  }

  /**
   * Offers the pool's room to its waitlisted claims in submission order, each through its own
   * workflow (which reserves in one conditional update), and stops at the first that does not
   * fit: a later, smaller claim never overtakes an earlier one. Safe to repeat.
   */
  async districtServeWaitlist(input: { pool: PoolRef; businessDate: string }): Promise<string[]> {
    const reserved: string[] = [];
    for (const claim of await this.claims.waitlisted(input.pool)) {
      const result = await this.client.workflow
        .getHandle(claim.workflowId)
        .executeUpdate(reserveFromWaitlistUpdate, { args: [{ businessDate: input.businessDate }] });
      if (!result.reserved) break;
      reserved.push(claim.id);
      heartbeat({ reserved: reserved.length });
    }
    return reserved;
  }

  /**
   * Year-end close (run by the close of business when the date enters a new year): the earlier
   * years' pools close, and their claims still waiting for budget are rejected with the reason
   * BUDGET_YEAR_CLOSED, each through its own workflow. Repeating it finds nothing more to do.
   */
  async districtCloseBudgetYears(input: {
    year: number;
    businessDate: string;
  }): Promise<{ poolsClosed: number; claimsRejected: number }> {
    const closed = await this.budget.closeYearsBefore(input.year, input.businessDate);
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
      heartbeat({ claimsRejected });
    }
    return { poolsClosed: closed.length, claimsRejected };
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../libs/domain/src/errors';
import { Money } from '../../../libs/domain/src/money';
import type { Actor } from '../../../libs/domain/src/roles';
import type { PoolRef } from '../../../libs/domain/src/subsidy-claim';
import { SubsidyBudgetRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';

export interface TopUpBudgetCommand {
  pool: PoolRef;
  /** Yuan, two decimals, above zero. */
  amount: string;
  reference: string;
  actor: Actor;
  businessDate: string;
}

/**
 * Raises the pool's total once per `reference` (a retry, or the same request sent twice,
 * raises nothing more). A closed year takes no more money.
 */
@Injectable()
export class TopUpBudgetUseCase {
  constructor(
    private readonly budget: SubsidyBudgetRepository,
    private readonly claims: SubsidyClaimRepository,
  ) {}

  execute(input: TopUpBudgetCommand): Promise<{ toppedUp: boolean }> {
    return this.claims.transaction(async (tx) => {
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
    });
  }
}

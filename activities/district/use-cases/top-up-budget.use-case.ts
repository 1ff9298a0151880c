import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../libs/domain/src/errors';
import type { Actor } from '../../../libs/domain/src/roles';
import type { PoolRef } from '../../../libs/domain/src/subsidy-claim';
import { checkTopUpApprover } from '../../../libs/domain/src/top-up';
import { SubsidyBudgetRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import {
  poolTargetKey,
  TopUpRepository,
} from '../../../libs/persistence/src/repositories/top-up.repository';

export interface TopUpBudgetCommand {
  pool: PoolRef;
  /** Yuan, two decimals, above zero. */
  amount: string;
  /** The funding document's number (文号) of the proposal being approved. */
  reference: string;
  /** The approver: never the proposer. */
  actor: Actor;
  businessDate: string;
}

/**
 * Applies an approved proposal: marks the `top_up` row APPROVED by the actor and raises the
 * pool's total, in one transaction and once per 文号 (a retry, or the same request sent twice,
 * raises nothing more). The proposer may not approve; a closed year takes no more money.
 */
@Injectable()
export class TopUpBudgetUseCase {
  constructor(
    private readonly budget: SubsidyBudgetRepository,
    private readonly claims: SubsidyClaimRepository,
    private readonly topUps: TopUpRepository,
  ) {}

  execute(input: TopUpBudgetCommand): Promise<{ toppedUp: boolean }> {
    return this.claims.transaction(async (tx) => {
      const proposal = await this.topUps.findByReference(
        'BUDGET_POOL',
        poolTargetKey(input.pool),
        input.reference,
        tx,
        true,
      );
      if (!proposal) {
        throw new DomainError(
          'TOP_UP_NOT_FOUND',
          `No top-up of ${poolTargetKey(input.pool)} is proposed under ${input.reference}`,
          { reference: input.reference },
        );
      }
      // Already applied: this is a retry of the same approval.
      if (proposal.status === 'APPROVED') return { toppedUp: false };
      if (proposal.status === 'REJECTED') {
        throw new DomainError('TOP_UP_NOT_PROPOSED', `Top-up ${proposal.id} was rejected`, {
          status: proposal.status,
        });
      }
      checkTopUpApprover(proposal.proposedBy, input.actor.userId);
      const pool = await this.budget.find(input.pool, tx);
      if (pool?.status === 'CLOSED') {
        throw new DomainError(
          'BUDGET_YEAR_CLOSED',
          `The ${input.pool.budgetYear} budget of ${input.pool.districtCode} is closed`,
          { ...input.pool },
        );
      }
      await this.topUps.decide(proposal.id, 'APPROVED', input.actor.userId, input.businessDate, tx);
      // The proposal's amount, not the request's: what the proposer asked is what is applied.
      const toppedUp = await this.budget.topUp(
        input.pool,
        proposal.amountFen,
        input.reference,
        { businessDate: input.businessDate, actorUserId: input.actor.userId },
        tx,
      );
      return { toppedUp };
    });
  }
}

import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../libs/domain/src/roles';
import {
  poolOf,
  subsidyClaimMove,
  type SubsidyClaimState,
} from '../../../libs/domain/src/subsidy-claim';
import { SubsidyBudgetRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import { onLockedClaim, timelineEntry } from './subsidy-claim-step';

export interface ClawBackSubsidyClaimCommand {
  claimId: string;
  actor: Actor;
  businessDate: string;
  reason: string;
}

/** A paid claim found ineligible: the money returns to the pool and the cap room is restored. */
@Injectable()
export class ClawBackSubsidyClaimUseCase {
  constructor(
    private readonly claims: SubsidyClaimRepository,
    private readonly budget: SubsidyBudgetRepository,
  ) {}

  execute(input: ClawBackSubsidyClaimCommand): Promise<SubsidyClaimState> {
    return onLockedClaim(this.claims, input.claimId, async (tx, claim) => {
      if (claim.status === 'CLAWED_BACK') return claim;
      await this.budget.clawBack(
        poolOf(claim),
        claim.id,
        BigInt(claim.amountFen),
        { businessDate: input.businessDate, actorUserId: input.actor.userId },
        tx,
      );
      await this.claims.deactivateCoverage(tx, claim.id);
      const move = subsidyClaimMove('CLAW_BACK');
      return this.claims.transition(
        tx,
        claim.id,
        move.from,
        move.to,
        {
          clawback_reason: input.reason,
          clawed_back_by: input.actor.userId,
          clawed_back_on: input.businessDate,
        },
        timelineEntry(input.actor, 'CLAW_BACK', input.businessDate, {
          reason: input.reason,
          amount: claim.paidAmount,
        }),
      );
    });
  }
}

import { Injectable } from '@nestjs/common';
import { Money } from '../../../libs/domain/src/money';
import type { Actor } from '../../../libs/domain/src/roles';
import {
  poolOf,
  subsidyClaimMove,
  type SubsidyClaimState,
} from '../../../libs/domain/src/subsidy-claim';
import { SubsidyBudgetRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import { onLockedClaim, reserveOrWaitlist, timelineEntry } from './subsidy-claim-step';

export interface ConfirmPremiumCommand {
  claimId: string;
  actor: Actor;
  businessDate: string;
}

/** The insurer confirms the premium; the claim then reserves budget or waits for it. */
@Injectable()
export class ConfirmPremiumUseCase {
  constructor(
    private readonly claims: SubsidyClaimRepository,
    private readonly budget: SubsidyBudgetRepository,
  ) {}

  execute(input: ConfirmPremiumCommand): Promise<SubsidyClaimState> {
    return onLockedClaim(this.claims, input.claimId, async (tx, claim) => {
      if (claim.insurerConfirmedBy) return claim; // a retry
      const move = subsidyClaimMove('CONFIRM_PREMIUM');
      const confirmed = await this.claims.transition(
        tx,
        claim.id,
        move.from,
        move.to,
        { insurer_confirmed_by: input.actor.userId, insurer_confirmed_on: input.businessDate },
        timelineEntry(input.actor, 'CONFIRM_PREMIUM', input.businessDate, {
          premium: claim.premium,
        }),
      );
      if (!confirmed) return null;
      return reserveOrWaitlist(
        { claims: this.claims, budget: this.budget },
        tx,
        {
          claimId: claim.id,
          pool: poolOf(claim),
          amount: Money.ofYuan(claim.amount),
          businessDate: input.businessDate,
        },
        { reserved: 'CONFIRM_PREMIUM', waitlisted: 'CONFIRM_PREMIUM_WAITLISTED' },
      );
    });
  }
}

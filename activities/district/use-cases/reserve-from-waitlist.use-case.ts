import { Injectable } from '@nestjs/common';
import { Money } from '../../../libs/domain/src/money';
import {
  poolOf,
  subsidyClaimMove,
  type SubsidyClaimState,
} from '../../../libs/domain/src/subsidy-claim';
import { SubsidyBudgetRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import { onLockedClaim, SYSTEM, timelineEntry } from './subsidy-claim-step';

export interface ReserveFromWaitlistCommand {
  claimId: string;
  businessDate: string;
}

/** A waitlisted claim takes a reservation if its pool has room now; a no-op otherwise. */
@Injectable()
export class ReserveFromWaitlistUseCase {
  constructor(
    private readonly claims: SubsidyClaimRepository,
    private readonly budget: SubsidyBudgetRepository,
  ) {}

  async execute(
    input: ReserveFromWaitlistCommand,
  ): Promise<{ reserved: boolean; state: SubsidyClaimState }> {
    let reserved = false;
    const state = await onLockedClaim(this.claims, input.claimId, async (tx, claim) => {
      // Both outcomes (to SUBMITTED or REVIEWED) apply from the same states.
      if (!subsidyClaimMove('RESERVE_FROM_WAITLIST').from.includes(claim.status)) {
        reserved = claim.reserved;
        return claim;
      }
      reserved = await this.budget.reserveFromWaitlist(
        poolOf(claim),
        claim.id,
        Money.ofYuan(claim.amount).fen,
        { businessDate: input.businessDate, actorUserId: SYSTEM },
        tx,
      );
      if (!reserved) return claim;
      // A reviewed claim goes on to approval; one not yet reviewed, back to review.
      const move = subsidyClaimMove(
        claim.reviewedBy ? 'RESERVE_FROM_WAITLIST_REVIEWED' : 'RESERVE_FROM_WAITLIST',
      );
      return this.claims.transition(
        tx,
        claim.id,
        move.from,
        move.to,
        { reserved: true },
        timelineEntry(null, 'BUDGET_RESERVED', input.businessDate, { amount: claim.amount }),
      );
    });
    return { reserved, state };
  }
}

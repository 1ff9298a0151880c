import { Injectable } from '@nestjs/common';
import { Money } from '../../../libs/domain/src/money';
import type { Actor } from '../../../libs/domain/src/roles';
import {
  poolOf,
  stepEventsFrom,
  subsidyClaimMove,
  type SubsidyClaimEvent,
  type SubsidyClaimState,
} from '../../../libs/domain/src/subsidy-claim';
import { SubsidyBudgetRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import { onLockedClaim, SYSTEM, timelineEntry } from './subsidy-claim-step';

export interface RejectSubsidyClaimCommand {
  claimId: string;
  /** null: the system (the claim's budget year closed while it waited). */
  actor: Actor | null;
  businessDate: string;
  reason: string;
}

export interface RejectionResult {
  state: SubsidyClaimState;
  /** Budget went back to the pool (the waitlist may then be served). */
  released: boolean;
}

/**
 * Rejection before payment: the reservation goes back to the pool (or the claim leaves the
 * waitlist), and the period or premium can be claimed again.
 */
@Injectable()
export class RejectSubsidyClaimUseCase {
  constructor(
    private readonly claims: SubsidyClaimRepository,
    private readonly budget: SubsidyBudgetRepository,
  ) {}

  async execute(input: RejectSubsidyClaimCommand): Promise<RejectionResult> {
    let released = false;
    const state = await onLockedClaim(this.claims, input.claimId, async (tx, claim) => {
      if (claim.status === 'REJECTED') return claim;
      const context = {
        businessDate: input.businessDate,
        actorUserId: input.actor?.userId ?? SYSTEM,
      };
      if (claim.reserved) {
        await this.budget.release(
          poolOf(claim),
          claim.id,
          Money.ofYuan(claim.amount).fen,
          context,
          tx,
        );
        released = true;
      } else if (claim.status === 'WAITLISTED') {
        await this.budget.leaveWaitlist(poolOf(claim), tx);
      }
      await this.claims.deactivateCoverage(tx, claim.id);
      const [byPerson = 'REJECT'] = stepEventsFrom('reject', claim.status);
      const event: SubsidyClaimEvent = input.actor ? byPerson : 'CLOSE_BUDGET_YEAR';
      const move = subsidyClaimMove(event);
      return this.claims.transition(
        tx,
        claim.id,
        move.from,
        move.to,
        {
          reserved: false,
          rejection_reason: input.reason,
          rejected_by: input.actor?.userId ?? SYSTEM,
          rejected_on: input.businessDate,
        },
        timelineEntry(input.actor, 'REJECT', input.businessDate, { reason: input.reason }),
      );
    });
    return { state, released };
  }
}

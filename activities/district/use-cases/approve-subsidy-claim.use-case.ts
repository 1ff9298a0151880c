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
import { onLockedClaim, timelineEntry } from './subsidy-claim-step';

export interface ApproveSubsidyClaimCommand {
  claimId: string;
  actor: Actor;
  businessDate: string;
}

export interface ApprovalResult {
  state: SubsidyClaimState;
  outcome: 'APPROVED' | 'BUDGET_EXHAUSTED';
}

/**
 * Approval needs a reservation: a waitlisted claim first tries to reserve, in the same
 * transaction; if the pool still has no room nothing changes and BUDGET_EXHAUSTED comes back
 * (an outcome, not a failure: the workflow keeps the unchanged state and tells the approver).
 */
@Injectable()
export class ApproveSubsidyClaimUseCase {
  constructor(
    private readonly claims: SubsidyClaimRepository,
    private readonly budget: SubsidyBudgetRepository,
  ) {}

  async execute(input: ApproveSubsidyClaimCommand): Promise<ApprovalResult> {
    let outcome: ApprovalResult['outcome'] = 'APPROVED';
    const state = await onLockedClaim(this.claims, input.claimId, async (tx, claim) => {
      if (claim.approvedBy) return claim;
      const waiting = subsidyClaimMove('APPROVE_FROM_WAITLIST').from.includes(claim.status);
      if (waiting) {
        const reserved = await this.budget.reserveFromWaitlist(
          poolOf(claim),
          claim.id,
          Money.ofYuan(claim.amount).fen,
          { businessDate: input.businessDate, actorUserId: input.actor.userId },
          tx,
        );
        if (!reserved) {
          outcome = 'BUDGET_EXHAUSTED';
          return claim;
        }
      }
      const move = subsidyClaimMove(waiting ? 'APPROVE_FROM_WAITLIST' : 'APPROVE');
      return this.claims.transition(
        tx,
        claim.id,
        move.from,
        move.to,
        { reserved: true, approved_by: input.actor.userId, approved_on: input.businessDate },
        timelineEntry(input.actor, 'APPROVE', input.businessDate, { amount: claim.amount }),
      );
    });
    return { state, outcome };
  }
}

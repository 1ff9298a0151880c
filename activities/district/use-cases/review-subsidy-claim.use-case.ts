import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../libs/domain/src/roles';
import {
  stepEventsFrom,
  subsidyClaimMove,
  type SubsidyClaimState,
} from '../../../libs/domain/src/subsidy-claim';
import { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import { onLockedClaim, timelineEntry } from './subsidy-claim-step';

export interface ReviewSubsidyClaimCommand {
  claimId: string;
  actor: Actor;
  businessDate: string;
  note: string | null;
}

/** Review keeps a waitlisted claim waiting (it still has no budget), else moves it to REVIEWED. */
@Injectable()
export class ReviewSubsidyClaimUseCase {
  constructor(private readonly claims: SubsidyClaimRepository) {}

  execute(input: ReviewSubsidyClaimCommand): Promise<SubsidyClaimState> {
    return onLockedClaim(this.claims, input.claimId, async (tx, claim) => {
      if (claim.reviewedBy) return claim;
      const [event = 'REVIEW'] = stepEventsFrom('review', claim.status);
      const move = subsidyClaimMove(event);
      return this.claims.transition(
        tx,
        claim.id,
        move.from,
        move.to,
        {
          reviewed_by: input.actor.userId,
          reviewed_on: input.businessDate,
          review_note: input.note,
        },
        timelineEntry(input.actor, 'REVIEW', input.businessDate, { note: input.note }),
      );
    });
  }
}

import { checkReview } from '../../../libs/domain/src/subsidy-claim';
import { reviewClaimUpdate } from '../subsidy-claim.shared';
import type { SubsidyClaimStepContext } from './step-context';

/** The district's review; a waiting claim stays waiting (it still has no budget). */
export function registerReview(ctx: SubsidyClaimStepContext): void {
  ctx.kit.step(reviewClaimUpdate, {
    validate: (input) => checkReview(ctx.current(), input),
    perform: async (input) =>
      ctx.store(await ctx.claims.districtReviewClaim({ claimId: ctx.current().claimId, ...input })),
  });
}

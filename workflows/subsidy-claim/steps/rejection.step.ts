import { checkRejection } from '../../../libs/domain/src/subsidy-claim';
import { rejectClaimUpdate } from '../subsidy-claim.shared';
import type { SubsidyClaimStepContext } from './step-context';

/** Rejection before payment; a reservation it gives back lets the waitlist move at the end. */
export function registerRejection(ctx: SubsidyClaimStepContext): void {
  ctx.kit.step(rejectClaimUpdate, {
    validate: (input) => checkRejection(ctx.current(), input),
    perform: async (input) => {
      const result = await ctx.claims.districtRejectClaim({
        claimId: ctx.current().claimId,
        ...input,
      });
      if (result.released) ctx.released(input.businessDate);
      return ctx.store(result.state);
    },
  });
}

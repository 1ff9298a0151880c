import { checkClawBack } from '../../../libs/domain/src/subsidy-claim';
import { clawBackClaimUpdate } from '../subsidy-claim.shared';
import type { SubsidyClaimStepContext } from './step-context';

/** A paid claim found ineligible: the money goes back to the pool, and the waitlist may move. */
export function registerClawBack(ctx: SubsidyClaimStepContext): void {
  ctx.kit.step(clawBackClaimUpdate, {
    validate: (input) => checkClawBack(ctx.current(), input),
    perform: async (input) => {
      const clawed = await ctx.claims.districtClawBackClaim({
        claimId: ctx.current().claimId,
        ...input,
      });
      ctx.released(input.businessDate);
      return ctx.store(clawed);
    },
  });
}

import { checkPremiumConfirmation } from '../../../libs/domain/src/subsidy-claim';
import { confirmPremiumUpdate } from '../subsidy-claim.shared';
import type { SubsidyClaimStepContext } from './step-context';

/** The insurer confirms the declared premium; the claim then reserves budget or waits for it. */
export function registerInsurerConfirmation(ctx: SubsidyClaimStepContext): void {
  ctx.kit.step(confirmPremiumUpdate, {
    validate: (input) => checkPremiumConfirmation(ctx.current(), input),
    perform: async (input) =>
      ctx.store(
        await ctx.claims.districtConfirmPremium({ claimId: ctx.current().claimId, ...input }),
      ),
  });
}

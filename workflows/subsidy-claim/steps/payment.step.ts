import { checkPayment } from '../../../libs/domain/src/subsidy-claim';
import { payClaimUpdate } from '../subsidy-claim.shared';
import type { SubsidyClaimStepContext } from './step-context';

/** Payment of an approved claim under the bank's payment reference (unique across claims). */
export function registerPayment(ctx: SubsidyClaimStepContext): void {
  ctx.kit.step(payClaimUpdate, {
    validate: (input) => checkPayment(ctx.current(), input),
    perform: async (input) =>
      ctx.store(await ctx.claims.districtPayClaim({ claimId: ctx.current().claimId, ...input })),
  });
}

import { assertBusinessDate } from '../../../libs/domain/src/business-date';
import { checkSubsidyClaimTransition } from '../../../libs/domain/src/subsidy-claim';
import { closeBudgetYearUpdate, reserveFromWaitlistUpdate } from '../subsidy-claim.shared';
import type { SubsidyClaimStepContext } from './step-context';

/**
 * The system's moves on a waiting claim: taking budget that came back to its pool, and the
 * rejection when its budget year closes. Sent to every waiting claim of a pool, so a claim that
 * has moved on meanwhile answers with its state and changes nothing.
 */
export function registerBudgetSteps(ctx: SubsidyClaimStepContext): void {
  ctx.kit.step(reserveFromWaitlistUpdate, {
    validate: ({ businessDate }) => void assertBusinessDate(businessDate, 'businessDate'),
    perform: async ({ businessDate }) => {
      const state = ctx.current();
      // Both outcomes (to SUBMITTED or REVIEWED) fire from the same states.
      if (!checkSubsidyClaimTransition(state.status, 'RESERVE_FROM_WAITLIST', 'SYSTEM').allowed)
        return { reserved: state.reserved, state };
      const result = await ctx.claims.districtReserveFromWaitlist({
        claimId: state.claimId,
        businessDate,
      });
      ctx.store(result.state);
      return result;
    },
  });

  ctx.kit.step(closeBudgetYearUpdate, {
    validate: ({ businessDate }) => void assertBusinessDate(businessDate, 'businessDate'),
    perform: async ({ businessDate }) => {
      const state = ctx.current();
      if (!checkSubsidyClaimTransition(state.status, 'CLOSE_BUDGET_YEAR', 'SYSTEM').allowed)
        return state;
      const result = await ctx.claims.districtRejectClaim({
        claimId: state.claimId,
        actor: null,
        businessDate,
        reason: 'BUDGET_YEAR_CLOSED',
      });
      return ctx.store(result.state);
    },
  });
}

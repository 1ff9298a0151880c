import { checkApproval } from '../../../libs/domain/src/subsidy-claim';
import { refuse } from '../../shared/step-kit';
import { approveClaimUpdate } from '../subsidy-claim.shared';
import type { SubsidyClaimStepContext } from './step-context';

/**
 * Approval by someone other than the reviewer. A waiting claim first tries to reserve; when its
 * pool still has no room the claim stays as it was and the approver is told BUDGET_EXHAUSTED.
 */
export function registerApproval(ctx: SubsidyClaimStepContext): void {
  ctx.kit.step(approveClaimUpdate, {
    validate: (input) => checkApproval(ctx.current(), input),
    perform: async (input) => {
      const state = ctx.current();
      const result = await ctx.claims.districtApproveClaim({ claimId: state.claimId, ...input });
      if (result.outcome === 'BUDGET_EXHAUSTED') {
        // The activity changed nothing; the claim keeps waiting.
        ctx.store(result.state);
        throw refuse(
          'BUDGET_EXHAUSTED',
          `The ${state.districtCode} ${state.kind} budget of ${state.budgetYear} has no room for ${state.amount}`,
          { districtCode: state.districtCode, kind: state.kind, budgetYear: state.budgetYear },
        );
      }
      return ctx.store(result.state);
    },
  });
}

import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  isTerminalSubsidyClaimStatus,
  subsidyClaimAllowedActions,
  type SubsidyClaimOutcome,
  type SubsidyClaimRefusal,
  type SubsidyClaimState,
} from '../../libs/domain/src/subsidy-claim';
import type { SubsidyBudgetActivities } from '../../activities/district/subsidy-budget.activities';
import type { SubsidyClaimActivities } from '../../activities/district/subsidy-claim.activities';
import {
  ACTIVITY_OPTIONS,
  createStepKit,
  refusalOf,
  refuse,
  refuseAgain,
} from '../shared/step-kit';
import { registerApproval } from './steps/approval.step';
import { registerBudgetSteps } from './steps/budget.step';
import { registerClawBack } from './steps/claw-back.step';
import { registerInsurerConfirmation } from './steps/insurer-confirmation.step';
import { registerPayment } from './steps/payment.step';
import { registerRejection } from './steps/rejection.step';
import { registerReview } from './steps/review.step';
import {
  allowedActionsQuery,
  claimSubmittedUpdate,
  getClaimQuery,
  type SubsidyClaimInput,
} from './subsidy-claim.shared';

const claims = proxyActivities<SubsidyClaimActivities>({
  ...ACTIVITY_OPTIONS,
  // A submission reads the case, the policy and the LPR table and checks coverage in one
  // transaction: longer than a single write.
  startToCloseTimeout: '30 seconds',
});
const budgets = proxyActivities<SubsidyBudgetActivities>({
  // Serving a waitlist updates one claim after another: long, so it reports progress.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One subsidy claim, from submission to payment and perhaps a clawback years later.
 *
 * Its own workflow, not a child of the loan case: a claim outlives the case's runs (the case
 * continues as new and closes; a clawback may come long after), districts act on claims
 * independently of the bank, and a child would tie the claim's fate to the parent's close.
 * The case workflow is not changed by claims; the claim reads the case's facts from PostgreSQL.
 *
 * The claim's record of truth is the `subsidy_claim` row: every step is one activity that changes
 * it (from an expected status) together with the budget pool. The workflow serialises the steps,
 * refuses invalid ones in Update validators before they enter history (the rules and the
 * transition table are the domain's), and keeps a small state.
 */
export async function subsidyClaimWorkflow(input: SubsidyClaimInput): Promise<SubsidyClaimOutcome> {
  let claim: SubsidyClaimState | null = null;
  let refusal: SubsidyClaimRefusal | null = null;
  /** Business date on which a rejection or clawback gave money back to the pool. */
  let releasedOn: string | null = null;

  const ctx = {
    kit: createStepKit(),
    claims,
    current(): SubsidyClaimState {
      if (!claim) throw refuse('CLAIM_NOT_READY', `Claim ${input.claimId} is not stored yet`);
      return claim;
    },
    store(state: SubsidyClaimState): SubsidyClaimState {
      claim = state;
      return state;
    },
    released(businessDate: string): void {
      releasedOn = businessDate;
    },
  };
  registerInsurerConfirmation(ctx);
  registerReview(ctx);
  registerApproval(ctx);
  registerPayment(ctx);
  registerRejection(ctx);
  registerClawBack(ctx);
  registerBudgetSteps(ctx);

  setHandler(claimSubmittedUpdate, async () => {
    await condition(() => claim !== null || refusal !== null);
    if (refusal) throw refuseAgain(refusal);
    return claim!;
  });
  setHandler(getClaimQuery, () => claim);
  setHandler(allowedActionsQuery, ({ actor, actorDistrictCode }) =>
    claim && !isTerminalSubsidyClaimStatus(claim.status)
      ? subsidyClaimAllowedActions(claim, actor, actorDistrictCode)
      : [],
  );

  try {
    claim = await claims.districtSubmitClaim(input);
  } catch (error) {
    refusal = refusalOf(error);
    if (!refusal) throw error;
    // Nothing was stored: the claim ends here, refused, and the submitter is told why.
    await condition(allHandlersFinished);
    return { claimId: input.claimId, status: 'REFUSED', refusal };
  }

  await condition(() => isTerminalSubsidyClaimStatus(claim!.status));
  await condition(allHandlersFinished);
  const final: SubsidyClaimState = claim!;
  if (releasedOn) {
    // Money went back to the pool: waitlisted claims of the pool take it, first come first.
    await budgets.districtServeWaitlist({
      pool: { districtCode: final.districtCode, kind: final.kind, budgetYear: final.budgetYear },
      businessDate: releasedOn,
    });
  }
  return { claimId: input.claimId, status: final.status, refusal: null };
}

/**
 * Messages of the subsidy-claim and budget top-up workflows, shared by the workflows, the
 * activities and the API: workflow ids and type names, Update and Query definitions and their
 * payloads. The claim's own vocabulary (statuses, transitions, state, rules) is in
 * `libs/domain/src/subsidy-claim`.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../libs/domain/src/roles';
import type {
  PoolRef,
  SubsidyClaimAction,
  SubsidyClaimRequest,
  SubsidyClaimState,
} from '../../libs/domain/src/subsidy-claim';

export const SUBSIDY_CLAIM_WORKFLOW = 'subsidyClaimWorkflow';
export const BUDGET_TOP_UP_WORKFLOW = 'budgetTopUpWorkflow';

/** One workflow per claim; the id comes from the claim id, so a claim is started only once. */
export function subsidyClaimWorkflowId(claimId: string): string {
  return `subsidy-claim-${claimId}`;
}

/**
 * One run per top-up reference of a pool. Scoped by task queue like the close of business:
 * installations sharing a Temporal namespace keep their own budgets.
 */
export function budgetTopUpWorkflowId(pool: PoolRef, reference: string, taskQueue: string): string {
  return `budget-top-up-${taskQueue}-${pool.districtCode}-${pool.kind}-${pool.budgetYear}-${reference}`;
}

export interface SubsidyClaimInput {
  claimId: string;
  request: SubsidyClaimRequest;
  submittedBy: Actor;
  businessDate: string;
}

/** Every human step on a claim; `actorDistrictCode` is the district of the actor's organisation. */
export interface SubsidyClaimStepInput {
  actor: Actor;
  actorDistrictCode: string | null;
  businessDate: string;
}

export type ConfirmPremiumInput = SubsidyClaimStepInput & { premium: string };
export type ReviewClaimInput = SubsidyClaimStepInput & { note: string | null };
export type ApproveClaimInput = SubsidyClaimStepInput;
export type PayClaimInput = SubsidyClaimStepInput & { paymentReference: string };
export type RejectClaimInput = SubsidyClaimStepInput & { reason: string };
export type ClawBackClaimInput = SubsidyClaimStepInput & { reason: string };
/** A move of the system's own, on a business date. */
export interface SubsidyClaimSystemInput {
  businessDate: string;
}
/** Who asks which steps they could take now. */
export interface AllowedActionsInput {
  actor: Actor;
  actorDistrictCode: string | null;
}

// --- Updates ----------------------------------------------------------------------------------

/** Completes once the submission is stored (or refused: the Update then fails with the code). */
export const claimSubmittedUpdate = defineUpdate<SubsidyClaimState, []>('claimSubmitted');
export const confirmPremiumUpdate = defineUpdate<SubsidyClaimState, [ConfirmPremiumInput]>(
  'confirmPremium',
);
export const reviewClaimUpdate = defineUpdate<SubsidyClaimState, [ReviewClaimInput]>('reviewClaim');
export const approveClaimUpdate = defineUpdate<SubsidyClaimState, [ApproveClaimInput]>(
  'approveClaim',
);
export const payClaimUpdate = defineUpdate<SubsidyClaimState, [PayClaimInput]>('payClaim');
export const rejectClaimUpdate = defineUpdate<SubsidyClaimState, [RejectClaimInput]>('rejectClaim');
export const clawBackClaimUpdate = defineUpdate<SubsidyClaimState, [ClawBackClaimInput]>(
  'clawBackClaim',
);

/** Sent by a top-up (or a release) to a waitlisted claim: take room if the pool has some now. */
export const reserveFromWaitlistUpdate = defineUpdate<
  { reserved: boolean; state: SubsidyClaimState },
  [SubsidyClaimSystemInput]
>('reserveFromWaitlist');
/** Sent by the close of business when the claim's budget year has closed. */
export const closeBudgetYearUpdate = defineUpdate<SubsidyClaimState, [SubsidyClaimSystemInput]>(
  'closeBudgetYear',
);
export const getClaimQuery = defineQuery<SubsidyClaimState | null>('getClaim');
/** The steps the asking actor could take now, from the claim's transition table. */
export const allowedActionsQuery = defineQuery<SubsidyClaimAction[], [AllowedActionsInput]>(
  'allowedActions',
);

export interface BudgetTopUpInput {
  pool: PoolRef;
  /** Yuan, two decimals, above zero. */
  amount: string;
  reference: string;
  actor: Actor;
  businessDate: string;
}

/** Completes once the top-up and the waitlist it lets move are done, or fails with the refusal. */
export const budgetToppedUpUpdate = defineUpdate<BudgetTopUpResult, []>('budgetToppedUp');

export interface BudgetTopUpResult {
  pool: PoolRef;
  toppedUp: boolean;
  /** Waitlisted claims that took a reservation, first submitted first. */
  reservedClaims: string[];
}

/**
 * Messages of the subsidy-claim and budget top-up workflows, shared by the workflows, the
 * activities and the API. Only types and message definitions live here.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../libs/domain/src/roles';
import type { SubsidyKind } from '../../libs/domain/src/subsidy';

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

export type ClaimStatus =
  | 'AWAITING_INSURER'
  | 'SUBMITTED'
  | 'WAITLISTED'
  | 'REVIEWED'
  | 'APPROVED'
  | 'PAID'
  | 'REJECTED'
  | 'CLAWED_BACK';

/** States in which a claim can still be rejected (before payment). */
export const REJECTABLE_STATUSES: readonly ClaimStatus[] = [
  'AWAITING_INSURER',
  'SUBMITTED',
  'WAITLISTED',
  'REVIEWED',
  'APPROVED',
];

export function isTerminalClaimStatus(status: ClaimStatus): boolean {
  return status === 'REJECTED' || status === 'CLAWED_BACK';
}

export interface PoolRef {
  districtCode: string;
  kind: SubsidyKind;
  budgetYear: number;
}

/** An interest claim: a contiguous run of the loan's schedule instalments. */
export interface InterestClaimRequest {
  kind: 'INTEREST';
  caseNumber: string;
  /** The district whose policy and budget the claim is made against. */
  districtCode: string;
  fromInstalment: number;
  toInstalment: number;
  /** Proof codes attached by the claimant (checked against the policy's required proofs). */
  proofs: string[];
}

/** An insurance-premium claim: one insurance policy of the loan, confirmed by its insurer. */
export interface InsuranceClaimRequest {
  kind: 'INSURANCE_PREMIUM';
  caseNumber: string;
  districtCode: string;
  insurerOrgId: string;
  insurancePolicyNumber: string;
  /** Yuan, two decimals. */
  premium: string;
  premiumPaidOn: string;
  proofs: string[];
}

export type ClaimRequest = InterestClaimRequest | InsuranceClaimRequest;

export interface SubsidyClaimInput {
  claimId: string;
  request: ClaimRequest;
  submittedBy: Actor;
  businessDate: string;
}

/**
 * What the workflow keeps of its claim: enough to validate the next step. The full claim, with
 * its frozen computation, is in PostgreSQL (`subsidy_claim`), written by the activities.
 */
export interface ClaimState {
  claimId: string;
  kind: SubsidyKind;
  districtCode: string;
  budgetYear: number;
  caseNumber: string;
  bankOrgId: string;
  enterpriseUscc: string;
  insurerOrgId: string | null;
  /** Yuan; the premium the claimant declared (insurance only). */
  premium: string | null;
  status: ClaimStatus;
  reserved: boolean;
  reviewedBy: string | null;
  /** Yuan; the subsidy computed at submission. */
  amount: string;
  version: number;
}

/** A claim's refusal at submission, as the API reports it (code, message, details). */
export interface ClaimRefusal {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export interface SubsidyClaimOutcome {
  claimId: string;
  status: ClaimStatus | 'REFUSED';
  refusal: ClaimRefusal | null;
}

/** Every human step on a claim; `actorDistrictCode` is the district of the actor's organisation. */
export interface ClaimStepInput {
  actor: Actor;
  actorDistrictCode: string | null;
  businessDate: string;
}

// --- Updates ----------------------------------------------------------------------------------

/** Completes once the submission is stored (or refused: the Update then fails with the code). */
export const claimSubmittedUpdate = defineUpdate<ClaimState, []>('claimSubmitted');
export const confirmPremiumUpdate = defineUpdate<
  ClaimState,
  [ClaimStepInput & { premium: string }]
>('confirmPremium');
export const reviewClaimUpdate = defineUpdate<
  ClaimState,
  [ClaimStepInput & { note: string | null }]
>('reviewClaim');
export const approveClaimUpdate = defineUpdate<ClaimState, [ClaimStepInput]>('approveClaim');
export const payClaimUpdate = defineUpdate<
  ClaimState,
  [ClaimStepInput & { paymentReference: string }]
>('payClaim');
export const rejectClaimUpdate = defineUpdate<ClaimState, [ClaimStepInput & { reason: string }]>(
  'rejectClaim',
);
export const clawBackClaimUpdate = defineUpdate<ClaimState, [ClaimStepInput & { reason: string }]>(
  'clawBackClaim',
);

/** Sent by a top-up (or a release) to a waitlisted claim: take room if the pool has some now. */
export const reserveFromWaitlistUpdate = defineUpdate<
  { reserved: boolean; state: ClaimState },
  [{ businessDate: string }]
>('reserveFromWaitlist');
/** Sent by the close of business when the claim's budget year has closed. */
export const closeBudgetYearUpdate = defineUpdate<ClaimState, [{ businessDate: string }]>(
  'closeBudgetYear',
);
export const getClaimQuery = defineQuery<ClaimState | null>('getClaim');

/** The human steps keyed by the API action name. */
export const CLAIM_ACTIONS = {
  'insurer-confirmation': confirmPremiumUpdate,
  review: reviewClaimUpdate,
  approve: approveClaimUpdate,
  pay: payClaimUpdate,
  reject: rejectClaimUpdate,
  'claw-back': clawBackClaimUpdate,
} as const;
export type ClaimAction = keyof typeof CLAIM_ACTIONS;

export interface BudgetTopUpInput {
  pool: PoolRef;
  /** Yuan, two decimals, above zero. */
  amount: string;
  reference: string;
  actor: Actor;
  businessDate: string;
}

export interface BudgetTopUpResult {
  pool: PoolRef;
  toppedUp: boolean;
  /** Waitlisted claims that took a reservation, first submitted first. */
  reservedClaims: string[];
}

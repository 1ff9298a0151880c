/**
 * The checks of every human step on a subsidy claim, pure: the workflow runs them in its Update
 * validators (before anything enters history, and again inside its lock), and the allowed-actions
 * query derives from the same table. Each throws a DomainError with the refusal's code.
 */
import { assertBusinessDate } from '../business-date';
import { DomainError } from '../errors';
import { Money } from '../money';
import type { Actor } from '../roles';
import {
  SUBSIDY_CLAIM_ACTION_NAMES,
  SUBSIDY_CLAIM_STEPS,
  stepEventsFrom,
  stepPerformers,
  subsidyClaimEventsAvailable,
  type SubsidyClaimAction,
} from './subsidy-claim.states';
import type { CaseFacts, SubsidyClaimState } from './subsidy-claim.types';

/** Claims are submitted by the case's bank (loan officer) or by the enterprise itself. */
export function checkSubmitter(actor: Actor, facts: CaseFacts): void {
  const allowed =
    (actor.role === 'LOAN_OFFICER' && actor.organisationId === facts.bankOrgId) ||
    (actor.role === 'ENTERPRISE' && actor.organisationId === `ENT-${facts.enterpriseUscc}`);
  if (!allowed) {
    throw new DomainError(
      'ORGANISATION_FORBIDDEN',
      `${actor.organisationId} may not claim subsidies for case ${facts.caseNumber}`,
      { caseNumber: facts.caseNumber },
    );
  }
}

/** Who takes a step and when; `actorDistrictCode` is the district of the actor's organisation. */
export interface SubsidyClaimStepActor {
  actor: Actor;
  actorDistrictCode: string | null;
  businessDate: string;
}

/** District staff act only on their district's claims; an insurer only on claims it insures. */
function actsForClaim(
  state: SubsidyClaimState,
  actor: Actor,
  actorDistrictCode: string | null,
): boolean {
  return actor.role === 'INSURER'
    ? actor.organisationId === state.insurerOrgId
    : actorDistrictCode === state.districtCode;
}

/** Business date, role, then organisation: who may take `action` on this claim at all. */
export function checkStepActor(
  state: SubsidyClaimState,
  action: SubsidyClaimAction,
  step: SubsidyClaimStepActor,
): void {
  assertBusinessDate(step.businessDate, 'businessDate');
  const roles = stepPerformers(action, state.status);
  if (!roles.includes(step.actor.role)) {
    throw new DomainError(
      'ROLE_FORBIDDEN',
      `${step.actor.role} may not do this on a subsidy claim`,
      {
        role: step.actor.role,
        allowed: roles,
      },
    );
  }
  if (!actsForClaim(state, step.actor, step.actorDistrictCode)) {
    throw new DomainError(
      'ORGANISATION_FORBIDDEN',
      `${step.actor.organisationId} may not act on a claim of district ${state.districtCode}`,
      { districtCode: state.districtCode },
    );
  }
}

/** INVALID_CLAIM_TRANSITION unless one of the step's rows applies to the claim's status. */
export function checkStepStatus(state: SubsidyClaimState, action: SubsidyClaimAction): void {
  if (stepEventsFrom(action, state.status).length === 0) {
    const step = SUBSIDY_CLAIM_STEPS[action].label;
    throw new DomainError(
      'INVALID_CLAIM_TRANSITION',
      `${step} is not allowed while the claim is ${state.status}`,
      { status: state.status, step },
    );
  }
}

function checkStep(
  state: SubsidyClaimState,
  action: SubsidyClaimAction,
  step: SubsidyClaimStepActor,
): void {
  checkStepActor(state, action, step);
  checkStepStatus(state, action);
}

/** The insurer confirms exactly the premium the claimant declared. */
export function checkPremiumConfirmation(
  state: SubsidyClaimState,
  step: SubsidyClaimStepActor & { premium: string },
): void {
  checkStep(state, 'insurer-confirmation', step);
  const confirmed = Money.ofYuan(step.premium);
  if (state.premium === null || !confirmed.equals(Money.ofYuan(state.premium))) {
    throw new DomainError(
      'PREMIUM_MISMATCH',
      `The insurer confirms ${confirmed.toYuan()}, the claim declares ${state.premium}`,
      { declared: state.premium, confirmed: confirmed.toYuan() },
    );
  }
}

/** A claim is reviewed once. */
export function checkReview(state: SubsidyClaimState, step: SubsidyClaimStepActor): void {
  checkStep(state, 'review', step);
  if (state.reviewedBy)
    throw new DomainError('ALREADY_REVIEWED', `Claim ${state.claimId} is already reviewed`);
}

function notReviewed(state: SubsidyClaimState): DomainError {
  return new DomainError('CLAIM_NOT_REVIEWED', `Claim ${state.claimId} must be reviewed first`);
}

/** Approval follows a review by someone else (four eyes). */
export function checkApproval(state: SubsidyClaimState, step: SubsidyClaimStepActor): void {
  checkStepActor(state, 'approve', step);
  // A SUBMITTED claim is one waiting for its review (the review moves it on): the approver is
  // told that, not that approval never applies.
  if (state.status === 'SUBMITTED' && !state.reviewedBy) throw notReviewed(state);
  checkStepStatus(state, 'approve');
  if (!state.reviewedBy) throw notReviewed(state);
  checkFourEyes(state.reviewedBy, step.actor.userId);
}

/** The approver of a claim must not be the person who reviewed it. */
export function checkFourEyes(reviewedBy: string, approverUserId: string): void {
  if (reviewedBy === approverUserId) {
    throw new DomainError(
      'FOUR_EYES_VIOLATION',
      'The approver of a claim must not be the person who reviewed it',
      { reviewedBy },
    );
  }
}

/** Payment needs the bank's payment reference and a payer other than the approver. */
export function checkPayment(
  state: SubsidyClaimState,
  step: SubsidyClaimStepActor & { paymentReference: string },
): void {
  checkStep(state, 'pay', step);
  checkPayer(state.approvedBy ?? null, step.actor.userId);
  checkPaymentReference(step.paymentReference);
}

/** The approver of a claim must not record its payment (four eyes, by user id). */
export function checkPayer(approvedBy: string | null, payerUserId: string): void {
  if (approvedBy !== null && approvedBy === payerUserId) {
    throw new DomainError(
      'PAYMENT_BY_APPROVER',
      'The approver of a claim may not record its payment',
      { approvedBy },
    );
  }
}

export function checkPaymentReference(paymentReference: string): void {
  if (!paymentReference || paymentReference.trim().length === 0)
    throw new DomainError('VALIDATION_FAILED', 'paymentReference is required');
}

/** Rejection before payment, with a reason. */
export function checkRejection(
  state: SubsidyClaimState,
  step: SubsidyClaimStepActor & { reason: string },
): void {
  checkStep(state, 'reject', step);
  checkReason(step.reason);
}

/** Clawback of a paid claim, with a reason. */
export function checkClawBack(
  state: SubsidyClaimState,
  step: SubsidyClaimStepActor & { reason: string },
): void {
  checkStep(state, 'claw-back', step);
  checkReason(step.reason);
}

export function checkReason(reason: string): void {
  if (!reason || reason.trim().length === 0)
    throw new DomainError('REASON_REQUIRED', 'A reason is required');
}

/**
 * The steps this actor could take on the claim now, from the transition table, then the
 * organisation and the claim's own guards (a review not yet done, four eyes). What the request
 * body will carry (a premium, a reason) is not known here and is checked when the step comes.
 */
export function subsidyClaimAllowedActions(
  state: SubsidyClaimState,
  actor: Actor,
  actorDistrictCode: string | null,
): SubsidyClaimAction[] {
  if (!actsForClaim(state, actor, actorDistrictCode)) return [];
  const available = subsidyClaimEventsAvailable(state.status, actor.role);
  return SUBSIDY_CLAIM_ACTION_NAMES.filter((action) => {
    const events: readonly string[] = SUBSIDY_CLAIM_STEPS[action].events;
    if (!available.some((event) => events.includes(event))) return false;
    if (action === 'review') return !state.reviewedBy;
    if (action === 'approve') return state.reviewedBy !== null && state.reviewedBy !== actor.userId;
    if (action === 'pay') return (state.approvedBy ?? null) !== actor.userId;
    return true;
  });
}

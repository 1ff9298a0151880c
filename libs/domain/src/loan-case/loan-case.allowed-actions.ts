/**
 * The case events an actor could fire now, generated from the transition table: the rows
 * open from the case's status to the actor's role, narrowed by the organisation check and by
 * the few guards a step's payload checks would otherwise refuse at once. The API lists them;
 * a step sent anyway is still checked in full by its validator.
 */
import {
  assertPayerIsNotChecker,
  claimsOpenToStep,
} from '../compensation-claim/compensation-claim.rules';
import type { CompensationClaim } from '../compensation-claim/compensation-claim.types';
import type { Actor } from '../roles';
import { organisationMayAct } from './loan-case.rules';
import { eventsAvailable, type CaseEvent } from './loan-case.states';
import type { CaseSnapshot } from './loan-case.types';

type Guard = (snapshot: CaseSnapshot, actor: Actor) => boolean;

const openClaims = (
  snapshot: CaseSnapshot,
  actor: Actor,
  payer: 'INSURER' | 'FUND',
  step: 'approve' | 'pay',
): CompensationClaim[] =>
  claimsOpenToStep(
    snapshot.claims ?? [],
    payer,
    step,
    actor.organisationId,
    snapshot.businessDate,
  ).filter((claim) => step === 'approve' || !checkedBy(claim, actor.userId));

const open = (
  snapshot: CaseSnapshot,
  actor: Actor,
  payer: 'INSURER' | 'FUND',
  step: 'approve' | 'pay',
): boolean => openClaims(snapshot, actor, payer, step).length > 0;

/** The case events that act on one compensation claim, with its payer and step. */
export const CLAIM_STEP_EVENTS = {
  CONFIRM_INSURANCE_CLAIM: { payer: 'INSURER', step: 'approve' },
  PAY_INSURANCE_CLAIM: { payer: 'INSURER', step: 'pay' },
  REVIEW_FUND_CLAIM: { payer: 'FUND', step: 'approve' },
  PAY_FUND_CLAIM: { payer: 'FUND', step: 'pay' },
} as const satisfies Partial<
  Record<CaseEvent, { payer: 'INSURER' | 'FUND'; step: 'approve' | 'pay' }>
>;
export type ClaimStepEvent = keyof typeof CLAIM_STEP_EVENTS;

export function isClaimStepEvent(event: CaseEvent): event is ClaimStepEvent {
  return event in CLAIM_STEP_EVENTS;
}

/**
 * The claims on which `actor` may take the claim step `event` now (its organisation pays them,
 * they are in the step's status, the fund's trigger has passed, and the payer did not check it).
 */
export function claimIdsOpenTo(
  snapshot: CaseSnapshot,
  actor: Actor,
  event: ClaimStepEvent,
): string[] {
  const { payer, step } = CLAIM_STEP_EVENTS[event];
  return openClaims(snapshot, actor, payer, step).map((claim) => claim.claimId);
}

/** The user confirmed (insurer) or reviewed (fund) the claim, so may not pay it (four eyes). */
function checkedBy(claim: CompensationClaim, userId: string): boolean {
  try {
    assertPayerIsNotChecker(claim, userId);
    return false;
  } catch {
    return true;
  }
}

/** Events whose availability depends on more than the status and the role. */
const GUARDS: Partial<Record<CaseEvent, Guard>> = {
  REQUEST_RELEASE: (s) => !s.release?.requestedOn,
  REGISTER_RELEASE: (s) => Boolean(s.release?.requestedOn),
  APPROVE_CREDIT: (s, actor) => actor.userId !== s.application.preparer.userId,
  CONFIRM_INSURANCE_CLAIM: (s, actor) => open(s, actor, 'INSURER', 'approve'),
  PAY_INSURANCE_CLAIM: (s, actor) => open(s, actor, 'INSURER', 'pay'),
  REVIEW_FUND_CLAIM: (s, actor) => open(s, actor, 'FUND', 'approve'),
  PAY_FUND_CLAIM: (s, actor) => open(s, actor, 'FUND', 'pay'),
  START_DISPOSAL: (s) => !s.disposal,
  // One open default proposal at a time, decided by someone other than its proposer.
  PROPOSE_DEFAULT: (s) => s.defaultProposal?.status !== 'PENDING',
  DECLARE_DEFAULT: (s, actor) => decidable(s, actor),
  REJECT_DEFAULT: (s, actor) => decidable(s, actor),
};

/** A pending default proposal that this actor did not make. */
function decidable(s: CaseSnapshot, actor: Actor): boolean {
  const p = s.defaultProposal;
  return p?.status === 'PENDING' && p.proposedBy.userId !== actor.userId;
}

/** Events this actor may fire now (state, role, organisation and the guards above). */
export function allowedCaseEvents(snapshot: CaseSnapshot, actor: Actor): CaseEvent[] {
  if (!organisationMayAct(snapshot, actor)) return [];
  return eventsAvailable(snapshot.status, actor.role).filter(
    (event) => GUARDS[event]?.(snapshot, actor) ?? true,
  );
}

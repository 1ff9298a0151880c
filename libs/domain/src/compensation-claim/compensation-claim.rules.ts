/**
 * Pure checks of the compensation-claim steps. Each throws a DomainError with the stable code
 * the API answers with; the workflow runs them in the Update's validator and again inside the
 * step, against the then-current claims.
 */
import { compareDates } from '../business-date';
import { DomainError, type ErrorCode } from '../errors';
import type { Money } from '../money';
import { refuseNegative } from '../risk-sharing';
import type { Actor } from '../roles';
import {
  CLAIM_EVENTS_OF_PAYER,
  claimStatusNeededFor,
  type CompensationClaimEvent,
  type CompensationClaimPayer,
} from './compensation-claim.states';
import type { CompensationClaim } from './compensation-claim.types';

/** The payer's step a claim event belongs to, for the messages. */
function payerName(payer: CompensationClaimPayer): string {
  return payer === 'FUND' ? 'risk-compensation' : 'insurance';
}

/**
 * The claim a step is about, checked against its payer, the acting organisation and the status
 * the claim event needs.
 * @throws DomainError(CLAIM_NOT_FOUND) for no such claim of that payer on the case.
 * @throws DomainError(ORGANISATION_FORBIDDEN) when another organisation pays the claim.
 * @throws DomainError(INVALID_CLAIM_STATUS) when the claim is not in the status `event` needs.
 */
export function claimForStep(
  claims: readonly CompensationClaim[],
  caseNumber: string,
  input: { claimId: string; actor: Actor },
  payer: CompensationClaimPayer,
  event: CompensationClaimEvent,
): CompensationClaim {
  const claim = claims.find((c) => c.claimId === input.claimId && c.payer === payer);
  if (!claim)
    throw new DomainError(
      'CLAIM_NOT_FOUND',
      `No ${payerName(payer)} claim ${input.claimId} on case ${caseNumber}`,
      { claimId: input.claimId },
    );
  if (claim.payerOrgId !== input.actor.organisationId)
    throw new DomainError(
      'ORGANISATION_FORBIDDEN',
      `Claim ${claim.claimId} is payable by ${claim.payerOrgId}, not ${input.actor.organisationId}`,
    );
  const expected = claimStatusNeededFor(event);
  if (claim.status !== expected)
    throw new DomainError(
      'INVALID_CLAIM_STATUS',
      `Claim ${claim.claimId} is ${claim.status}; this step needs it ${expected}`,
      { claimId: claim.claimId, status: claim.status, expected },
    );
  return claim;
}

/** The fund may act on its claim from its eligible date (the scheme's trigger days reached). */
export function fundTriggerReached(claim: CompensationClaim, businessDate: string): boolean {
  return compareDates(businessDate, claim.eligibleOn) >= 0;
}

/**
 * @throws DomainError(FUND_TRIGGER_NOT_REACHED) before the claim's eligible date.
 */
export function assertFundTriggerReached(
  claim: CompensationClaim,
  businessDate: string,
  triggerDaysNonPerforming: number | undefined,
): void {
  if (!fundTriggerReached(claim, businessDate))
    throw new DomainError(
      'FUND_TRIGGER_NOT_REACHED',
      `The fund may be claimed from ${claim.eligibleOn}, after ${triggerDaysNonPerforming} days non-performing`,
      { eligibleOn: claim.eligibleOn, triggerDaysNonPerforming },
    );
}

/**
 * Four eyes on a compensation payment, by user id: the insurer's user who confirmed the claim
 * does not pay it, nor does the fund's user who reviewed it (maker-checker, docs/domain.md).
 * @throws DomainError(COMPENSATION_CONFIRMER_CANNOT_PAY) for the insurer's confirmer.
 * @throws DomainError(COMPENSATION_REVIEWER_CANNOT_PAY) for the fund's reviewer.
 */
export function assertPayerIsNotChecker(claim: CompensationClaim, payerUserId: string): void {
  const checked = claimStatusNeededFor(CLAIM_EVENTS_OF_PAYER[claim.payer].pay);
  const checker = claim.steps.find((s) => s.status === checked);
  if (checker?.userId !== payerUserId) return;
  const code: ErrorCode =
    claim.payer === 'FUND'
      ? 'COMPENSATION_REVIEWER_CANNOT_PAY'
      : 'COMPENSATION_CONFIRMER_CANNOT_PAY';
  throw new DomainError(
    code,
    `User ${payerUserId} ${checked.toLowerCase()} claim ${claim.claimId} and may not pay it`,
    { claimId: claim.claimId, checkedBy: payerUserId, step: checked },
  );
}

/** @throws DomainError(VALIDATION_FAILED) for a payment without the payer's reference. */
export function assertPaymentReference(reference: string): void {
  if (!reference) throw new DomainError('VALIDATION_FAILED', 'reference is required');
}

/**
 * A payment reference is the payer's own and unique per payer organisation: refused when the
 * claim's payer organisation already paid another of these claims under it. (The workflow
 * knows one case's claims; across cases the API checks the stored payments and the unique
 * index on (payer organisation, reference) refuses a race.)
 * @throws DomainError(PAYMENT_REFERENCE_ALREADY_USED)
 */
export function assertReferenceUnused(
  claims: readonly CompensationClaim[],
  claim: CompensationClaim,
  reference: string,
): void {
  const other = claims.find(
    (c) =>
      c.claimId !== claim.claimId &&
      c.payerOrgId === claim.payerOrgId &&
      c.payment?.reference === reference,
  );
  if (other)
    throw new DomainError(
      'PAYMENT_REFERENCE_ALREADY_USED',
      `Payment reference ${reference} is already used by ${claim.payerOrgId} on claim ${other.claimId}`,
      { claimId: claim.claimId, reference, usedOn: other.claimId },
    );
}

/** The same payment reference sent again is the same payment: acknowledged, never re-applied. */
export function isRecordedPayment(
  claims: readonly CompensationClaim[],
  input: { claimId: string; reference: string },
): boolean {
  const claim = claims.find((c) => c.claimId === input.claimId);
  return claim?.status === 'PAID' && claim.payment?.reference === input.reference;
}

/**
 * Claims of `payer` paid by the actor's organisation that a step of `step` could move now (the
 * allowed-actions query): in the status the event needs and, for the fund's review, eligible.
 */
export function claimsOpenToStep(
  claims: readonly CompensationClaim[],
  payer: CompensationClaimPayer,
  step: 'approve' | 'pay',
  organisationId: string,
  businessDate: string,
): CompensationClaim[] {
  const event = CLAIM_EVENTS_OF_PAYER[payer][step];
  const needed = claimStatusNeededFor(event);
  return claims.filter(
    (c) =>
      c.payer === payer &&
      c.status === needed &&
      c.payerOrgId === organisationId &&
      (event !== 'REVIEW' || fundTriggerReached(c, businessDate)),
  );
}

/**
 * What a payer pays on a claim: its share, limited by the per-claim cap and (for the fund) by
 * its available balance; null means no such limit. `limitedBy` names what bound; when cap and
 * balance bind at the same amount it is the cap (the rule, rather than the moment's balance).
 * @throws DomainError(INVALID_AMOUNT) with `{ field, value }` for a negative amount.
 */
export function compensationPayable(
  share: Money,
  cap: Money | null,
  available: Money | null,
): { amount: Money; limitedBy: 'CAP' | 'BALANCE' | null } {
  refuseNegative({
    share,
    ...(cap === null ? {} : { cap }),
    ...(available === null ? {} : { available }),
  });
  let amount = share;
  let limitedBy: 'CAP' | 'BALANCE' | null = null;
  if (cap !== null && cap.lessThan(amount)) {
    amount = cap;
    limitedBy = 'CAP';
  }
  if (available !== null && available.lessThan(amount)) {
    amount = available;
    limitedBy = 'BALANCE';
  }
  return { amount, limitedBy };
}

/**
 * What the insurer's and the fund's claim payments share: the payment already made on a claim
 * (a retry returns it; another reference is refused) and the recording of a new one (the
 * claim's step to PAID and the audit entry), inside the payment's transaction.
 */
import type { EntityManager } from 'typeorm';
import type {
  CompensationClaimPayment,
  CompensationClaimStep,
} from '../../../libs/domain/src/compensation-claim/compensation-claim.types';
import type { AuditLog } from '../../../libs/audit/src/audit-log';
import { claimStatusNeededFor } from '../../../libs/domain/src/compensation-claim/compensation-claim.states';
import { DomainError } from '../../../libs/domain/src/errors';
import type { Money } from '../../../libs/domain/src/money';
import type { LossSharingRepository } from '../../../libs/persistence/src/repositories/compensation-claim/loss-sharing.repository';

/** A payment of a compensation claim by its payer. */
export interface CompensationClaimPaymentRequest {
  claimId: string;
  caseNumber: string;
  reference: string;
  share: Money;
  cap: Money | null;
  step: CompensationClaimStep;
}

/** The columns of a new payment that come from the request. */
export function paymentRowOf(input: CompensationClaimPaymentRequest) {
  return {
    claimId: input.claimId,
    reference: input.reference,
    caseNumber: input.caseNumber,
    share: input.share,
    paidOn: input.step.on,
    paidBy: input.step.userId,
  };
}

/**
 * The payment already made on the claim, if it was made under this reference.
 * @throws DomainError(DUPLICATE_REFERENCE) when the claim was paid under another reference.
 */
export async function previousPayment(
  lossSharing: LossSharingRepository,
  tx: EntityManager,
  input: CompensationClaimPaymentRequest,
): Promise<CompensationClaimPayment | null> {
  const previous = await lossSharing.paymentOfClaim(tx, input.claimId);
  if (previous && previous.reference !== input.reference) {
    throw new DomainError(
      'DUPLICATE_REFERENCE',
      `Claim ${input.claimId} was already paid under reference ${previous.reference}`,
      { claimId: input.claimId, reference: previous.reference },
    );
  }
  return previous;
}

/**
 * Refuses a payment whose reference its payer organisation already used on another claim (the
 * unique index on the payment's payer organisation and reference answered REFERENCE_TAKEN).
 * Thrown inside the payment's transaction, so everything it did (a fund's debit) is undone.
 * @throws DomainError(PAYMENT_REFERENCE_ALREADY_USED)
 */
export function refuseTakenReference(
  inserted: { ok: true } | { ok: false; reason: 'REFERENCE_TAKEN' },
  input: CompensationClaimPaymentRequest,
): void {
  if (inserted.ok) return;
  throw new DomainError(
    'PAYMENT_REFERENCE_ALREADY_USED',
    `Payment reference ${input.reference} is already used by the payer on another claim`,
    { claimId: input.claimId, reference: input.reference },
  );
}

/**
 * Moves the claim by its payment event (from the status the table's row needs), audits the
 * payment and returns it as stored.
 */
export async function recordPaid(
  lossSharing: LossSharingRepository,
  audit: AuditLog,
  tx: EntityManager,
  input: CompensationClaimPaymentRequest,
  event: 'PAY_INSURANCE' | 'PAY_FUND',
): Promise<CompensationClaimPayment> {
  await lossSharing.recordClaimStep(input.claimId, claimStatusNeededFor(event), input.step, tx);
  const payment = (await lossSharing.paymentOfClaim(tx, input.claimId))!;
  await audit.append(
    {
      actor: await audit.actorOfUser(input.step.userId, tx),
      action: 'COMPENSATION_PAID',
      subjectType: 'CASE',
      subjectId: input.caseNumber,
      payload: { claimId: input.claimId, ...payment },
      sourceKey: `compensation-payment:${input.claimId}`,
    },
    tx,
  );
  return payment;
}

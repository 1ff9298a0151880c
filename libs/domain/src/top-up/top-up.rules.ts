/**
 * Top-ups of subsidy budget pools and compensation funds, pure: one user proposes under the
 * funding document's number (文号), a different user of the same organisation approves, and
 * only then is money added. Each check throws a DomainError with the refusal's code.
 */
import { DomainError } from '../errors';
import { Money } from '../money';

export const TOP_UP_STATUSES = ['PROPOSED', 'APPROVED', 'REJECTED'] as const;
export type TopUpStatus = (typeof TOP_UP_STATUSES)[number];

/**
 * The most one top-up may bring, in yuan. A district's yearly subsidy budget is in the millions;
 * a hundred million in one document is far above any real one and catches a slipped decimal
 * point. The `top_up` table's CHECK holds the same bound in fen.
 */
export const MAX_TOP_UP_YUAN = '100000000.00';

/** Above zero and at most MAX_TOP_UP_YUAN. */
export function checkTopUpAmount(amount: string): Money {
  const money = Money.ofYuan(amount);
  if (!money.isPositive()) {
    throw new DomainError('INVALID_AMOUNT', 'amount must be above zero', { field: 'amount' });
  }
  if (money.greaterThan(Money.ofYuan(MAX_TOP_UP_YUAN))) {
    throw new DomainError(
      'TOP_UP_ABOVE_MAXIMUM',
      `A top-up brings at most ${MAX_TOP_UP_YUAN}; ${money.toYuan()} was asked`,
      { amount: money.toYuan(), maximum: MAX_TOP_UP_YUAN },
    );
  }
  return money;
}

/** The approver of a top-up is not its proposer (four eyes, by user id). */
export function checkTopUpApprover(proposedBy: string, approverUserId: string): void {
  if (proposedBy === approverUserId) {
    throw new DomainError(
      'TOP_UP_SELF_APPROVAL',
      'A top-up must be approved by someone other than the person who proposed it',
      { proposedBy },
    );
  }
}

/** Only a proposal still awaiting its decision may be approved or rejected. */
export function checkTopUpPending(id: string, status: TopUpStatus): void {
  if (status !== 'PROPOSED') {
    throw new DomainError('TOP_UP_NOT_PROPOSED', `Top-up ${id} is already ${status}`, {
      status,
    });
  }
}

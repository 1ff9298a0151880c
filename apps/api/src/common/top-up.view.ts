import { Money } from '../../../../libs/domain/src/money';
import type { TopUpRow } from '../../../../libs/persistence/src/repositories/top-up.repository';

/** A top-up proposal as the API answers it (budget pools and compensation funds alike). */
export function topUpView(row: TopUpRow) {
  return {
    id: row.id,
    target: row.target,
    targetKey: row.targetKey,
    amount: Money.ofFen(row.amountFen).toYuan(),
    reference: row.reference,
    status: row.status,
    proposedBy: row.proposedBy,
    proposedOn: row.proposedOn,
    decidedBy: row.decidedBy,
    decidedOn: row.decidedOn,
  };
}

import { Injectable } from '@nestjs/common';
import type { CompensationClaimPayment } from '../../../libs/domain/src/compensation-claim/compensation-claim.types';
import { AuditLog } from '../../../libs/audit/src/audit-log';
import { parseDecimal } from '../../../libs/domain/src/decimal';
import { DomainError } from '../../../libs/domain/src/errors';
import { Money } from '../../../libs/domain/src/money';
import { compensationPayable } from '../../../libs/domain/src/compensation-claim/compensation-claim.rules';
import { LossSharingRepository } from '../../../libs/persistence/src/repositories/compensation-claim/loss-sharing.repository';
import {
  paymentRowOf,
  previousPayment,
  recordPaid,
  refuseTakenReference,
  type CompensationClaimPaymentRequest,
} from './claim-payments';

/** The fund's payment: from its pool, part of it held in deposit under the deposit model. */
export interface FundClaimPaymentRequest extends CompensationClaimPaymentRequest {
  fundCode: string;
  /** Deposit model: this part of the payment is held in deposit until the write-off. */
  depositRatio: string | null;
}

/**
 * The fund's payment of its claim, in one transaction: the share limited by the per-claim cap
 * and by the pool's available balance (`compensationPayable`), debited by a conditional UPDATE.
 * When another payment took part of the balance between the read and the debit, the balance is
 * read again and the amount recomputed: the pool never goes negative, whatever the
 * concurrency. A retry returns the payment already made.
 */
@Injectable()
export class PayFundClaimUseCase {
  constructor(
    private readonly lossSharing: LossSharingRepository,
    private readonly audit: AuditLog,
  ) {}

  /**
   * @throws DomainError(DUPLICATE_REFERENCE) when the claim was paid under another reference.
   * @throws DomainError(PAYMENT_REFERENCE_ALREADY_USED) when the payer used the reference elsewhere.
   * @throws DomainError(FUND_BALANCE_EXHAUSTED) when the fund has nothing left.
   */
  execute(input: FundClaimPaymentRequest): Promise<CompensationClaimPayment> {
    return this.lossSharing.transaction(async (tx) => {
      const previous = await previousPayment(this.lossSharing, tx, input);
      if (previous) return previous;
      for (;;) {
        const available = await this.lossSharing.fundAvailable(tx, input.fundCode);
        if (!available) throw new Error(`Compensation fund ${input.fundCode} does not exist`);
        if (!available.isPositive()) {
          throw new DomainError(
            'FUND_BALANCE_EXHAUSTED',
            `Compensation fund ${input.fundCode} has no balance left to pay claim ${input.claimId}`,
            { fundCode: input.fundCode, claimId: input.claimId, available: available.toYuan() },
          );
        }
        const { amount, limitedBy } = compensationPayable(input.share, input.cap, available);
        if (!(await this.lossSharing.debitFund(tx, input.fundCode, amount))) continue;
        const deposit =
          input.depositRatio === null
            ? Money.zero()
            : amount.times(parseDecimal(input.depositRatio));
        const inserted = await this.lossSharing.insertPayment(tx, {
          ...paymentRowOf(input),
          payer: 'FUND',
          fundCode: input.fundCode,
          amount,
          limitedBy,
          deposit,
        });
        refuseTakenReference(inserted, input);
        // The audit entry comes last: the fund's row is already locked by the debit above.
        return recordPaid(this.lossSharing, this.audit, tx, input, 'PAY_FUND');
      }
    });
  }
}

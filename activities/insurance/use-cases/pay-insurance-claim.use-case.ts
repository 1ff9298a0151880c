import { Injectable } from '@nestjs/common';
import type { CompensationClaimPayment } from '../../../libs/domain/src/compensation-claim/compensation-claim.types';
import { AuditLog } from '../../../libs/audit/src/audit-log';
import { Money } from '../../../libs/domain/src/money';
import { compensationPayable } from '../../../libs/domain/src/compensation-claim/compensation-claim.rules';
import { LossSharingRepository } from '../../../libs/persistence/src/repositories/compensation-claim/loss-sharing.repository';
import {
  paymentRowOf,
  previousPayment,
  recordPaid,
  refuseTakenReference,
  type CompensationClaimPaymentRequest,
} from '../../fund/use-cases/claim-payments';

/**
 * The insurer's payment of its claim, in one transaction: the share, limited by the per-claim
 * cap. Keyed by the claim: a retry returns the payment already made.
 */
@Injectable()
export class PayInsuranceClaimUseCase {
  constructor(
    private readonly lossSharing: LossSharingRepository,
    private readonly audit: AuditLog,
  ) {}

  /**
   * @throws DomainError(DUPLICATE_REFERENCE) when the claim was paid under another reference.
   * @throws DomainError(PAYMENT_REFERENCE_ALREADY_USED) when the payer used the reference elsewhere.
   */
  execute(input: CompensationClaimPaymentRequest): Promise<CompensationClaimPayment> {
    return this.lossSharing.transaction(async (tx) => {
      const previous = await previousPayment(this.lossSharing, tx, input);
      if (previous) return previous;
      const { amount, limitedBy } = compensationPayable(input.share, input.cap, null);
      const inserted = await this.lossSharing.insertPayment(tx, {
        ...paymentRowOf(input),
        payer: 'INSURER',
        fundCode: null,
        amount,
        limitedBy,
        deposit: Money.zero(),
      });
      refuseTakenReference(inserted, input);
      return recordPaid(this.lossSharing, this.audit, tx, input, 'PAY_INSURANCE');
    });
  }
}

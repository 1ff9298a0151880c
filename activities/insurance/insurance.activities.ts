import { Injectable } from '@nestjs/common';
import type {
  CompensationClaimPayment,
  CompensationClaimStep,
} from '../../libs/domain/src/compensation-claim/compensation-claim.types';
import { claimStatusNeededFor } from '../../libs/domain/src/compensation-claim/compensation-claim.states';
import { Money } from '../../libs/domain/src/money';
import { LossSharingRepository } from '../../libs/persistence/src/repositories/compensation-claim/loss-sharing.repository';
import { refusingDomainErrors } from '../shared/activity-failure';
import { PayInsuranceClaimUseCase } from './use-cases/pay-insurance-claim.use-case';

/** What the insurer does on a default: confirm the claim, pay its share. */
@Injectable()
export class InsuranceActivities {
  constructor(
    private readonly lossSharing: LossSharingRepository,
    private readonly payInsuranceClaim: PayInsuranceClaimUseCase,
  ) {}

  /** Conditional on the claim being FILED: a retry changes nothing. */
  async insuranceConfirmClaim(input: {
    claimId: string;
    step: CompensationClaimStep;
  }): Promise<void> {
    await this.lossSharing.recordClaimStep(
      input.claimId,
      claimStatusNeededFor('CONFIRM'),
      input.step,
    );
  }

  /**
   * Pays the share, limited by the per-claim cap; one payment per claim under the insurer's
   * reference, so a retry returns the payment already made.
   */
  async insurancePayClaim(input: {
    claimId: string;
    caseNumber: string;
    reference: string;
    share: string;
    cap: string | null;
    step: CompensationClaimStep;
  }): Promise<CompensationClaimPayment> {
    return refusingDomainErrors(() =>
      this.payInsuranceClaim.execute({
        ...input,
        share: Money.ofYuan(input.share),
        cap: input.cap === null ? null : Money.ofYuan(input.cap),
      }),
    );
  }
}

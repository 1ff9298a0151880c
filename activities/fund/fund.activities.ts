import { Injectable } from '@nestjs/common';
import type {
  CompensationClaimPayment,
  CompensationClaimStep,
} from '../../libs/domain/src/compensation-claim/compensation-claim.types';
import { claimStatusNeededFor } from '../../libs/domain/src/compensation-claim/compensation-claim.states';
import { DomainError } from '../../libs/domain/src/errors';
import { Money } from '../../libs/domain/src/money';
import {
  LossSharingRepository,
  type RiskSchemeRow,
} from '../../libs/persistence/src/repositories/compensation-claim/loss-sharing.repository';
import { refusingDomainErrors } from '../shared/activity-failure';
import { PayFundClaimUseCase } from './use-cases/pay-fund-claim.use-case';

/** What the risk-compensation fund does: its schemes, reviews, payments from its pool, recoveries. */
@Injectable()
export class FundActivities {
  constructor(
    private readonly lossSharing: LossSharingRepository,
    private readonly payFundClaim: PayFundClaimUseCase,
  ) {}

  /**
   * The scheme's raw terms (the workflow parses them) with the fund and insurer it names.
   * @throws ApplicationFailure(UNKNOWN_RISK_SCHEME), non-retryable.
   */
  async fundRiskScheme(code: string): Promise<RiskSchemeRow> {
    return refusingDomainErrors(async () => {
      const scheme = await this.lossSharing.riskScheme(code);
      if (!scheme)
        throw new DomainError('UNKNOWN_RISK_SCHEME', `Risk scheme ${code} is not configured`, {
          code,
        });
      return scheme;
    });
  }

  /** Conditional on the claim being FILED: a retry changes nothing. */
  async fundReviewClaim(input: { claimId: string; step: CompensationClaimStep }): Promise<void> {
    await this.lossSharing.recordClaimStep(
      input.claimId,
      claimStatusNeededFor('REVIEW'),
      input.step,
    );
  }

  /**
   * Pays the fund's share, limited by the cap and the pool's balance; never overdraws the pool.
   * @throws ApplicationFailure(FUND_BALANCE_EXHAUSTED), non-retryable, when nothing is left.
   */
  async fundPayClaim(input: {
    claimId: string;
    caseNumber: string;
    fundCode: string;
    reference: string;
    share: string;
    cap: string | null;
    depositRatio: string | null;
    step: CompensationClaimStep;
  }): Promise<CompensationClaimPayment> {
    return refusingDomainErrors(() =>
      this.payFundClaim.execute({
        ...input,
        share: Money.ofYuan(input.share),
        cap: input.cap === null ? null : Money.ofYuan(input.cap),
      }),
    );
  }

  /** The fund's part of disposal proceeds flows back into its pool; once per case. */
  async fundCreditRecovery(input: {
    fundCode: string;
    caseNumber: string;
    amount: string;
  }): Promise<void> {
    await this.lossSharing.creditRecovery({ ...input, amount: Money.ofYuan(input.amount) });
  }

  /** Deposit model: after the write-off the deposit is paid out for good; once. */
  async fundReleaseDeposit(input: { claimId: string; on: string }): Promise<void> {
    await this.lossSharing.releaseDeposit(input.claimId, input.on);
  }
}

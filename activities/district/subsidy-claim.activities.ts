import { Injectable } from '@nestjs/common';
import type { SubsidyClaimState } from '../../libs/domain/src/subsidy-claim';
import type { SubsidyClaimInput } from '../../workflows/subsidy-claim/subsidy-claim.shared';
import { refusingDomainErrors } from '../shared/activity-failure';
import {
  ApproveSubsidyClaimUseCase,
  type ApprovalResult,
  type ApproveSubsidyClaimCommand,
} from './use-cases/approve-subsidy-claim.use-case';
import {
  ClawBackSubsidyClaimUseCase,
  type ClawBackSubsidyClaimCommand,
} from './use-cases/claw-back-subsidy-claim.use-case';
import {
  ConfirmPremiumUseCase,
  type ConfirmPremiumCommand,
} from './use-cases/confirm-premium.use-case';
import {
  PaySubsidyClaimUseCase,
  type PaySubsidyClaimCommand,
} from './use-cases/pay-subsidy-claim.use-case';
import {
  RejectSubsidyClaimUseCase,
  type RejectionResult,
  type RejectSubsidyClaimCommand,
} from './use-cases/reject-subsidy-claim.use-case';
import {
  ReserveFromWaitlistUseCase,
  type ReserveFromWaitlistCommand,
} from './use-cases/reserve-from-waitlist.use-case';
import {
  ReviewSubsidyClaimUseCase,
  type ReviewSubsidyClaimCommand,
} from './use-cases/review-subsidy-claim.use-case';
import { SubmitSubsidyClaimUseCase } from './use-cases/submit-subsidy-claim.use-case';

/**
 * A district's claim steps, as the claim workflow calls them. Each is one use case that runs in
 * one PostgreSQL transaction changing the claim (from an expected status, under a row lock), its
 * timeline, its coverage and the budget pool together, and first checks whether it already
 * happened: a retried activity moves nothing twice. Refusals cross as non-retryable failures of
 * their code.
 */
@Injectable()
export class SubsidyClaimActivities {
  constructor(
    private readonly submit: SubmitSubsidyClaimUseCase,
    private readonly confirmPremium: ConfirmPremiumUseCase,
    private readonly review: ReviewSubsidyClaimUseCase,
    private readonly approve: ApproveSubsidyClaimUseCase,
    private readonly pay: PaySubsidyClaimUseCase,
    private readonly reject: RejectSubsidyClaimUseCase,
    private readonly clawBack: ClawBackSubsidyClaimUseCase,
    private readonly reserveFromWaitlist: ReserveFromWaitlistUseCase,
  ) {}

  /** Stores the claim computed from the loan's facts, or refuses (nothing stored). */
  districtSubmitClaim(input: SubsidyClaimInput): Promise<SubsidyClaimState> {
    return refusingDomainErrors(() => this.submit.execute(input));
  }

  districtConfirmPremium(input: ConfirmPremiumCommand): Promise<SubsidyClaimState> {
    return refusingDomainErrors(() => this.confirmPremium.execute(input));
  }

  districtReviewClaim(input: ReviewSubsidyClaimCommand): Promise<SubsidyClaimState> {
    return refusingDomainErrors(() => this.review.execute(input));
  }

  /** BUDGET_EXHAUSTED is an outcome here (nothing changed), not a failure. */
  districtApproveClaim(input: ApproveSubsidyClaimCommand): Promise<ApprovalResult> {
    return refusingDomainErrors(() => this.approve.execute(input));
  }

  districtPayClaim(input: PaySubsidyClaimCommand): Promise<SubsidyClaimState> {
    return refusingDomainErrors(() => this.pay.execute(input));
  }

  /** `actor` null = the system (the budget year closed). */
  districtRejectClaim(input: RejectSubsidyClaimCommand): Promise<RejectionResult> {
    return refusingDomainErrors(() => this.reject.execute(input));
  }

  districtClawBackClaim(input: ClawBackSubsidyClaimCommand): Promise<SubsidyClaimState> {
    return refusingDomainErrors(() => this.clawBack.execute(input));
  }

  districtReserveFromWaitlist(
    input: ReserveFromWaitlistCommand,
  ): Promise<{ reserved: boolean; state: SubsidyClaimState }> {
    return refusingDomainErrors(() => this.reserveFromWaitlist.execute(input));
  }
}

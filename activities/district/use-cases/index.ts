import { ApproveSubsidyClaimUseCase } from './approve-subsidy-claim.use-case';
import { ClawBackSubsidyClaimUseCase } from './claw-back-subsidy-claim.use-case';
import { CloseBudgetYearsUseCase } from './close-budget-years.use-case';
import { ConfirmPremiumUseCase } from './confirm-premium.use-case';
import { PaySubsidyClaimUseCase } from './pay-subsidy-claim.use-case';
import { RejectSubsidyClaimUseCase } from './reject-subsidy-claim.use-case';
import { ReserveFromWaitlistUseCase } from './reserve-from-waitlist.use-case';
import { ReviewSubsidyClaimUseCase } from './review-subsidy-claim.use-case';
import { ServeWaitlistUseCase } from './serve-waitlist.use-case';
import { SubmitSubsidyClaimUseCase } from './submit-subsidy-claim.use-case';
import { TopUpBudgetUseCase } from './top-up-budget.use-case';

/** The district's use cases: Nest providers of the worker, behind its thin activities. */
export const DISTRICT_USE_CASES = [
  SubmitSubsidyClaimUseCase,
  ConfirmPremiumUseCase,
  ReviewSubsidyClaimUseCase,
  ApproveSubsidyClaimUseCase,
  PaySubsidyClaimUseCase,
  RejectSubsidyClaimUseCase,
  ClawBackSubsidyClaimUseCase,
  ReserveFromWaitlistUseCase,
  ServeWaitlistUseCase,
  TopUpBudgetUseCase,
  CloseBudgetYearsUseCase,
];

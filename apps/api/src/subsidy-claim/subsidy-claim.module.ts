import { Module } from '@nestjs/common';
import { SubmitSubsidyClaimUseCase } from '../../../../activities/district/use-cases/submit-subsidy-claim.use-case';
import { IdempotentRequests } from '../idempotency/idempotent-requests';
import { SubsidyClaimController } from './subsidy-claim.controller';
import { SubsidyClaimService } from './subsidy-claim.service';

/** Subsidy claims: submission, the district's steps, the claim's allowed actions, the work queue. */
@Module({
  controllers: [SubsidyClaimController],
  // The submission's own checks, run by the API before it starts a claim's workflow.
  providers: [SubsidyClaimService, SubmitSubsidyClaimUseCase, IdempotentRequests],
})
export class SubsidyClaimModule {}

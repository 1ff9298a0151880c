import { Module } from '@nestjs/common';
import { SubsidyClaimController } from './subsidy-claim.controller';
import { SubsidyClaimService } from './subsidy-claim.service';

/** Subsidy claims: submission, the district's steps, the claim's allowed actions, the work queue. */
@Module({
  controllers: [SubsidyClaimController],
  providers: [SubsidyClaimService],
})
export class SubsidyClaimModule {}

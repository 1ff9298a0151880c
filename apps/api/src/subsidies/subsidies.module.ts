import { Module } from '@nestjs/common';
import { LprController } from './lpr.controller';
import { SubsidyBudgetsController } from './subsidy-budgets.controller';
import { SubsidyClaimsController } from './subsidy-claims.controller';
import { SubsidyClaimsService } from './subsidy-claims.service';
import { SubsidyPoliciesController } from './subsidy-policies.controller';
import { SubsidyPoliciesService } from './subsidy-policies.service';

/** District subsidies: policies, LPR, budgets, claims and the district work queue. */
@Module({
  controllers: [
    LprController,
    SubsidyPoliciesController,
    SubsidyBudgetsController,
    SubsidyClaimsController,
  ],
  providers: [SubsidyClaimsService, SubsidyPoliciesService],
})
export class SubsidiesModule {}

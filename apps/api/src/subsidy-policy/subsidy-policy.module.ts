import { Module } from '@nestjs/common';
import { LprController } from './lpr.controller';
import { SubsidyBudgetsController } from './subsidy-budgets.controller';
import { SubsidyPoliciesController } from './subsidy-policies.controller';
import { SubsidyPoliciesService } from './subsidy-policies.service';
import { SubsidyWhatIfService } from './subsidy-what-if.service';

/** District subsidy policies and their what-if, the LPR table, and the budget pools. */
@Module({
  controllers: [LprController, SubsidyPoliciesController, SubsidyBudgetsController],
  providers: [SubsidyPoliciesService, SubsidyWhatIfService],
})
export class SubsidyPolicyModule {}

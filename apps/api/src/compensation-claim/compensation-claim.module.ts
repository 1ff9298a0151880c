import { Module } from '@nestjs/common';
import { CasesService } from '../cases/cases.service';
import { CaseStepService } from './case-step.service';
import { CompensationClaimController } from './compensation-claim.controller';
import { CompensationClaimService } from './compensation-claim.service';
import { CompensationFundController } from './compensation-fund.controller';

/**
 * Default, delinquency and the compensation claims of a case, and the compensation fund's pool.
 * Visibility follows the case, so the case service is provided here too (it keeps no state).
 */
@Module({
  controllers: [CompensationClaimController, CompensationFundController],
  providers: [CompensationClaimService, CaseStepService, CasesService],
  // The disposal's start is a step of the case too.
  exports: [CaseStepService],
})
export class CompensationClaimModule {}

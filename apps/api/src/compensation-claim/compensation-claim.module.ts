import { Module } from '@nestjs/common';
import { LoanCaseModule } from '../loan-case/loan-case.module';
import { CompensationClaimController } from './compensation-claim.controller';
import { CompensationClaimService } from './compensation-claim.service';
import { CompensationFundController } from './compensation-fund.controller';

/**
 * Default, delinquency and the compensation claims of a case, and the compensation fund's pool.
 * Visibility follows the case: the loan-case module's service answers who may see it.
 */
@Module({
  imports: [LoanCaseModule],
  controllers: [CompensationClaimController, CompensationFundController],
  providers: [CompensationClaimService],
})
export class CompensationClaimModule {}

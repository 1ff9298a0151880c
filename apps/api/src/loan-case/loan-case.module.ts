import { Module } from '@nestjs/common';
import { LoanCaseController } from './loan-case.controller';
import { IdempotentRequests } from '../idempotency/idempotent-requests';
import { LoanCaseService } from './loan-case.service';

/**
 * Loan cases: opening, the steps of the case, reads and the allowed actions. Exports the service
 * for the routes of the case's default, compensation claims and disposal, which check the
 * caller's view of the case through it and send the claim steps.
 */
@Module({
  controllers: [LoanCaseController],
  providers: [LoanCaseService, IdempotentRequests],
  exports: [LoanCaseService],
})
export class LoanCaseModule {}

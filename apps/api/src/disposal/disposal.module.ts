import { Module } from '@nestjs/common';
import { CompensationClaimModule } from '../compensation-claim/compensation-claim.module';
import { DisposalFilesController } from '../disposal-files/disposal-files.controller';
import { DisposalFilesService } from '../disposal-files/disposal-files.service';
import { DisposalController } from './disposal.controller';
import { DisposalService } from './disposal.service';
import { LoanCaseModule } from '../loan-case/loan-case.module';

/**
 * The disposal of a defaulted case's pledged IP: its steps, reads and allowed actions, and the
 * administrators' disposal file. Visibility follows the case (the loan-case module's service).
 */
@Module({
  imports: [LoanCaseModule, CompensationClaimModule],
  controllers: [DisposalController, DisposalFilesController],
  providers: [DisposalService, DisposalFilesService],
})
export class DisposalModule {}

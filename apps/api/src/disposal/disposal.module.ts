import { Module } from '@nestjs/common';
import { CasesService } from '../cases/cases.service';
import { CompensationClaimModule } from '../compensation-claim/compensation-claim.module';
import { DisposalFilesController } from '../disposal-files/disposal-files.controller';
import { DisposalFilesService } from '../disposal-files/disposal-files.service';
import { DisposalController } from './disposal.controller';
import { DisposalService } from './disposal.service';

/**
 * The disposal of a defaulted case's pledged IP: its steps, reads and allowed actions, and the
 * administrators' disposal file. Visibility follows the case, so the case service is provided
 * here too (it keeps no state).
 */
@Module({
  imports: [CompensationClaimModule],
  controllers: [DisposalController, DisposalFilesController],
  providers: [DisposalService, DisposalFilesService, CasesService],
})
export class DisposalModule {}

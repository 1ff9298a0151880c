import { Module } from '@nestjs/common';
import { CasesService } from '../cases/cases.service';
import { DisposalController } from './disposal.controller';
import { DisposalService } from './disposal.service';

/**
 * The disposal of a defaulted case's pledged IP: its steps, reads and allowed actions.
 * Visibility follows the case, so the case service is provided here too (it keeps no state).
 */
@Module({
  controllers: [DisposalController],
  providers: [DisposalService, CasesService],
})
export class DisposalModule {}

import { Injectable } from '@nestjs/common';
import type {
  DisbursementBooking,
  RepaymentBooking,
} from '../../libs/persistence/src/repositories/loan-case/loan-ledger.repository';
import { RecordDisbursementUseCase } from './use-cases/record-disbursement.use-case';
import { RecordRepaymentUseCase } from './use-cases/record-repayment.use-case';

/** The bank's bookings: the disbursement with its schedule, and each repayment. */
@Injectable()
export class BankActivities {
  constructor(
    private readonly disbursement: RecordDisbursementUseCase,
    private readonly repayment: RecordRepaymentUseCase,
  ) {}

  /** One disbursement per case, whatever the number of retries. */
  async recordDisbursement(input: DisbursementBooking): Promise<void> {
    await this.disbursement.execute(input);
  }

  /** Keyed by the bank's transaction reference: a retry books nothing new. */
  async recordRepayment(input: RepaymentBooking): Promise<void> {
    await this.repayment.execute(input);
  }
}

import { Injectable } from '@nestjs/common';
import {
  LoanLedgerRepository,
  type DisbursementBooking,
  type RepaymentBooking,
} from '../../libs/persistence/src/repositories/loan-case/loan-ledger.repository';

/** The bank's bookings: the disbursement with its schedule, and each repayment. */
@Injectable()
export class BankActivities {
  constructor(private readonly ledger: LoanLedgerRepository) {}

  /** One disbursement per case, whatever the number of retries. */
  async recordDisbursement(input: DisbursementBooking): Promise<void> {
    await this.ledger.recordDisbursement(input);
  }

  /** Keyed by the bank's transaction reference: a retry books nothing new. */
  async recordRepayment(input: RepaymentBooking): Promise<void> {
    await this.ledger.recordRepayment(input);
  }
}

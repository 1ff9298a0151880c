import { Injectable } from '@nestjs/common';
import type { ScheduleRow } from '../../libs/domain/src/loan-account';
import { LoanLedgerRepository } from '../../libs/persistence/src/repositories/loan-ledger.repository';

/** The bank's bookings: the disbursement with its schedule, and each repayment. */
@Injectable()
export class BankActivities {
  constructor(private readonly ledger: LoanLedgerRepository) {}

  /** One disbursement per case, whatever the number of retries. */
  async recordDisbursement(input: {
    caseNumber: string;
    reference: string;
    amount: string;
    valueDate: string;
    schedule: ScheduleRow[];
  }): Promise<void> {
    await this.ledger.recordDisbursement(input);
  }

  /** Keyed by the bank's transaction reference: a retry books nothing new. */
  async recordRepayment(input: {
    caseNumber: string;
    reference: string;
    amount: string;
    valueDate: string;
    kind: string;
    schedule: ScheduleRow[];
  }): Promise<void> {
    await this.ledger.recordRepayment(input);
  }
}

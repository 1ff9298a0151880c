import { Injectable } from '@nestjs/common';
import {
  LoanLedgerRepository,
  type RepaymentBooking,
} from '../../../libs/persistence/src/repositories/loan-case/loan-ledger.repository';

/**
 * Books a repayment, keyed by the bank's transaction reference, in one transaction; an early
 * settlement re-cuts the schedule, which is written with it, and the case list's account
 * columns follow.
 */
@Injectable()
export class RecordRepaymentUseCase {
  constructor(private readonly ledger: LoanLedgerRepository) {}

  async execute(input: RepaymentBooking): Promise<void> {
    await this.ledger.transaction(async (tx) => {
      await this.ledger.insertRepayment(tx, input);
      if (input.kind === 'SETTLEMENT') {
        // A settlement without its re-cut schedule is a bug: the attempt fails, visibly.
        if (!input.schedule) throw new Error(`settlement ${input.reference} carries no schedule`);
        await this.ledger.replaceSchedule(tx, input.caseNumber, input.schedule);
      }
      await this.ledger.refreshAccount(tx, input.caseNumber);
    });
  }
}

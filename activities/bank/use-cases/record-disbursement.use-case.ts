import { Injectable } from '@nestjs/common';
import {
  LoanLedgerRepository,
  type DisbursementBooking,
} from '../../../libs/persistence/src/repositories/loan-case/loan-ledger.repository';

/**
 * Books the disbursement and its schedule, and the case list's account columns, in one
 * transaction, once per case.
 */
@Injectable()
export class RecordDisbursementUseCase {
  constructor(private readonly ledger: LoanLedgerRepository) {}

  async execute(input: DisbursementBooking): Promise<void> {
    await this.ledger.transaction(async (tx) => {
      // A retry finds the case disbursed and books nothing new.
      if (!(await this.ledger.insertDisbursement(tx, input))) return;
      await this.ledger.replaceSchedule(tx, input.caseNumber, input.schedule);
      await this.ledger.refreshAccount(tx, input.caseNumber);
    });
  }
}

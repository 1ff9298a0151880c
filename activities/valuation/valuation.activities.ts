import { Injectable } from '@nestjs/common';
import { LoanLedgerRepository } from '../../libs/persistence/src/repositories/loan-case/loan-ledger.repository';
import type { ValuationReport } from '../../libs/domain/src/loan-case/loan-case.types';

/** The valuation firm's report, kept as history (disposal needs every past value). */
@Injectable()
export class ValuationActivities {
  constructor(private readonly ledger: LoanLedgerRepository) {}

  /** Idempotent by report number. */
  async recordValuationReport(input: {
    caseNumber: string;
    report: ValuationReport;
  }): Promise<void> {
    await this.ledger.recordValuation(input.caseNumber, input.report);
  }
}

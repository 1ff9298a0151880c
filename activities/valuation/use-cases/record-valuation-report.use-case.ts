import { Injectable } from '@nestjs/common';
import type { ValuationReport } from '../../../libs/domain/src/loan-case/loan-case.types';
import { LoanLedgerRepository } from '../../../libs/persistence/src/repositories/loan-case/loan-ledger.repository';

/** Keeps a valuation firm's report as history (a disposal needs every past value). */
@Injectable()
export class RecordValuationReportUseCase {
  constructor(private readonly ledger: LoanLedgerRepository) {}

  /** Idempotent by report number. */
  async execute(input: { caseNumber: string; report: ValuationReport }): Promise<void> {
    await this.ledger.recordValuation(input.caseNumber, input.report);
  }
}

import { Injectable } from '@nestjs/common';
import type { ValuationReport } from '../../libs/domain/src/loan-case/loan-case.types';
import { RecordValuationReportUseCase } from './use-cases/record-valuation-report.use-case';

/** The valuation firm's report, kept as history (disposal needs every past value). */
@Injectable()
export class ValuationActivities {
  constructor(private readonly recordReport: RecordValuationReportUseCase) {}

  /** Idempotent by report number. */
  async recordValuationReport(input: {
    caseNumber: string;
    report: ValuationReport;
  }): Promise<void> {
    await this.recordReport.execute(input);
  }
}

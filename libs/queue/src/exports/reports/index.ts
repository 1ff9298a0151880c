import type { ExportReport } from '../export-report';
import { caseRegisterReport } from './case-register.report';
import { subsidyClaimsReport } from './subsidy-claims.report';

/** Every report that can be exported, by kind. */
export const EXPORT_REPORTS: readonly ExportReport[] = [caseRegisterReport, subsidyClaimsReport];

export function exportReport(kind: string): ExportReport | undefined {
  return EXPORT_REPORTS.find((report) => report.kind === kind);
}

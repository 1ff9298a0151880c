import type { CaseStatus } from './loan-case/loan-case.states';

/**
 * The municipal plan's targets the indicators are read against: an outstanding IP-pledge loan
 * balance of 50 bn yuan by the end of 2028, and yearly growth of 30 % in registered pledge
 * amount and 20 % in number of projects.
 */
export const PROGRAMME_TARGETS = {
  balanceBy2028: '50000000000.00',
  amountGrowth: '0.30',
  projectsGrowth: '0.20',
} as const;

/**
 * The stages of a case from application to disbursement, each from the first business date the
 * case entered one status to the first it entered the next: application, pre-filing check of
 * the IP, valuation, credit approval, contract, pledge registration, disbursement.
 */
export const CASE_STAGES: readonly (readonly [CaseStatus, CaseStatus])[] = [
  ['DRAFT', 'SUBMITTED'],
  ['SUBMITTED', 'VERIFIED'],
  ['VERIFIED', 'VALUED'],
  ['VALUED', 'APPROVED'],
  ['APPROVED', 'CONTRACTED'],
  ['CONTRACTED', 'REGISTERED'],
  ['REGISTERED', 'ACTIVE'],
];

/** A stage's name as the indicators show it: `SUBMITTED→VERIFIED`. */
export function stageName([from, to]: readonly [CaseStatus, CaseStatus]): string {
  return `${from}→${to}`;
}

import { addMonthsClamped, assertBusinessDate, compareDates } from '../business-date';
import { DomainError, ErrorCodes } from '../errors';
import type { LprReference, LprTenor } from './subsidy-policy';

/** One LPR announcement: rates are fractions (`"0.0345"` for 3.45 %) in force from `effectiveFrom`. */
export interface LprEntry {
  effectiveFrom: string;
  oneYear: string;
  fiveYear: string;
}

/**
 * The LPR in force on `date`: the entry with the latest `effectiveFrom` on or before it. The
 * table need not be sorted.
 * @throws DomainError('LPR_NOT_FOUND', …, { date }) when the table starts after `date`.
 * @throws DomainError(INVALID_DATE) when `date` is not a calendar date.
 */
export function lprOn(
  table: readonly LprEntry[],
  date: string,
  tenor: LprTenor,
): { effectiveFrom: string; rate: string } {
  assertBusinessDate(date, 'date');
  let inForce: LprEntry | null = null;
  for (const entry of table) {
    if (compareDates(entry.effectiveFrom, date) > 0) continue;
    if (inForce === null || compareDates(entry.effectiveFrom, inForce.effectiveFrom) > 0) {
      inForce = entry;
    }
  }
  if (inForce === null) {
    throw new DomainError(
      ErrorCodes.LPR_NOT_FOUND,
      `No LPR in force on ${date}: the table starts later`,
      { date },
      `${date} 没有适用的贷款市场报价利率（LPR）`,
    );
  }
  return {
    effectiveFrom: inForce.effectiveFrom,
    rate: tenor === 'ONE_YEAR' ? inForce.oneYear : inForce.fiveYear,
  };
}

/**
 * The date whose LPR caps the interest under `reference`: the disbursement date, the first day
 * of the contract month, the first day of the month before the contract, or the period start.
 * @throws DomainError(INVALID_DATE) when the date used is not a calendar date.
 */
export function lprReferenceDate(
  reference: LprReference,
  dates: { disbursementDate: string; contractDate: string; periodStart: string },
): string {
  switch (reference) {
    case 'DISBURSEMENT':
      return assertBusinessDate(dates.disbursementDate, 'disbursementDate');
    case 'PERIOD_START':
      return assertBusinessDate(dates.periodStart, 'periodStart');
    case 'CONTRACT_MONTH':
    case 'MONTH_BEFORE_CONTRACT': {
      const contractDate = assertBusinessDate(dates.contractDate, 'contractDate');
      const firstOfMonth = `${contractDate.slice(0, 7)}-01`;
      return reference === 'CONTRACT_MONTH' ? firstOfMonth : addMonthsClamped(firstOfMonth, -1);
    }
    default:
      // Unreachable for parsed terms; guards callers that pass unchecked text.
      throw new DomainError(
        ErrorCodes.INVALID_POLICY,
        `Unknown LPR reference ${JSON.stringify(reference)}`,
        { field: 'lprCap.reference', value: reference },
      );
  }
}

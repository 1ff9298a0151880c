/**
 * Which instalments an interest-subsidy claim may cover, pure. An instalment is claimable once
 * its period has ended (its due date is on or before the business date) and its interest was
 * paid on or after the period's start: interest paid before the period began cannot be interest
 * of that period. A prepaid instalment (paid in full before its due date) becomes claimable once
 * its due date has passed. Each instalment gets a fact line saying why it is or is not claimable;
 * the claim's frozen computation keeps those lines.
 */
import { compareDates } from '../business-date';
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-calendar';
import { DomainError } from '../errors';

export type InstalmentClaimabilityReason =
  | 'CLAIMABLE'
  | 'PERIOD_NOT_ENDED'
  | 'INTEREST_PAID_BEFORE_PERIOD'
  | 'INTEREST_NOT_PAID';

/** One fact line per claimed instalment. */
export interface InstalmentClaimability {
  seq: number;
  periodStart: string;
  dueDate: string;
  /** The day the instalment was paid in full; null while it is not. */
  paidInFullOn: string | null;
  /** Paid in full before its due date. */
  prepaid: boolean;
  claimable: boolean;
  reason: InstalmentClaimabilityReason;
  why: string;
}

export function instalmentClaimability(
  row: { seq: number; periodStart: string; dueDate: string },
  paidInFullOn: string | null,
  businessDate: string,
): InstalmentClaimability {
  const prepaid = paidInFullOn !== null && compareDates(paidInFullOn, row.dueDate) < 0;
  const line = (reason: InstalmentClaimabilityReason, why: string): InstalmentClaimability => ({
    seq: row.seq,
    periodStart: row.periodStart,
    dueDate: row.dueDate,
    paidInFullOn,
    prepaid,
    claimable: reason === 'CLAIMABLE',
    reason,
    why,
  });
  if (compareDates(row.dueDate, businessDate) > 0) {
    return line(
      'PERIOD_NOT_ENDED',
      `the period ends on ${row.dueDate}, after the business date ${businessDate}${prepaid ? ' (prepaid: claimable once the due date has passed)' : ''}`,
    );
  }
  if (paidInFullOn === null) {
    return line('INTEREST_NOT_PAID', 'the instalment is not paid in full');
  }
  if (compareDates(paidInFullOn, row.periodStart) < 0) {
    return line(
      'INTEREST_PAID_BEFORE_PERIOD',
      `paid on ${paidInFullOn}, before the period began on ${row.periodStart}`,
    );
  }
  return line(
    'CLAIMABLE',
    prepaid
      ? `prepaid on ${paidInFullOn}; its due date ${row.dueDate} has passed`
      : `period ended on ${row.dueDate}; paid on ${paidInFullOn}`,
  );
}

/**
 * Refuses a claim over an instalment whose period has not ended, or whose interest was paid
 * before its period began (each its own code). An unpaid instalment is left to the policy's
 * eligibility rules, which already say so.
 */
export function checkClaimablePeriods(lines: readonly InstalmentClaimability[]): void {
  const notEnded = lines.find((l) => l.reason === 'PERIOD_NOT_ENDED');
  if (notEnded) {
    throw new DomainError(
      'INSTALMENT_PERIOD_NOT_ENDED',
      `Instalment ${notEnded.seq}: ${notEnded.why}`,
      { seq: notEnded.seq, dueDate: notEnded.dueDate, instalments: lines },
    );
  }
  const early = lines.find((l) => l.reason === 'INTEREST_PAID_BEFORE_PERIOD');
  if (early) {
    throw new DomainError('INTEREST_PAID_BEFORE_PERIOD', `Instalment ${early.seq}: ${early.why}`, {
      seq: early.seq,
      periodStart: early.periodStart,
      paidInFullOn: early.paidInFullOn,
      instalments: lines,
    });
  }
}

/**
 * The last day of a claim window of `workingDays` working days after the repayment, counted on
 * the working calendar (holidays skipped, make-up working days counted).
 */
export function claimWindowEnd(
  calendar: WorkingCalendar,
  repaidOn: string,
  workingDays: number,
): string {
  return addWorkingDays(calendar, repaidOn, workingDays);
}

/** CLAIM_WINDOW_CLOSED once the business date is past the window's last day. */
export function checkClaimWindow(
  calendar: WorkingCalendar,
  repaidOn: string,
  workingDays: number,
  businessDate: string,
): void {
  const lastDay = claimWindowEnd(calendar, repaidOn, workingDays);
  if (compareDates(businessDate, lastDay) > 0) {
    throw new DomainError(
      'CLAIM_WINDOW_CLOSED',
      `The claim window of ${workingDays} working days after ${repaidOn} closed on ${lastDay}`,
      { repaidOn, workingDays, lastDay },
    );
  }
}

/** The claim window as frozen on a claim: from which day it ran and its last day. */
export interface ClaimWindowFact {
  workingDays: number;
  /** The earliest day on which something the claim covers became claimable. */
  claimableOn: string;
  /** The last day to file: `workingDays` working days after `claimableOn` (a working day). */
  deadline: string;
  why: string;
}

/**
 * The window of a claim covering items that became claimable on `claimableDates` (an interest
 * instalment: the later of its due date and its payment in full; a premium: its payment; under
 * an AFTER_SETTLEMENT policy no earlier than the loan's settlement). Every item must be filed
 * within its own window, so the claim's deadline is that of the earliest item. Null without
 * dates (nothing claimable yet: the other rules answer that).
 * @throws DomainError(CALENDAR_YEAR_NOT_COVERED) when the count reaches a year not loaded.
 */
export function claimWindowOf(
  calendar: WorkingCalendar,
  claimableDates: readonly string[],
  workingDays: number,
): ClaimWindowFact | null {
  if (claimableDates.length === 0) return null;
  const claimableOn = [...claimableDates].sort(compareDates)[0]!;
  const deadline = claimWindowEnd(calendar, claimableOn, workingDays);
  return {
    workingDays,
    claimableOn,
    deadline,
    why: `claimable from ${claimableOn}; ${workingDays} working days after it end on ${deadline}`,
  };
}

/** CLAIM_WINDOW_CLOSED when the business date is past the window's last day. */
export function checkClaimWindowOpen(window: ClaimWindowFact | null, businessDate: string): void {
  if (window && compareDates(businessDate, window.deadline) > 0) {
    throw new DomainError(
      'CLAIM_WINDOW_CLOSED',
      `The claim window of ${window.workingDays} working days after ${window.claimableOn} closed on ${window.deadline}`,
      {
        repaidOn: window.claimableOn,
        claimableOn: window.claimableOn,
        workingDays: window.workingDays,
        lastDay: window.deadline,
        deadline: window.deadline,
        businessDate,
      },
    );
  }
}

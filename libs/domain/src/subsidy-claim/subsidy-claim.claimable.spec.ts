import { buildWorkingCalendar } from '../calendar/working-calendar';
import { entriesOfNotice, HOLIDAY_NOTICES } from '../calendar/holiday-notices';
import { DomainError } from '../errors';
import {
  checkClaimablePeriods,
  checkClaimWindow,
  checkClaimWindowOpen,
  claimWindowEnd,
  claimWindowOf,
  instalmentClaimability,
} from './subsidy-claim.claimable';

const calendar = buildWorkingCalendar({
  years: HOLIDAY_NOTICES.map((n) => n.year),
  entries: HOLIDAY_NOTICES.flatMap(entriesOfNotice),
});

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

const ROW = { seq: 2, periodStart: '2026-02-15', dueDate: '2026-03-15' };

describe('claimable instalments', () => {
  it.each([
    // paid in full on, business date, reason, prepaid
    ['2026-03-15', '2026-03-15', 'CLAIMABLE', false], // paid on its due date, claimed that day
    ['2026-03-01', '2026-03-15', 'CLAIMABLE', true], // prepaid within its period; due date reached
    ['2026-03-01', '2026-03-14', 'PERIOD_NOT_ENDED', true], // prepaid, but the period runs on
    [null, '2026-03-10', 'PERIOD_NOT_ENDED', false], // neither ended nor paid: the period first
    ['2026-02-14', '2026-03-20', 'INTEREST_PAID_BEFORE_PERIOD', true], // paid the day before it began
    ['2026-02-15', '2026-03-20', 'CLAIMABLE', true], // paid on the period's first day
    [null, '2026-03-20', 'INTEREST_NOT_PAID', false], // left to the policy's eligibility rules
  ] as const)('paid %s, business date %s → %s', (paidOn, businessDate, reason, prepaid) => {
    const line = instalmentClaimability(ROW, paidOn, businessDate);
    expect(line).toMatchObject({ seq: 2, reason, prepaid, claimable: reason === 'CLAIMABLE' });
    expect(line.why.length).toBeGreaterThan(0);
  });

  it('refuses each incoherence with its own code', () => {
    const notEnded = instalmentClaimability(ROW, '2026-03-01', '2026-03-14');
    const early = instalmentClaimability(ROW, '2026-02-14', '2026-03-20');
    const fine = instalmentClaimability(ROW, '2026-03-15', '2026-03-20');
    expect(codeOf(() => checkClaimablePeriods([fine, notEnded]))).toBe(
      'INSTALMENT_PERIOD_NOT_ENDED',
    );
    expect(codeOf(() => checkClaimablePeriods([fine, early]))).toBe('INTEREST_PAID_BEFORE_PERIOD');
    expect(codeOf(() => checkClaimablePeriods([fine]))).toBeNull();
  });
});

describe('claim window in working days', () => {
  it('claim window computed across a holiday week', () => {
    // Repaid on Wednesday 2026-09-30; a window of 5 working days. The National Day week
    // (2026-10-01 … 10-07) is holiday and Saturday 10-10 a make-up working day, so the days
    // counted are 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, make-up), 10-12 (Mon), 10-13 (Tue).
    expect(claimWindowEnd(calendar, '2026-09-30', 5)).toBe('2026-10-13');
    // Counting Monday–Friday alone would have ended it on 2026-10-07, inside the holiday.
    expect(codeOf(() => checkClaimWindow(calendar, '2026-09-30', 5, '2026-10-13'))).toBeNull();
    expect(codeOf(() => checkClaimWindow(calendar, '2026-09-30', 5, '2026-10-14'))).toBe(
      'CLAIM_WINDOW_CLOSED',
    );
  });
});

describe('a claim window over the days its items became claimable', () => {
  it.each([
    // claimable days, working days, deadline
    // edge: 2026-09-18 (Fri) + 3: Sunday 09-20 is a make-up working day: 09-20, 09-21, 09-22
    [['2026-09-18'], 3, '2026-09-22'],
    // edge: the National Day week: 09-30 + 1 → 10-08, the first working day after the holiday
    [['2026-09-30'], 1, '2026-10-08'],
    // edge: a holiday claimable day: counting starts after it, 10-08 (Thu), 10-09 (Fri)
    [['2026-10-03'], 2, '2026-10-09'],
    // several items: the earliest one's window is the claim's (each must be filed within its own)
    [['2026-10-09', '2026-09-30', '2026-10-12'], 5, '2026-10-13'],
  ] as const)('claimable %j, %i working days → last day %s', (dates, days, deadline) => {
    expect(claimWindowOf(calendar, dates, days)).toMatchObject({
      workingDays: days,
      claimableOn: [...dates].sort()[0],
      deadline,
    });
  });

  it('has no window without a claimable day, and refuses only after the last day', () => {
    expect(claimWindowOf(calendar, [], 5)).toBeNull();
    expect(codeOf(() => checkClaimWindowOpen(null, '2030-01-01'))).toBeNull();
    const window = claimWindowOf(calendar, ['2026-09-30'], 5);
    expect(codeOf(() => checkClaimWindowOpen(window, '2026-10-13'))).toBeNull();
    expect(codeOf(() => checkClaimWindowOpen(window, '2026-10-14'))).toBe('CLAIM_WINDOW_CLOSED');
  });

  it('refuses a window reaching a year whose notice is not loaded', () => {
    expect(codeOf(() => claimWindowOf(calendar, ['2026-12-30'], 5))).toBe(
      'CALENDAR_YEAR_NOT_COVERED',
    );
  });
});

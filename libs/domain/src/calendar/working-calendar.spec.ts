import { DomainError } from '../errors';
import { entriesOfNotice, HOLIDAY_NOTICES } from './holiday-notices';
import {
  addWorkingDays,
  buildWorkingCalendar,
  isoDayOfWeek,
  isWorkingDay,
  nextWorkingDay,
  validateYearEntries,
  workingDaysBetween,
  type WorkingCalendarEntry,
} from './working-calendar';

const calendar = buildWorkingCalendar({
  years: HOLIDAY_NOTICES.map((n) => n.year),
  entries: HOLIDAY_NOTICES.flatMap(entriesOfNotice),
});

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe('isoDayOfWeek', () => {
  it.each([
    ['1970-01-01', 4], // day number 0
    ['2026-09-30', 3], // the Wednesday before National Day 2026
    ['2026-10-10', 6], // a make-up Saturday
    ['1969-12-28', 7], // before day 0: negative day numbers
  ])('%s is ISO day %i', (date, day) => expect(isoDayOfWeek(date)).toBe(day));
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-09-29', true], // an ordinary Tuesday
    ['2026-10-01', false], // National Day
    ['2026-10-07', false], // last day of the National Day week, a Wednesday
    ['2026-10-10', true], // make-up Saturday after National Day
    ['2026-09-20', true], // make-up Sunday before National Day
    ['2026-10-11', false], // the Sunday after the make-up Saturday is off again
    ['2026-02-14', true], // Spring Festival: make-up Saturday before
    ['2026-02-17', false], // Spring Festival day (Tuesday)
    ['2026-02-23', false], // Spring Festival, last day (Monday)
    ['2026-02-24', true], // first working day after Spring Festival
    ['2025-01-01', false], // New Year's Day on a Wednesday, no make-up day
    ['2024-12-28', false], // an ordinary Saturday
  ])('%s → %s', (date, expected) => expect(isWorkingDay(calendar, date)).toBe(expected));
});

describe('nextWorkingDay (where a deadline on a non-working day moves to)', () => {
  it.each([
    ['2026-09-29', '2026-09-29'], // a working day is its own
    ['2026-10-01', '2026-10-08'], // National Day week → the Thursday after
    ['2026-02-15', '2026-02-24'], // Spring Festival → the day after the last holiday
    ['2026-10-11', '2026-10-12'], // the Sunday after a make-up Saturday → Monday
    ['2024-12-29', '2024-12-30'], // Sunday → Monday within the year
    ['2025-12-31', '2025-12-31'], // year end on a working day
  ])('%s → %s', (date, expected) => expect(nextWorkingDay(calendar, date)).toBe(expected));
});

describe('addWorkingDays (the day after `date` is the first counted)', () => {
  it.each([
    // Acceptance: a 5-working-day round opened Wednesday 2026-09-30 counts Thu 10-08, Fri 10-09,
    // the make-up Saturday 10-10, Mon 10-12, Tue 10-13 (without the make-up day: 10-14).
    ['2026-09-30', 5, '2026-10-13'],
    // 2024: opened Wed 09-25; Thu 26, Fri 27, make-up Sunday 29, Mon 30, then the holiday week,
    // Tue 10-08.
    ['2024-09-25', 5, '2024-10-08'],
    // Spring Festival 2026: opened Fri 02-13; make-up Sat 02-14, then 02-24..02-26.
    ['2026-02-13', 4, '2026-02-26'],
    // Opened on a holiday: counting still starts the next day.
    ['2026-10-03', 1, '2026-10-08'],
    // Year boundary: 2024-12-31 + 1 skips New Year's Day 2025.
    ['2024-12-31', 1, '2025-01-02'],
    // Year boundary onto a make-up Sunday: 2026-01-04 is worked.
    ['2025-12-31', 1, '2026-01-04'],
    // Ordinary week: Friday + 1 is Monday.
    ['2026-11-27', 1, '2026-11-30'],
  ])('%s + %i working days → %s', (from, n, expected) => {
    expect(addWorkingDays(calendar, from, n)).toBe(expected);
    expect(workingDaysBetween(calendar, from, expected)).toBe(n);
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('refuses %p days', (n) =>
    expect(codeOf(() => addWorkingDays(calendar, '2026-09-30', n))).toBe('INVALID_WORKING_DAYS'),
  );
});

describe('workingDaysBetween (from excluded, to included)', () => {
  it.each([
    // A window across Spring Festival 2026: make-up Sat 02-14, 02-24..02-27, make-up Sat 02-28,
    // Mon 03-02 = 7 (the nine holiday days and Sunday 03-01 are not counted).
    ['2026-02-13', '2026-03-02', 7],
    // National Day week 2025 (8 days with Mid-Autumn): 09-28 (make-up Sun), 09-29, 09-30,
    // 10-09, 10-10, 10-11 (make-up Sat) = 6.
    ['2025-09-27', '2025-10-11', 6],
    ['2026-10-13', '2026-10-13', 0], // empty span
    ['2026-10-13', '2026-09-30', -5], // reversed
  ])('(%s, %s] → %i', (from, to, expected) =>
    expect(workingDaysBetween(calendar, from, to)).toBe(expected),
  );
});

describe('a date outside the covered years is refused, not guessed', () => {
  it.each([
    ['isWorkingDay 2027', () => isWorkingDay(calendar, '2027-01-04')],
    ['isWorkingDay 2023', () => isWorkingDay(calendar, '2023-12-29')],
    // Year boundary into the uncovered year: 2026-12-31 is a Thursday, the next day is 2027.
    ['addWorkingDays into 2027', () => addWorkingDays(calendar, '2026-12-31', 1)],
    ['nextWorkingDay walking into 2027', () => nextWorkingDay(calendar, '2027-01-01')],
    [
      'workingDaysBetween across 2027',
      () => workingDaysBetween(calendar, '2026-12-30', '2027-01-05'),
    ],
  ])('%s', (_label, work) => expect(codeOf(work)).toBe('CALENDAR_YEAR_NOT_COVERED'));

  it('names the missing year', () => {
    try {
      addWorkingDays(calendar, '2026-12-30', 5);
      throw new Error('not refused');
    } catch (error) {
      expect((error as DomainError).details).toMatchObject({ year: 2027, date: '2027-01-01' });
    }
  });
});

describe('the seeded notices', () => {
  it('cover 2024–2026 and each year starts with New Year’s Day', () => {
    expect(calendar.years).toEqual([2024, 2025, 2026]);
    for (const year of calendar.years) {
      expect(calendar.entries[`${year}-01-01`]).toMatchObject({ kind: 'HOLIDAY', name: '元旦' });
    }
  });

  it.each([
    [2024, 28, 8], // 1 + 8 + 3 + 5 + 1 + 3 + 7 days off; 2 + 1 + 2 + 1 + 2 days worked
    [2025, 28, 5], // 1 + 8 + 3 + 5 + 3 + 8; 2 + 1 + 2
    [2026, 33, 6], // 3 + 9 + 3 + 5 + 3 + 3 + 7; 1 + 2 + 1 + 2
  ])('%i: %i holiday dates and %i make-up working days', (year, holidays, makeUps) => {
    const entries = Object.values(calendar.entries).filter((e) => e.date.startsWith(`${year}-`));
    expect(entries.filter((e) => e.kind === 'HOLIDAY')).toHaveLength(holidays);
    expect(entries.filter((e) => e.kind === 'MAKE_UP_WORKDAY')).toHaveLength(makeUps);
  });
});

describe('validateYearEntries', () => {
  const ok: WorkingCalendarEntry = { date: '2027-10-01', kind: 'HOLIDAY', name: '国庆节' };
  it.each<[string, WorkingCalendarEntry[]]>([
    ['a date in another year', [{ ...ok, date: '2026-10-01' }]],
    ['a duplicate date', [ok, { ...ok, kind: 'MAKE_UP_WORKDAY' }]],
    ['an unknown kind', [{ ...ok, kind: 'DAY_OFF' as never }]],
    // 2027-10-08 is a Friday: a weekday is a working day already.
    ['a weekday make-up working day', [{ date: '2027-10-08', kind: 'MAKE_UP_WORKDAY', name: 'x' }]],
    ['an empty name', [{ ...ok, name: ' ' }]],
    ['not a date', [{ ...ok, date: '2027-02-30' }]],
    ['no holiday at all', []],
    ['only make-up days', [{ date: '2027-10-09', kind: 'MAKE_UP_WORKDAY', name: '国庆节' }]],
  ])('refuses %s', (_label, entries) =>
    expect(codeOf(() => validateYearEntries(2027, entries))).toBe('INVALID_WORKING_CALENDAR'),
  );

  it('accepts a holiday on a weekend and sorts by date', () => {
    const weekendHoliday: WorkingCalendarEntry = {
      date: '2027-10-02',
      kind: 'HOLIDAY',
      name: '国庆节',
    };
    expect(validateYearEntries(2027, [weekendHoliday, ok]).map((e) => e.date)).toEqual([
      '2027-10-01',
      '2027-10-02',
    ]);
  });

  it('refuses a year outside 2000–2100', () =>
    expect(codeOf(() => validateYearEntries(1999, [ok]))).toBe('INVALID_WORKING_CALENDAR'));
});

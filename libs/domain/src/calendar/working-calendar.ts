import {
  addDays,
  assertBusinessDate,
  compareDates,
  toDayNumber,
  type BusinessDate,
} from '../business-date';
import { DomainError } from '../errors';

/**
 * Working days (工作日) of the mainland calendar: Monday to Friday, except the public holidays
 * of the year's State Council General Office notice, plus the weekend days that notice makes
 * working days (调休). The notice changes every year, so holidays are data, never a weekday rule.
 */

export const WorkingCalendarErrorCodes = {
  /** A date in a year whose notice has not been loaded. */
  CALENDAR_YEAR_NOT_COVERED: 'CALENDAR_YEAR_NOT_COVERED',
  /** A year's entries that cannot be a notice (wrong year, duplicate, weekday make-up day…). */
  INVALID_WORKING_CALENDAR: 'INVALID_WORKING_CALENDAR',
  /** A working-day count that is not a whole number of at least 1. */
  INVALID_WORKING_DAYS: 'INVALID_WORKING_DAYS',
  /** No notice loaded for the year asked for. */
  WORKING_CALENDAR_NOT_FOUND: 'WORKING_CALENDAR_NOT_FOUND',
} as const;

export const WORKING_CALENDAR_ENTRY_KINDS = ['HOLIDAY', 'MAKE_UP_WORKDAY'] as const;
export type WorkingCalendarEntryKind = (typeof WORKING_CALENDAR_ENTRY_KINDS)[number];

/** One date the notice names: a day off, or a Saturday/Sunday worked in exchange. */
export interface WorkingCalendarEntry {
  date: BusinessDate;
  kind: WorkingCalendarEntryKind;
  /** The holiday it belongs to, e.g. `国庆节`. */
  name: string;
}

/**
 * The loaded years and their entries. A plain, JSON-able value (it may cross an activity or
 * workflow boundary); build it with {@link buildWorkingCalendar}, which checks it.
 */
export interface WorkingCalendar {
  /** Years whose notice is loaded, ascending. A date outside them is refused, not guessed. */
  readonly years: readonly number[];
  readonly entries: Readonly<Record<BusinessDate, WorkingCalendarEntry>>;
}

/** The smallest and largest year accepted: four-digit years the notices could name. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function invalidCalendar(message: string, problems: string[], messageZh: string): DomainError {
  return new DomainError(
    WorkingCalendarErrorCodes.INVALID_WORKING_CALENDAR,
    `${message}: ${problems.join('; ')}`,
    { problems },
    `${messageZh}：${problems.join('；')}`,
  );
}

/** ISO day of the week, Monday 1 … Sunday 7. 1970-01-01 (day number 0) was a Thursday. */
export function isoDayOfWeek(date: BusinessDate): number {
  const n = toDayNumber(date);
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

function isWeekend(date: BusinessDate): boolean {
  return isoDayOfWeek(date) >= 6;
}

function yearOf(date: BusinessDate): number {
  return Number(date.slice(0, 4));
}

/**
 * Checks one year's entries as an administrator or the seed gives them and returns them sorted
 * by date. Every problem is reported at once. Rules:
 * - every date is a real date in `year`, listed once, with a known kind and a non-empty name;
 * - a MAKE_UP_WORKDAY is a Saturday or Sunday (a weekday is a working day already, so naming
 *   it a make-up day is a typo for another date);
 * - a HOLIDAY may fall on any day: the notices' ranges run through weekends (10月1日至7日), and
 *   keeping those days as entries keeps the holiday's name on them for the screens;
 * - at least one HOLIDAY: every notice names New Year's Day, and an empty list would mark the
 *   year covered with no holidays at all, which is a mistake, not a calendar.
 * @throws DomainError(INVALID_WORKING_CALENDAR) with `{ problems }` in details.
 */
export function validateYearEntries(
  year: number,
  entries: readonly WorkingCalendarEntry[],
): WorkingCalendarEntry[] {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw invalidCalendar(
      'Not a calendar year',
      [`year ${String(year)} is outside ${MIN_YEAR}–${MAX_YEAR}`],
      '年份无效',
    );
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const at = `entries[${i}]`;
    const date: unknown = entry?.date;
    let valid = false;
    try {
      assertBusinessDate(date as string, `${at}.date`);
      valid = true;
    } catch {
      problems.push(`${at}.date ${JSON.stringify(date)} is not a date YYYY-MM-DD`);
    }
    if (valid) {
      const d = date as string;
      if (yearOf(d) !== year) problems.push(`${at}.date ${d} is not in ${year}`);
      if (seen.has(d)) problems.push(`${at}.date ${d} is listed twice`);
      seen.add(d);
      if (entry.kind === 'MAKE_UP_WORKDAY' && !isWeekend(d)) {
        problems.push(`${at}: make-up working day ${d} is not a Saturday or Sunday`);
      }
    }
    if (!(WORKING_CALENDAR_ENTRY_KINDS as readonly unknown[]).includes(entry?.kind)) {
      problems.push(`${at}.kind ${JSON.stringify(entry?.kind)} is not HOLIDAY or MAKE_UP_WORKDAY`);
    }
    if (typeof entry?.name !== 'string' || entry.name.trim() === '') {
      problems.push(`${at}.name is empty`);
    }
  });
  if (!entries.some((e) => e?.kind === 'HOLIDAY')) problems.push('no HOLIDAY is listed');
  if (problems.length > 0) {
    throw invalidCalendar(
      `The ${year} working calendar is invalid`,
      problems,
      `${year}年工作日历无效`,
    );
  }
  return [...entries]
    .map((e) => ({ date: e.date, kind: e.kind, name: e.name.trim() }))
    .sort((a, b) => compareDates(a.date, b.date));
}

/**
 * A calendar of the given years. Each entry must lie in one of them; entries are validated per
 * year with {@link validateYearEntries}.
 * @throws DomainError(INVALID_WORKING_CALENDAR).
 */
export function buildWorkingCalendar(input: {
  years: readonly number[];
  entries: readonly WorkingCalendarEntry[];
}): WorkingCalendar {
  const years = [...new Set(input.years)].sort((a, b) => a - b);
  const byYear = new Map<number, WorkingCalendarEntry[]>(years.map((y) => [y, []]));
  const stray: string[] = [];
  for (const entry of input.entries) {
    const list = typeof entry?.date === 'string' ? byYear.get(yearOf(entry.date)) : undefined;
    if (list) list.push(entry);
    else stray.push(`${JSON.stringify(entry?.date)} is not in a covered year`);
  }
  if (stray.length > 0) {
    throw invalidCalendar('Entries outside the covered years', stray, '条目不在已覆盖的年份内');
  }
  const entries: Record<BusinessDate, WorkingCalendarEntry> = {};
  for (const [year, list] of byYear) {
    for (const entry of validateYearEntries(year, list)) entries[entry.date] = entry;
  }
  return { years, entries };
}

/**
 * Refuses a date whose year has no loaded notice. Guessing Monday–Friday there would be wrong by
 * a week around every Spring Festival, and a deadline computed on a guess is still a deadline:
 * nobody recomputes it when the notice arrives. The fix is data (an administrator loads the
 * year), so the refusal says which year.
 */
function assertCovered(calendar: WorkingCalendar, date: BusinessDate): void {
  const year = yearOf(date);
  if (!calendar.years.includes(year)) {
    throw new DomainError(
      WorkingCalendarErrorCodes.CALENDAR_YEAR_NOT_COVERED,
      `The working calendar has no notice for ${year} (date ${date}); covered: ${
        calendar.years.join(', ') || 'none'
      }`,
      { year, date, coveredYears: [...calendar.years] },
      `工作日历尚未载入${year}年的节假日安排（日期 ${date}）`,
    );
  }
}

/**
 * True when `date` is a working day: a make-up working day, or a Monday–Friday that is not a
 * holiday.
 * @throws DomainError(INVALID_DATE) for a bad date; DomainError(CALENDAR_YEAR_NOT_COVERED).
 */
export function isWorkingDay(calendar: WorkingCalendar, date: BusinessDate): boolean {
  assertBusinessDate(date);
  assertCovered(calendar, date);
  const entry = calendar.entries[date];
  if (entry) return entry.kind === 'MAKE_UP_WORKDAY';
  return !isWeekend(date);
}

/**
 * `date` itself if it is a working day, else the first working day after it: where a deadline
 * that falls on a non-working day moves to.
 * @throws DomainError(INVALID_DATE); DomainError(CALENDAR_YEAR_NOT_COVERED) when the walk
 *   leaves the covered years before finding one.
 */
export function nextWorkingDay(calendar: WorkingCalendar, date: BusinessDate): BusinessDate {
  let d = assertBusinessDate(date);
  // Every covered year has working days, so the walk ends or reaches an uncovered year.
  while (!isWorkingDay(calendar, d)) d = addDays(d, 1);
  return d;
}

/**
 * The `n`-th working day after `date`. The first day counted is the day after `date` (the day a
 * round or window opens does not count, whether or not it is a working day), so the result is
 * always a working day and `workingDaysBetween(date, result) === n`.
 * @throws DomainError(INVALID_WORKING_DAYS) unless `n` is an integer ≥ 1;
 *   DomainError(INVALID_DATE); DomainError(CALENDAR_YEAR_NOT_COVERED).
 */
export function addWorkingDays(
  calendar: WorkingCalendar,
  date: BusinessDate,
  n: number,
): BusinessDate {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new DomainError(
      WorkingCalendarErrorCodes.INVALID_WORKING_DAYS,
      `A number of working days must be a whole number of at least 1: ${JSON.stringify(n)}`,
      { days: n },
      `工作日天数须为不小于1的整数：${String(n)}`,
    );
  }
  let d = assertBusinessDate(date);
  let counted = 0;
  while (counted < n) {
    d = addDays(d, 1);
    if (isWorkingDay(calendar, d)) counted += 1;
  }
  return d;
}

/**
 * Working days in (`from`, `to`]: `from` excluded, `to` included, the same counting as
 * {@link addWorkingDays}. Negative when `to` is before `from`; 0 when equal.
 * @throws DomainError(INVALID_DATE); DomainError(CALENDAR_YEAR_NOT_COVERED) for any day of the
 *   span in an uncovered year.
 */
export function workingDaysBetween(
  calendar: WorkingCalendar,
  from: BusinessDate,
  to: BusinessDate,
): number {
  assertBusinessDate(from, 'from');
  assertBusinessDate(to, 'to');
  const order = compareDates(from, to);
  if (order === 0) return 0;
  if (order > 0) return -workingDaysBetween(calendar, to, from);
  let count = 0;
  for (let d = addDays(from, 1); compareDates(d, to) <= 0; d = addDays(d, 1)) {
    if (isWorkingDay(calendar, d)) count += 1;
  }
  return count;
}

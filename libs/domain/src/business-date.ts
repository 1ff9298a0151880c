import { DomainError, ErrorCodes } from './errors';

/**
 * A calendar date of business meaning (due date, value date), `YYYY-MM-DD`, read in
 * Asia/Shanghai. Kept as a string and computed with integer day numbers so that workflow
 * code never touches `Date` or the host time zone.
 */
export type BusinessDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const MINUTES_PER_DAY = 24 * 60;

interface Civil {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Days in a month of the proleptic Gregorian calendar (`month` 1–12).
 * @throws RangeError for a month outside 1–12 or a non-integer year.
 */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isSafeInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`No such month: ${year}-${month}`);
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseCivil(text: unknown): Civil | null {
  if (typeof text !== 'string') return null;
  const match = DATE_PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return { year, month, day };
}

function invalidDate(field: string, value: unknown): DomainError {
  return new DomainError(
    ErrorCodes.INVALID_DATE,
    `${field} is not a calendar date YYYY-MM-DD: ${JSON.stringify(value)}`,
    { field, value },
    `${field} 日期无效：${String(value)}`,
  );
}

function civilOf(d: BusinessDate, field: string): Civil {
  const civil = parseCivil(d);
  if (!civil) throw invalidDate(field, d);
  return civil;
}

function formatCivil({ year, month, day }: Civil): BusinessDate {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** True for a real calendar date `YYYY-MM-DD` in years 0001–9999 (2026-02-29 is false). */
export function isBusinessDate(text: string): boolean {
  return parseCivil(text) !== null;
}

/**
 * Narrows untrusted text to a {@link BusinessDate}.
 * @throws DomainError(INVALID_DATE) with `{ field, value }` in details.
 */
export function assertBusinessDate(text: string, field = 'date'): BusinessDate {
  civilOf(text, field);
  return text;
}

// Howard Hinnant's days_from_civil: exact integer arithmetic, valid for any Gregorian year.
function daysFromCivil({ year, month, day }: Civil): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(n: number): Civil {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Days since 1970-01-01 (that date is 0, earlier dates are negative).
 * @throws DomainError(INVALID_DATE) for anything but a real `YYYY-MM-DD` date.
 */
export function toDayNumber(d: BusinessDate): number {
  return daysFromCivil(civilOf(d, 'date'));
}

/**
 * The date `n` days after 1970-01-01.
 * @throws DomainError(INVALID_DATE) if `n` is not an integer or falls outside years 0001–9999.
 */
export function fromDayNumber(n: number): BusinessDate {
  if (!Number.isSafeInteger(n)) throw invalidDate('dayNumber', n);
  const civil = civilFromDays(n);
  if (civil.year < 1 || civil.year > 9999) throw invalidDate('dayNumber', n);
  return formatCivil(civil);
}

/**
 * `d` moved by `n` calendar days (negative moves back).
 * @throws DomainError(INVALID_DATE) for an invalid date, a non-integer `n` or a result
 *   outside years 0001–9999.
 */
export function addDays(d: BusinessDate, n: number): BusinessDate {
  if (!Number.isSafeInteger(n)) throw invalidDate('days', n);
  return fromDayNumber(toDayNumber(d) + n);
}

/**
 * Calendar days from `from` to `to` (`to − from`; negative when `to` is earlier).
 * @throws DomainError(INVALID_DATE) for an invalid date.
 */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return daysFromCivil(civilOf(to, 'to')) - daysFromCivil(civilOf(from, 'from'));
}

/**
 * -1, 0 or 1 as `a` is before, equal to or after `b`.
 * @throws DomainError(INVALID_DATE) for an invalid date.
 */
export function compareDates(a: BusinessDate, b: BusinessDate): -1 | 0 | 1 {
  const diff = daysBetween(b, a);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

/** The latest of the given dates. @throws DomainError(INVALID_DATE) for an invalid date. */
export function maxDate(first: BusinessDate, ...rest: BusinessDate[]): BusinessDate {
  return rest.reduce((acc, d) => (compareDates(d, acc) > 0 ? d : acc), assertBusinessDate(first));
}

/** The earliest of the given dates. @throws DomainError(INVALID_DATE) for an invalid date. */
export function minDate(first: BusinessDate, ...rest: BusinessDate[]): BusinessDate {
  return rest.reduce((acc, d) => (compareDates(d, acc) < 0 ? d : acc), assertBusinessDate(first));
}

/**
 * `start` moved by `months` calendar months, landing on `anchorDay` (default: start's day)
 * or on the last day of a shorter month. Passing the original anchor for every period keeps
 * a schedule from drifting: 01-31 → 02-28 → 03-31, not → 03-28.
 * @throws DomainError(INVALID_DATE) for an invalid start, non-integer months, an anchor
 *   outside 1–31 or a result outside years 0001–9999.
 */
export function addMonthsClamped(
  start: BusinessDate,
  months: number,
  anchorDay?: number,
): BusinessDate {
  const civil = civilOf(start, 'start');
  if (!Number.isSafeInteger(months)) throw invalidDate('months', months);
  const anchor = anchorDay ?? civil.day;
  if (!Number.isInteger(anchor) || anchor < 1 || anchor > 31) {
    throw invalidDate('anchorDay', anchorDay);
  }
  const monthIndex = civil.year * 12 + (civil.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  if (year < 1 || year > 9999) throw invalidDate('months', months);
  return formatCivil({ year, month, day: Math.min(anchor, daysInMonth(year, month)) });
}

const INSTANT_PATTERN =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/**
 * The Asia/Shanghai calendar date (UTC+8; China has had no daylight saving since 1991) of an
 * ISO-8601 instant such as `"2026-01-15T16:30:00Z"` or `"2026-01-16T00:30:00+08:00"`.
 * The instant must carry `Z` or an offset: a bare local time names no instant.
 * @throws DomainError(INVALID_DATE) with `{ field: 'instant', value }` in details.
 */
export function shanghaiDateOf(instantIso: string): BusinessDate {
  const match = typeof instantIso === 'string' ? INSTANT_PATTERN.exec(instantIso) : null;
  const civil = match ? parseCivil(match[1]) : null;
  if (!match || !civil) throw invalidDate('instant', instantIso);
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  const second = Number(match[4] ?? '0');
  let offsetMinutes = 0;
  if (!match[5]) {
    const offsetHour = Number(match[7]);
    const offsetMinute = Number(match[8] ?? '0');
    if (offsetHour > 23 || offsetMinute > 59) throw invalidDate('instant', instantIso);
    offsetMinutes = (match[6] === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
  }
  if (hour > 23 || minute > 59 || second > 59) throw invalidDate('instant', instantIso);
  const utcMinutes = daysFromCivil(civil) * MINUTES_PER_DAY + hour * 60 + minute - offsetMinutes;
  return fromDayNumber(Math.floor((utcMinutes + SHANGHAI_OFFSET_MINUTES) / MINUTES_PER_DAY));
}

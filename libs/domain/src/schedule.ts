import {
  addMonthsClamped,
  assertBusinessDate,
  daysBetween,
  isBusinessDate,
  type BusinessDate,
} from './business-date';
import { reduceFraction, roundHalfUp, tryParseDecimal, type Fraction } from './decimal';
import { DomainError, ErrorCodes } from './errors';
import { Money } from './money';

export type RepaymentMethod = 'EQUAL_INSTALMENT' | 'EQUAL_PRINCIPAL' | 'INTEREST_ONLY';

export const REPAYMENT_METHODS: readonly RepaymentMethod[] = [
  'EQUAL_INSTALMENT',
  'EQUAL_PRINCIPAL',
  'INTEREST_ONLY',
];

export interface ScheduleRequest {
  principal: Money;
  /** Annual rate as decimal text, `"0.0345"` for 3.45 %; 0 ≤ rate < 1. */
  annualRate: string;
  termMonths: number;
  method: RepaymentMethod;
  /** Disbursement (value) date; due dates fall on its day of month. */
  startDate: BusinessDate;
  /** Months between due dates, default 1; must divide `termMonths`. */
  paymentFrequencyMonths?: number;
}

export interface Instalment {
  /** 1-based. */
  seq: number;
  periodStart: BusinessDate;
  dueDate: BusinessDate;
  principal: Money;
  interest: Money;
  total: Money;
  outstandingAfter: Money;
}

export interface Schedule {
  instalments: Instalment[];
  totalInterest: Money;
}

/** Longest term accepted, 30 years; IP-pledge loans run 1–3 years. */
export const MAX_TERM_MONTHS = 360;

/** Day-count basis: interest per day is the annual rate / 360 on actual days. */
export const DAY_COUNT_BASIS = 360n;

interface ValidRequest {
  principal: Money;
  rate: Fraction;
  termMonths: number;
  frequency: number;
  method: RepaymentMethod;
  startDate: BusinessDate;
}

function invalidRequest(field: string, message: string, value: unknown): DomainError {
  return new DomainError(ErrorCodes.INVALID_SCHEDULE_REQUEST, message, { field, value });
}

function parseRate(text: string, field: string, requireBelowOne: boolean): Fraction {
  const rate = tryParseDecimal(text);
  // den is positive, so rate ≥ 1 exactly when num ≥ den.
  if (!rate || rate.num < 0n || (requireBelowOne && rate.num >= rate.den)) {
    throw new DomainError(
      ErrorCodes.INVALID_RATE,
      `${field} must be a decimal fraction ≥ 0${requireBelowOne ? ' and < 1' : ''} ` +
        `(e.g. "0.0345" for 3.45 %), got ${JSON.stringify(text)}`,
      { field, value: text },
      `利率格式不正确：${String(text)}`,
    );
  }
  return rate;
}

function validate(req: ScheduleRequest): ValidRequest {
  // Duck-typed: a Money rebuilt in another bundle (Temporal's workflow sandbox) is still fine.
  const fen: unknown = (req.principal as Partial<Money> | undefined)?.fen;
  if (typeof fen !== 'bigint' || fen <= 0n) {
    throw invalidRequest('principal', 'principal must be a positive amount', String(req.principal));
  }
  const rate = parseRate(req.annualRate, 'annualRate', true);
  const { termMonths } = req;
  if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > MAX_TERM_MONTHS) {
    throw invalidRequest(
      'termMonths',
      `termMonths must be an integer 1–${MAX_TERM_MONTHS}`,
      termMonths,
    );
  }
  const frequency = req.paymentFrequencyMonths ?? 1;
  if (!Number.isInteger(frequency) || frequency < 1 || termMonths % frequency !== 0) {
    throw invalidRequest(
      'paymentFrequencyMonths',
      'paymentFrequencyMonths must be a positive integer that divides termMonths',
      frequency,
    );
  }
  if (!REPAYMENT_METHODS.includes(req.method)) {
    throw invalidRequest('method', 'unknown repayment method', req.method);
  }
  if (!isBusinessDate(req.startDate)) {
    throw invalidRequest(
      'startDate',
      'startDate must be a calendar date YYYY-MM-DD',
      req.startDate,
    );
  }
  return {
    principal: Money.ofFen(fen),
    rate,
    termMonths,
    frequency,
    method: req.method,
    startDate: req.startDate,
  };
}

/**
 * The level instalment, in fen, that repays `principalFen` over `n` periods at periodic rate
 * `r`: P·r·(1+r)^n / ((1+r)^n − 1), evaluated exactly on rationals and rounded half up once
 * (P / n when r = 0). With r = p/q this is P·p·(q+p)^n / (q·((q+p)^n − q^n)).
 * @throws RangeError for n < 1 or a negative rate (programming errors).
 */
export function levelInstalmentFen(principalFen: bigint, r: Fraction, n: number): bigint {
  if (!Number.isInteger(n) || n < 1 || r.num < 0n) {
    throw new RangeError(`levelInstalmentFen needs n ≥ 1 and r ≥ 0, got n=${n}`);
  }
  if (r.num === 0n) return roundHalfUp(principalFen, BigInt(n));
  const growth = (r.den + r.num) ** BigInt(n);
  return roundHalfUp(principalFen * r.num * growth, r.den * (growth - r.den ** BigInt(n)));
}

/** Interest on `outstandingFen` for `days` actual days at `rate` per year, actual/360. */
function actual360Fen(outstandingFen: bigint, rate: Fraction, days: number): bigint {
  return roundHalfUp(outstandingFen * rate.num * BigInt(days), rate.den * DAY_COUNT_BASIS);
}

/**
 * Builds the repayment schedule, exact to the fen:
 * - due dates every `paymentFrequencyMonths` months on the start date's day of month,
 *   clamped to shorter months, always re-anchored on the start day;
 * - EQUAL_INSTALMENT: level instalment at the periodic rate annual/12×frequency, interest
 *   per period = outstanding × periodic rate half up, principal = instalment − interest;
 * - EQUAL_PRINCIPAL: principal P/n half up, interest actual/360 on the outstanding;
 * - INTEREST_ONLY: interest actual/360, whole principal on the last due date.
 * The last instalment always clears what is outstanding, absorbing rounding.
 * @throws DomainError(INVALID_SCHEDULE_REQUEST) with `{ field }`, or DomainError(INVALID_RATE)
 *   with `{ field: 'annualRate' }`.
 */
export function buildSchedule(req: ScheduleRequest): Schedule {
  const { principal, rate, termMonths, frequency, method, startDate } = validate(req);
  const n = termMonths / frequency;
  const anchorDay = Number(startDate.slice(8, 10));
  const periodicRate = reduceFraction(rate.num * BigInt(frequency), rate.den * 12n);
  const level = levelInstalmentFen(principal.fen, periodicRate, n);
  const evenPrincipal = roundHalfUp(principal.fen, BigInt(n));

  const instalments: Instalment[] = [];
  let outstanding = principal.fen;
  let periodStart = startDate;
  let totalInterest = 0n;
  for (let seq = 1; seq <= n; seq++) {
    const dueDate = addMonthsClamped(startDate, seq * frequency, anchorDay);
    const last = seq === n;
    let interest: bigint;
    let repaid: bigint;
    if (method === 'EQUAL_INSTALMENT') {
      interest = roundHalfUp(outstanding * periodicRate.num, periodicRate.den);
      repaid = level - interest;
    } else {
      interest = actual360Fen(outstanding, rate, daysBetween(periodStart, dueDate));
      repaid = method === 'EQUAL_PRINCIPAL' ? evenPrincipal : 0n;
    }
    // Half-up rounding of a tiny principal (fewer fen than periods) could otherwise repay
    // more than is owed before the last period.
    repaid = last ? outstanding : repaid < outstanding ? repaid : outstanding;
    outstanding -= repaid;
    totalInterest += interest;
    instalments.push({
      seq,
      periodStart,
      dueDate,
      principal: Money.ofFen(repaid),
      interest: Money.ofFen(interest),
      total: Money.ofFen(repaid + interest),
      outstandingAfter: Money.ofFen(outstanding),
    });
    periodStart = dueDate;
  }
  return { instalments, totalInterest: Money.ofFen(totalInterest) };
}

/**
 * Simple interest on `outstanding` from `fromDate` (inclusive) to `toDate` (exclusive) at
 * `annualRate` (decimal text, no upper bound so penalty rates fit), actual/360, half up to
 * the fen. Used for overdue and early-repayment interest.
 * @throws DomainError(INVALID_AMOUNT) for a negative outstanding, DomainError(INVALID_RATE)
 *   for a bad rate, DomainError(INVALID_DATE) for a bad date or `toDate` before `fromDate`.
 */
export function accruedInterest(
  outstanding: Money,
  annualRate: string,
  fromDate: BusinessDate,
  toDate: BusinessDate,
): Money {
  if (outstanding.isNegative()) {
    throw new DomainError(ErrorCodes.INVALID_AMOUNT, 'outstanding must not be negative', {
      field: 'outstanding',
      value: outstanding.toYuan(),
    });
  }
  const rate = parseRate(annualRate, 'annualRate', false);
  const days = daysBetween(
    assertBusinessDate(fromDate, 'fromDate'),
    assertBusinessDate(toDate, 'toDate'),
  );
  if (days < 0) {
    throw new DomainError(ErrorCodes.INVALID_DATE, 'toDate is before fromDate', {
      field: 'toDate',
      value: toDate,
      fromDate,
    });
  }
  return Money.ofFen(actual360Fen(outstanding.fen, rate, days));
}

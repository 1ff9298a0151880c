import { compareDates, daysBetween, isBusinessDate } from '../business-date';
import { formatDecimal, roundHalfUp, type Fraction } from '../decimal';
import { DomainError, ErrorCodes } from '../errors';
import { Money } from '../money';
import type { SubsidyPolicyTerms } from './subsidy-policy';

/** Day-count basis of the LPR interest: annual rate / 360 on actual days. */
const DAY_COUNT_BASIS = 360n;

export interface InterestSubsidyInput {
  /** Interest actually paid for the period. */
  interestPaid: Money;
  /** Principal outstanding during the period (the LPR interest accrues on it). */
  outstandingPrincipal: Money;
  /** Start inclusive, end exclusive, YYYY-MM-DD. */
  periodStart: string;
  periodEnd: string;
  /** Annual LPR as a fraction (3 % = 3/100), 0 ≤ lpr < 1. */
  lpr: Fraction;
  /** Multiple of the LPR the interest is counted at, above 0. */
  lprMultiple: Fraction;
  /** Whether the policy caps the interest at lpr × lprMultiple. */
  lprCap: boolean;
  /** IP-secured share of the loan, 0–1. */
  ipShare: Fraction;
  /** Share of the IP-secured base that is paid, 0–1. */
  ratio: Fraction;
  /** Room left under the policy's caps; null = no cap. */
  capRemaining: Money | null;
}

export interface InterestSubsidyResult {
  days: number;
  lprInterest: Money;
  base: Money;
  ipBase: Money;
  /** ipBase × ratio before the cap (shown in the claim's step-by-step computation). */
  beforeCap: Money;
  subsidy: Money;
  limitedBy: 'CAP' | 'LPR' | null;
}

export interface InsuranceSubsidyInput {
  premium: Money;
  ipShare: Fraction;
  ratio: Fraction;
  capRemaining: Money | null;
}

export interface InsuranceSubsidyResult {
  ipBase: Money;
  beforeCap: Money;
  subsidy: Money;
  limitedBy: 'CAP' | null;
}

function invalidInput(field: string, problem: string, value: unknown): DomainError {
  return new DomainError(
    ErrorCodes.INVALID_SUBSIDY_INPUT,
    `${field} ${problem}`,
    { field, value },
    `补贴计算参数 ${field} 无效`,
  );
}

/**
 * A non-negative amount. Duck-typed on `fen`: a Money rebuilt in another bundle (Temporal's
 * workflow sandbox) is not `instanceof` this class but is just as good.
 */
function amount(value: Money, field: string): Money {
  const fen: unknown = (value as Partial<Money> | null | undefined)?.fen;
  if (typeof fen !== 'bigint') throw invalidInput(field, 'must be an amount', String(value));
  if (fen < 0n) throw invalidInput(field, 'must not be negative', value.toYuan());
  return Money.ofFen(fen);
}

function capOrNull(value: Money | null, field: string): Money | null {
  return value === null ? null : amount(value, field);
}

function fraction(value: Fraction, field: string, upTo: 'ONE' | 'BELOW_ONE' | 'ANY'): Fraction {
  const ok =
    typeof value?.num === 'bigint' &&
    typeof value.den === 'bigint' &&
    value.den > 0n &&
    value.num >= 0n &&
    (upTo === 'ANY' || (upTo === 'ONE' ? value.num <= value.den : value.num < value.den));
  if (!ok) {
    const range =
      upTo === 'ONE' ? 'from 0 to 1' : upTo === 'BELOW_ONE' ? 'from 0, below 1' : '0 or more';
    const shown =
      typeof value?.den === 'bigint' && value.den > 0n ? formatDecimal(value, 6) : String(value);
    throw invalidInput(field, `must be a fraction ${range}`, shown);
  }
  return value;
}

/** Days in [periodStart, periodEnd); a period must be at least one day. */
function periodDays(periodStart: string, periodEnd: string): number {
  if (!isBusinessDate(periodStart))
    throw invalidInput('periodStart', 'must be a date YYYY-MM-DD', periodStart);
  if (!isBusinessDate(periodEnd))
    throw invalidInput('periodEnd', 'must be a date YYYY-MM-DD', periodEnd);
  if (compareDates(periodEnd, periodStart) <= 0) {
    throw invalidInput('periodEnd', `must be after periodStart ${periodStart}`, periodEnd);
  }
  return daysBetween(periodStart, periodEnd);
}

/** The cap binds only when it is strictly below the amount it limits. */
function applyCap(beforeCap: Money, cap: Money | null): { subsidy: Money; capped: boolean } {
  if (cap === null || !cap.lessThan(beforeCap)) return { subsidy: beforeCap, capped: false };
  return { subsidy: cap, capped: true };
}

/**
 * Interest subsidy of one period, exactly as the issue states it, each product rounded half up
 * to the fen as it is formed:
 *  days = periodEnd − periodStart;
 *  lprInterest = round(outstanding × lpr × multiple × days / 360) (one rounding of the whole product);
 *  base = lprCap ? min(interestPaid, lprInterest) : interestPaid;
 *  ipBase = round(base × ipShare); beforeCap = round(ipBase × ratio);
 *  subsidy = min(beforeCap, capRemaining) (no cap when capRemaining is null).
 *  limitedBy = 'CAP' if capRemaining < beforeCap, else 'LPR' if lprCap and lprInterest < interestPaid.
 * @throws DomainError('INVALID_SUBSIDY_INPUT', …, { field, value }) for periodEnd ≤ periodStart,
 *   a negative amount, a share or ratio outside [0, 1], an LPR outside [0, 1) or a multiple ≤ 0.
 */
export function computeInterestSubsidy(input: InterestSubsidyInput): InterestSubsidyResult {
  const interestPaid = amount(input.interestPaid, 'interestPaid');
  const outstanding = amount(input.outstandingPrincipal, 'outstandingPrincipal');
  const days = periodDays(input.periodStart, input.periodEnd);
  const lpr = fraction(input.lpr, 'lpr', 'BELOW_ONE');
  const multiple = fraction(input.lprMultiple, 'lprMultiple', 'ANY');
  if (multiple.num === 0n) throw invalidInput('lprMultiple', 'must be above 0', '0');
  const ipShare = fraction(input.ipShare, 'ipShare', 'ONE');
  const ratio = fraction(input.ratio, 'ratio', 'ONE');
  const cap = capOrNull(input.capRemaining, 'capRemaining');

  const lprInterest = Money.ofFen(
    roundHalfUp(
      outstanding.fen * lpr.num * multiple.num * BigInt(days),
      lpr.den * multiple.den * DAY_COUNT_BASIS,
    ),
  );
  const lprBinds = input.lprCap && lprInterest.lessThan(interestPaid);
  const base = lprBinds ? lprInterest : interestPaid;
  const ipBase = base.times(ipShare);
  const beforeCap = ipBase.times(ratio);
  const { subsidy, capped } = applyCap(beforeCap, cap);
  return {
    days,
    lprInterest,
    base,
    ipBase,
    beforeCap,
    subsidy,
    limitedBy: capped ? 'CAP' : lprBinds ? 'LPR' : null,
  };
}

/**
 * Insurance-premium subsidy: ipBase = round(premium × ipShare); beforeCap = round(ipBase × ratio);
 * subsidy = min(beforeCap, capRemaining).
 * @throws DomainError('INVALID_SUBSIDY_INPUT', …) for a negative amount or a share or ratio outside [0, 1].
 */
export function computeInsuranceSubsidy(input: InsuranceSubsidyInput): InsuranceSubsidyResult {
  const premium = amount(input.premium, 'premium');
  const ipShare = fraction(input.ipShare, 'ipShare', 'ONE');
  const ratio = fraction(input.ratio, 'ratio', 'ONE');
  const cap = capOrNull(input.capRemaining, 'capRemaining');
  const ipBase = premium.times(ipShare);
  const beforeCap = ipBase.times(ratio);
  const { subsidy, capped } = applyCap(beforeCap, cap);
  return { ipBase, beforeCap, subsidy, limitedBy: capped ? 'CAP' : null };
}

export type CapKind = 'PER_LOAN' | 'PER_ENTERPRISE_YEAR' | 'PER_ENTERPRISE_CUMULATIVE';

/**
 * Room left under the policy's caps given what is already committed (reserved or paid, not
 * rejected or clawed back) for this loan, this enterprise in the budget year, and in total.
 * `remaining` is null when the policy has no cap; `binding` names the tightest cap (on a tie the
 * first of per loan, per enterprise-year, cumulative). Never negative: a cap already overrun
 * (e.g. by a policy lowered later) leaves zero room.
 * @throws DomainError('INVALID_POLICY') for a cap that is not a yuan amount (unparsed terms).
 */
export function capRemaining(
  caps: SubsidyPolicyTerms['caps'],
  used: { loan: Money; enterpriseYear: Money; enterpriseCumulative: Money },
): { remaining: Money | null; binding: CapKind | null } {
  const candidates: [CapKind, string, string | null, Money][] = [
    ['PER_LOAN', 'caps.perLoan', caps.perLoan, used.loan],
    [
      'PER_ENTERPRISE_YEAR',
      'caps.perEnterprisePerYear',
      caps.perEnterprisePerYear,
      used.enterpriseYear,
    ],
    [
      'PER_ENTERPRISE_CUMULATIVE',
      'caps.perEnterpriseCumulative',
      caps.perEnterpriseCumulative,
      used.enterpriseCumulative,
    ],
  ];
  let remaining: Money | null = null;
  let binding: CapKind | null = null;
  for (const [kind, field, cap, usedSoFar] of candidates) {
    if (cap === null) continue;
    const room = Money.max(Money.zero(), capAmount(cap, field).minus(usedSoFar));
    if (remaining === null || room.lessThan(remaining)) {
      remaining = room;
      binding = kind;
    }
  }
  return { remaining, binding };
}

function capAmount(text: string, field: string): Money {
  try {
    return Money.ofYuan(text);
  } catch {
    throw new DomainError(ErrorCodes.INVALID_POLICY, `Policy field ${field} is not a yuan amount`, {
      field,
      value: text,
    });
  }
}

/**
 * Whether half-open periods [start, end) share a day. Used for city-wide uniqueness: a loan's
 * period is subsidised at most once.
 * @throws DomainError('INVALID_SUBSIDY_INPUT') for a date that is not YYYY-MM-DD or an empty
 *   period (end ≤ start), which would otherwise overlap nothing and slip through.
 */
export function periodsOverlap(
  a: { start: string; end: string },
  b: { start: string; end: string },
): boolean {
  periodDays(a.start, a.end);
  periodDays(b.start, b.end);
  return compareDates(a.start, b.end) < 0 && compareDates(b.start, a.end) < 0;
}

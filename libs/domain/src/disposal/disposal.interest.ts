import { compareDates, daysBetween, type BusinessDate } from '../business-date';
import { formatDecimal, reduceFraction, tryParseDecimal, type Fraction } from '../decimal';
import { DomainError, ErrorCodes } from '../errors';
import { positionOf, type RepaymentRecord, type ScheduleRow } from '../loan-account';
import { Money } from '../money';
import { accruedInterest } from '../schedule';

/**
 * The bank's interest claim on the settlement date of a disposal, line by line:
 * - `SCHEDULED`: scheduled interest of an instalment already due and still unpaid;
 * - `CONTRACT`: interest accrued at the contract rate since the last due date on the principal
 *   not yet due;
 * - `PENALTY` (罚息): interest at the penalty rate on an instalment's principal from its due date.
 */
export type InterestLineKind = 'SCHEDULED' | 'CONTRACT' | 'PENALTY';

/** One interest line with its basis: `amount = gross − paid`, gross = base × rate × days / 360. */
export interface InterestLine {
  kind: InterestLineKind;
  /** The instalment the line is about; null for the contract accrual on principal not yet due. */
  seq: number | null;
  /** The principal the interest runs on. */
  principalBase: Money;
  /** Annual rate, decimal text (`"0.054"`). */
  annualRate: string;
  /** From (inclusive) and to (exclusive), business dates; `days` actual days between them. */
  from: BusinessDate;
  to: BusinessDate;
  days: number;
  /** The interest of the line before what was paid of it (the schedule's, for SCHEDULED). */
  gross: Money;
  /** What the borrower already paid of it. */
  paid: Money;
  amount: Money;
}

export interface SettlementInterest {
  /** The settlement date the interest runs to. */
  asOf: BusinessDate;
  contractRate: string;
  penaltyRate: string;
  lines: InterestLine[];
  scheduled: Money;
  contract: Money;
  penalty: Money;
  /** scheduled + contract + penalty: the bank's interest in the waterfall. */
  total: Money;
}

export interface SettlementInterestInput {
  schedule: readonly ScheduleRow[];
  repayments: readonly RepaymentRecord[];
  /** The contract rate, decimal text. */
  annualRate: string;
  /** The penalty rate on overdue principal, decimal text (see {@link penaltyRateOf}). */
  penaltyRate: string;
  /** The settlement date. */
  asOf: BusinessDate;
}

/** A line's figures in yuan, as the settlement record, the read model and the file keep them. */
export type InterestLineInYuan = Omit<InterestLine, 'principalBase' | 'gross' | 'paid' | 'amount'> &
  Record<'principalBase' | 'gross' | 'paid' | 'amount', string>;

export type SettlementInterestInYuan = Omit<
  SettlementInterest,
  'lines' | 'scheduled' | 'contract' | 'penalty' | 'total'
> &
  Record<'scheduled' | 'contract' | 'penalty' | 'total', string> & {
    lines: InterestLineInYuan[];
  };

/**
 * The interest owed to the bank on the settlement date `asOf` (S), each line half-up to the fen,
 * actual/360. With the position on S (repayments applied oldest first, interest first):
 *
 * (c) SCHEDULED — for each instalment due on or before S: amount = scheduled interest − interest
 *     paid (lines of 0 are left out); its basis is the schedule's (the principal outstanding in
 *     the period, periodStart → dueDate).
 * (a) CONTRACT — L = the due date of the last instalment due on or before S (the first period's
 *     start when none is due): the scheduled interest covers every day before L, so accrual
 *     starts there. Base B = principal of the instalments due after S still unpaid;
 *     gross = round(B × contract rate × days(L, S) / 360); amount = gross − what was already
 *     paid of the next instalment's interest (at most gross). Overdue principal accrues no
 *     contract interest: the penalty rate replaces it.
 * (b) PENALTY — for each instalment due before S with principal unpaid: from its due date to S,
 *     split at the value date of every later repayment; on each piece [a, b) the principal still
 *     unpaid after the repayments valued on or before a bears
 *     round(unpaid × penalty rate × days(a, b) / 360).
 *
 * No line counts a day twice: scheduled interest covers the periods up to their due dates on the
 * principal the schedule expected, the contract accrual the days after the last due date on the
 * principal not yet due, and the penalty the days after each due date on that instalment's
 * principal. Unpaid interest bears no interest itself (no compounding).
 * @throws DomainError(INVALID_RATE) for a bad rate, DomainError(OVERPAYMENT) for repayments
 *   exceeding the schedule.
 */
export function settlementInterest(input: SettlementInterestInput): SettlementInterest {
  const { schedule, repayments, annualRate, penaltyRate, asOf } = input;
  const position = positionOf(schedule, repayments, asOf);
  const isDue = (dueDate: BusinessDate) => compareDates(dueDate, asOf) <= 0;
  const lines: InterestLine[] = [];

  // (c) scheduled interest due and unpaid.
  let principalLeft = Money.sum(schedule.map((row) => Money.ofYuan(row.principal)));
  for (const row of schedule) {
    const i = position.instalments.find((p) => p.seq === row.seq)!;
    const base = principalLeft;
    principalLeft = principalLeft.minus(Money.ofYuan(row.principal));
    if (!isDue(row.dueDate)) continue;
    const gross = Money.ofYuan(i.interestDue);
    const paid = Money.ofYuan(i.interestPaid);
    if (!gross.minus(paid).isPositive()) continue;
    lines.push({
      kind: 'SCHEDULED',
      seq: row.seq,
      principalBase: base,
      annualRate,
      from: row.periodStart,
      to: row.dueDate,
      days: daysBetween(row.periodStart, row.dueDate),
      gross,
      paid,
      amount: gross.minus(paid),
    });
  }

  // (a) contract interest since the last due date on the principal not yet due.
  const dueRows = schedule.filter((row) => isDue(row.dueDate));
  const notDue = position.instalments.filter((i) => !isDue(i.dueDate));
  const from = dueRows[dueRows.length - 1]?.dueDate ?? schedule[0]?.periodStart;
  const base = Money.sum(
    notDue.map((i) => Money.ofYuan(i.principalDue).minus(Money.ofYuan(i.principalPaid))),
  );
  if (from !== undefined && base.isPositive() && compareDates(from, asOf) < 0) {
    const gross = accruedInterest(base, annualRate, from, asOf);
    const paid = Money.min(gross, Money.ofYuan(notDue[0]?.interestPaid ?? '0.00'));
    lines.push({
      kind: 'CONTRACT',
      seq: null,
      principalBase: base,
      annualRate,
      from,
      to: asOf,
      days: daysBetween(from, asOf),
      gross,
      paid,
      amount: gross.minus(paid),
    });
  }

  // (b) penalty interest on overdue principal, piece by piece between repayments.
  const valueDates = [...new Set(repayments.map((r) => r.valueDate))].sort(compareDates);
  for (const row of schedule) {
    if (compareDates(row.dueDate, asOf) >= 0) continue;
    const cuts = valueDates.filter(
      (d) => compareDates(d, row.dueDate) > 0 && compareDates(d, asOf) < 0,
    );
    const bounds = [row.dueDate, ...cuts, asOf];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const a = bounds[k]!;
      const b = bounds[k + 1]!;
      const paidBy = repayments.filter((r) => compareDates(r.valueDate, a) <= 0);
      const at = positionOf(schedule, paidBy, a).instalments.find((p) => p.seq === row.seq)!;
      const unpaid = Money.ofYuan(at.principalDue).minus(Money.ofYuan(at.principalPaid));
      if (!unpaid.isPositive()) continue;
      const gross = accruedInterest(unpaid, penaltyRate, a, b);
      lines.push({
        kind: 'PENALTY',
        seq: row.seq,
        principalBase: unpaid,
        annualRate: penaltyRate,
        from: a,
        to: b,
        days: daysBetween(a, b),
        gross,
        paid: Money.zero(),
        amount: gross,
      });
    }
  }

  const total = (kind: InterestLineKind) =>
    Money.sum(lines.filter((l) => l.kind === kind).map((l) => l.amount));
  const scheduled = total('SCHEDULED');
  const contract = total('CONTRACT');
  const penalty = total('PENALTY');
  return {
    asOf,
    contractRate: annualRate,
    penaltyRate,
    lines,
    scheduled,
    contract,
    penalty,
    total: scheduled.plus(contract).plus(penalty),
  };
}

/** The interest lines and totals in two-decimal yuan. */
export function settlementInterestInYuan(interest: SettlementInterest): SettlementInterestInYuan {
  return {
    asOf: interest.asOf,
    contractRate: interest.contractRate,
    penaltyRate: interest.penaltyRate,
    scheduled: interest.scheduled.toYuan(),
    contract: interest.contract.toYuan(),
    penalty: interest.penalty.toYuan(),
    total: interest.total.toYuan(),
    lines: interest.lines.map((l) => ({
      ...l,
      principalBase: l.principalBase.toYuan(),
      gross: l.gross.toYuan(),
      paid: l.paid.toYuan(),
      amount: l.amount.toYuan(),
    })),
  };
}

/** A product's penalty-interest terms: an explicit annual rate, or a multiple of the contract rate. */
export interface PenaltyTerms {
  /** Penalty rate = contract rate × this, decimal text ≥ 1 (`"1.5"`). */
  multiplier: string;
  /** An explicit annual penalty rate (decimal text); wins over the multiplier when set. */
  rate: string | null;
}

/** 1.5 × the contract rate: the common convention (contract rate plus 50 %). */
export const DEFAULT_PENALTY_RATE_MULTIPLIER = '1.5';

function penaltyTermsError(field: string, message: string, value: unknown): DomainError {
  return new DomainError(
    ErrorCodes.INVALID_PENALTY_TERMS,
    message,
    { field, value },
    `罚息条款无效：${field}`,
  );
}

/**
 * Reads a product's penalty terms: `penaltyRateMultiplier` (default "1.5", at least 1: a penalty
 * never undercuts the contract rate) and `penaltyRate` (optional, a decimal from 0 and below 1).
 * @throws DomainError(INVALID_PENALTY_TERMS) with `{ field, value }`.
 */
export function parsePenaltyTerms(raw: {
  penaltyRateMultiplier?: unknown;
  penaltyRate?: unknown;
}): PenaltyTerms {
  const multiplier = raw.penaltyRateMultiplier ?? DEFAULT_PENALTY_RATE_MULTIPLIER;
  const m = typeof multiplier === 'string' ? tryParseDecimal(multiplier) : null;
  if (!m || m.num < m.den) {
    throw penaltyTermsError(
      'penaltyRateMultiplier',
      'penaltyRateMultiplier must be a decimal of at least 1 (e.g. "1.5")',
      multiplier,
    );
  }
  const rate = raw.penaltyRate ?? null;
  if (rate !== null) {
    const r = typeof rate === 'string' ? tryParseDecimal(rate) : null;
    if (!r || r.num < 0n || r.num >= r.den) {
      throw penaltyTermsError(
        'penaltyRate',
        'penaltyRate must be a decimal from 0 and below 1 (e.g. "0.054")',
        rate,
      );
    }
  }
  return { multiplier: multiplier as string, rate: rate as string | null };
}

const fractionDigits = (text: string) => text.split('.')[1]?.length ?? 0;

/**
 * The annual penalty rate as exact decimal text: the explicit rate if the terms give one, else
 * contract rate × multiplier (`"0.036"` × `"1.5"` = `"0.054"`; a product of two decimals is
 * exact with the sum of their fractional digits).
 * @throws DomainError(INVALID_RATE) for a contract rate that is not a decimal.
 */
export function penaltyRateOf(contractRate: string, terms: PenaltyTerms): string {
  if (terms.rate !== null) return terms.rate;
  const rate = tryParseDecimal(contractRate);
  const m = tryParseDecimal(terms.multiplier);
  if (!rate || !m) {
    throw new DomainError(ErrorCodes.INVALID_RATE, `Not a rate: ${JSON.stringify(contractRate)}`, {
      field: 'annualRate',
      value: contractRate,
    });
  }
  const product: Fraction = reduceFraction(rate.num * m.num, rate.den * m.den);
  const text = formatDecimal(
    product,
    fractionDigits(contractRate) + fractionDigits(terms.multiplier),
  );
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

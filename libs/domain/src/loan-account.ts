import { compareDates, daysBetween, type BusinessDate } from './business-date';
import { DomainError } from './errors';
import { Money } from './money';
import { accruedInterest } from './schedule';

/** One scheduled instalment as a case keeps it: yuan strings, so it crosses Temporal as JSON. */
export interface ScheduleRow {
  seq: number;
  periodStart: BusinessDate;
  dueDate: BusinessDate;
  principal: string;
  interest: string;
}

/** A repayment as the bank recorded it. `reference` is the bank's unique transaction id. */
export interface RepaymentRecord {
  reference: string;
  valueDate: BusinessDate;
  amount: string;
}

export interface InstalmentPosition {
  seq: number;
  dueDate: BusinessDate;
  principalDue: string;
  interestDue: string;
  principalPaid: string;
  interestPaid: string;
  /** Date of the payment that completed it; null while anything is unpaid. */
  settledOn: BusinessDate | null;
}

export interface AccountPosition {
  instalments: InstalmentPosition[];
  outstandingPrincipal: string;
  /** Principal and interest due on or before `asOf` and still unpaid. */
  arrears: string;
  /** Days since the oldest instalment still unpaid fell due (0 when none is past due). */
  daysPastDue: number;
  /** Everything still owed on the schedule, due or not. */
  remainingScheduled: string;
  nextDueDate: BusinessDate | null;
  fullyRepaid: boolean;
}

/**
 * Applies repayments to the schedule, oldest instalment first, interest before principal, and
 * reports the position on `asOf`. Payments are applied in value-date order.
 * @throws DomainError(OVERPAYMENT) if the payments exceed everything scheduled.
 */
export function positionOf(
  schedule: readonly ScheduleRow[],
  repayments: readonly RepaymentRecord[],
  asOf: BusinessDate,
): AccountPosition {
  const rows = schedule.map((row) => ({
    row,
    principalDue: Money.ofYuan(row.principal),
    interestDue: Money.ofYuan(row.interest),
    principalPaid: Money.zero(),
    interestPaid: Money.zero(),
    settledOn: null as BusinessDate | null,
  }));
  const ordered = [...repayments].sort((a, b) => compareDates(a.valueDate, b.valueDate));
  for (const payment of ordered) {
    let left = Money.ofYuan(payment.amount);
    for (const r of rows) {
      if (left.isZero()) break;
      const interestGap = r.interestDue.minus(r.interestPaid);
      const toInterest = Money.min(left, interestGap);
      r.interestPaid = r.interestPaid.plus(toInterest);
      left = left.minus(toInterest);
      const principalGap = r.principalDue.minus(r.principalPaid);
      const toPrincipal = Money.min(left, principalGap);
      r.principalPaid = r.principalPaid.plus(toPrincipal);
      left = left.minus(toPrincipal);
      if (
        r.settledOn === null &&
        r.interestPaid.equals(r.interestDue) &&
        r.principalPaid.equals(r.principalDue)
      ) {
        r.settledOn = payment.valueDate;
      }
    }
    if (left.isPositive()) {
      throw new DomainError(
        'OVERPAYMENT',
        `Repayment ${payment.reference} exceeds what is owed by ${left.toYuan()}`,
        {
          reference: payment.reference,
          excess: left.toYuan(),
        },
      );
    }
  }

  let outstandingPrincipal = Money.zero();
  let arrears = Money.zero();
  let remaining = Money.zero();
  let oldestUnpaidDue: BusinessDate | null = null;
  let nextDueDate: BusinessDate | null = null;
  for (const r of rows) {
    const unpaid = r.principalDue.minus(r.principalPaid).plus(r.interestDue.minus(r.interestPaid));
    outstandingPrincipal = outstandingPrincipal.plus(r.principalDue.minus(r.principalPaid));
    remaining = remaining.plus(unpaid);
    if (unpaid.isPositive()) {
      if (compareDates(r.row.dueDate, asOf) <= 0) arrears = arrears.plus(unpaid);
      if (compareDates(r.row.dueDate, asOf) < 0 && oldestUnpaidDue === null)
        oldestUnpaidDue = r.row.dueDate;
      if (compareDates(r.row.dueDate, asOf) >= 0 && nextDueDate === null)
        nextDueDate = r.row.dueDate;
    }
  }
  return {
    instalments: rows.map((r) => ({
      seq: r.row.seq,
      dueDate: r.row.dueDate,
      principalDue: r.principalDue.toYuan(),
      interestDue: r.interestDue.toYuan(),
      principalPaid: r.principalPaid.toYuan(),
      interestPaid: r.interestPaid.toYuan(),
      settledOn: r.settledOn,
    })),
    outstandingPrincipal: outstandingPrincipal.toYuan(),
    arrears: arrears.toYuan(),
    daysPastDue: oldestUnpaidDue === null ? 0 : daysBetween(oldestUnpaidDue, asOf),
    remainingScheduled: remaining.toYuan(),
    nextDueDate,
    fullyRepaid: remaining.isZero(),
  };
}

/**
 * Early settlement on `asOf`: instalments already due stay as they are; the instalment whose
 * period contains `asOf` becomes due on `asOf` with all outstanding principal and interest
 * accrued from its period start (actual/360); later instalments are dropped.
 * Returns the revised schedule and the amount that settles the loan on that date.
 */
export function earlySettlement(
  schedule: readonly ScheduleRow[],
  repayments: readonly RepaymentRecord[],
  annualRate: string,
  asOf: BusinessDate,
): { schedule: ScheduleRow[]; payoff: string } {
  const position = positionOf(schedule, repayments, asOf);
  const current = schedule.find((row) => compareDates(row.dueDate, asOf) > 0);
  if (!current) {
    // Past maturity: nothing to re-cut; settling means paying everything still owed.
    return { schedule: [...schedule], payoff: position.remainingScheduled };
  }
  const kept = schedule.filter((row) => row.seq < current.seq);
  const principalBefore = Money.sum(kept.map((row) => Money.ofYuan(row.principal)));
  const principalPaidSoFar = Money.sum(
    position.instalments.map((i) => Money.ofYuan(i.principalPaid)),
  );
  const totalPrincipal = Money.sum(schedule.map((row) => Money.ofYuan(row.principal)));
  // Principal the borrower still has the use of during the current period.
  const outstandingInPeriod = totalPrincipal.minus(Money.max(principalBefore, principalPaidSoFar));
  const interest = accruedInterest(outstandingInPeriod, annualRate, current.periodStart, asOf);
  const principalLeftOnSchedule = totalPrincipal.minus(principalBefore);
  const revised: ScheduleRow[] = [
    ...kept,
    {
      seq: current.seq,
      periodStart: current.periodStart,
      dueDate: asOf,
      principal: principalLeftOnSchedule.toYuan(),
      interest: interest.toYuan(),
    },
  ];
  return { schedule: revised, payoff: positionOf(revised, repayments, asOf).remainingScheduled };
}

/**
 * A district's planned annual budget (年度预算计划) for one pool (district, kind, year), pure.
 * A plan is not money: it says what the pool opens with when its year is opened (by the year
 * close, a year ahead), so one approver sets it without a second person. Once the pool is open,
 * money only comes by a top-up, which needs two. Each check throws a DomainError with its code.
 */
import { DomainError } from '../errors';
import { Money } from '../money';
import { MAX_TOP_UP_YUAN } from '../top-up';

/**
 * The most a plan may hold, in yuan: the same bound as one top-up, which catches a slipped
 * decimal point; the `budget_plan` row holds it only as above zero.
 */
export const MAX_PLANNED_BUDGET_YUAN = MAX_TOP_UP_YUAN;

/** Above zero (a pool without money is the absence of a plan) and at most the maximum. */
export function checkPlannedAmount(amount: string): Money {
  const money = Money.ofYuan(amount);
  if (!money.isPositive()) {
    throw new DomainError('INVALID_AMOUNT', 'amount must be above zero', { field: 'amount' });
  }
  if (money.greaterThan(Money.ofYuan(MAX_PLANNED_BUDGET_YUAN))) {
    throw new DomainError(
      'BUDGET_PLAN_ABOVE_MAXIMUM',
      `A planned budget holds at most ${MAX_PLANNED_BUDGET_YUAN}; ${money.toYuan()} was asked`,
      { amount: money.toYuan(), maximum: MAX_PLANNED_BUDGET_YUAN },
    );
  }
  return money;
}

/**
 * Only a year after the business date's can be planned: the current year's pools (and, with
 * the year close, the next year's) are open already, and a plan for them would never move money.
 * The repository refuses the same way when the pool exists (a pool opened early by a claim).
 */
export function checkPlanYear(budgetYear: number, businessDate: string): void {
  const current = Number(businessDate.slice(0, 4));
  if (budgetYear <= current) {
    throw budgetPlanYearOpen(budgetYear, `the business date ${businessDate} is in ${current}`);
  }
}

/** BUDGET_PLAN_YEAR_OPEN: the year's pool is (or must be) open; money comes by a top-up now. */
export function budgetPlanYearOpen(budgetYear: number, why: string): DomainError {
  return new DomainError(
    'BUDGET_PLAN_YEAR_OPEN',
    `The ${budgetYear} budget can no longer be planned (${why}): raise the pool by a top-up`,
    { budgetYear },
  );
}

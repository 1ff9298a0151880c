import { DomainError } from '../errors';
import { checkPlannedAmount, checkPlanYear } from './budget-plan';

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('planned annual budgets', () => {
  it.each([
    // amount, refusal (null: allowed)
    ['0.01', null], // the smallest plan
    ['100000000.00', null], // exactly the maximum
    ['100000000.01', 'BUDGET_PLAN_ABOVE_MAXIMUM'], // one fen above it
    ['0.00', 'INVALID_AMOUNT'], // a pool without money is no plan
  ])('amount %s → %s', (amount, code) => {
    expect(codeOf(() => checkPlannedAmount(amount))).toBe(code);
  });

  it.each([
    // budget year, business date, refusal
    [2027, '2026-01-15', null], // next year (refused later if its pool is open already)
    [2028, '2026-12-31', null],
    [2026, '2026-12-31', 'BUDGET_PLAN_YEAR_OPEN'], // edge: the last day of the year itself
    [2025, '2026-01-15', 'BUDGET_PLAN_YEAR_OPEN'], // a past year
  ] as const)('year %i on %s → %s', (year, businessDate, code) => {
    expect(codeOf(() => checkPlanYear(year, businessDate))).toBe(code);
  });
});

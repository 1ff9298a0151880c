import { proxyActivities } from '@temporalio/workflow';
import type { SubsidyBudgetActivities } from '../../activities/district/subsidy-budget.activities';
import type { BudgetTopUpInput, BudgetTopUpResult } from './subsidy-claim.shared';

const budgets = proxyActivities<SubsidyBudgetActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A district approver's top-up: raises the pool's total (once per reference), then lets the
 * waitlisted claims reserve in submission order. A workflow, so that a crash between the two
 * steps still ends with the waitlist served.
 */
export async function budgetTopUpWorkflow(input: BudgetTopUpInput): Promise<BudgetTopUpResult> {
  const { toppedUp } = await budgets.districtTopUpBudget(input);
  const reservedClaims = await budgets.districtServeWaitlist({
    pool: input.pool,
    businessDate: input.businessDate,
  });
  return { pool: input.pool, toppedUp, reservedClaims };
}

import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SubsidyBudgetActivities } from '../../activities/district/subsidy-budget.activities';
import { refusalOf, refuseAgain, type Refusal } from '../shared/step-kit';
import {
  budgetToppedUpUpdate,
  type BudgetTopUpInput,
  type BudgetTopUpResult,
} from './subsidy-claim.shared';

const budgets = proxyActivities<SubsidyBudgetActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A district approver's top-up: raises the pool's total (once per reference), then lets the
 * waitlisted claims reserve in submission order. A workflow, so that a crash between the two
 * steps still ends with the waitlist served. Started with its `budgetToppedUp` Update, which
 * answers the result; a refused top-up (a closed year) fails the run with the refusal, so the
 * same reference may be sent again.
 */
export async function budgetTopUpWorkflow(input: BudgetTopUpInput): Promise<BudgetTopUpResult> {
  let result: BudgetTopUpResult | null = null;
  let refusal: Refusal | null = null;
  setHandler(budgetToppedUpUpdate, async () => {
    await condition(() => result !== null || refusal !== null);
    if (refusal) throw refuseAgain(refusal);
    return result!;
  });

  try {
    const { toppedUp } = await budgets.districtTopUpBudget(input);
    const reservedClaims = await budgets.districtServeWaitlist({
      pool: input.pool,
      businessDate: input.businessDate,
    });
    result = { pool: input.pool, toppedUp, reservedClaims };
  } catch (error) {
    refusal = refusalOf(error);
    if (!refusal) throw error;
  }
  await condition(allHandlersFinished);
  if (refusal) throw refuseAgain(refusal);
  return result!;
}

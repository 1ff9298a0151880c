import { patched, proxyActivities } from '@temporalio/workflow';
import type { BusinessCalendarActivities } from '../../activities/case-ledger/business-calendar.activities';
import type { SubsidyBudgetActivities } from '../../activities/district/subsidy-budget.activities';
import type { WorkInboxActivities } from '../../activities/case-ledger/work-inbox.activities';
import type { CloseOfBusinessInput, CloseOfBusinessResult } from './close-of-business.shared';

const calendar = proxyActivities<BusinessCalendarActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const budgets = proxyActivities<SubsidyBudgetActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const inbox = proxyActivities<WorkInboxActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Close of business (日终): advances the business date one day at a time up to the target, and
 * tells every live case about each new date, so due dates and days past due follow it.
 * Started nightly by a Temporal Schedule (Asia/Shanghai) or by an administrator.
 */
export async function closeOfBusinessWorkflow(
  input: CloseOfBusinessInput,
): Promise<CloseOfBusinessResult> {
  const from = await calendar.currentBusinessDate();
  const to = input.targetDate ?? (await calendar.nextBusinessDate(from));
  // Advancing is conditional on the expected current date: a retry after a crash is a no-op.
  await calendar.advanceBusinessDate({ from, to, requestedBy: input.requestedBy });
  // Entering a new year closes the earlier budget years and rejects the claims still waiting in
  // them. Patched: runs recorded before subsidies existed replay without this step.
  if (patched('close-budget-years') && to.slice(0, 4) > from.slice(0, 4)) {
    await budgets.districtCloseBudgetYears({ year: Number(to.slice(0, 4)), businessDate: to });
  }
  const casesNotified = await calendar.notifyLiveCases({ businessDate: to });
  // Tasks whose deadline passed in the days just closed are reported late (TASK_LATE), once
  // each. Patched: runs recorded before the work inbox replay without this step.
  if (patched('tasks-late')) {
    await inbox.recordLateTasks({ from, to });
  }
  return { from, to, casesNotified };
}

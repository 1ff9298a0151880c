export const CLOSE_OF_BUSINESS_WORKFLOW = 'closeOfBusinessWorkflow';
export const CLOSE_OF_BUSINESS_SCHEDULE_ID = 'close-of-business';

export interface CloseOfBusinessInput {
  /** Advance to this date; when absent, to the day after the current business date. */
  targetDate?: string;
  /** Who asked: `schedule` for the nightly run, else the administrator's user id. */
  requestedBy: string;
}

export interface CloseOfBusinessResult {
  from: string;
  to: string;
  casesNotified: number;
}

/**
 * One run per target date, so a retried or duplicated request never advances twice. Scoped by
 * the task queue: installations (and test systems) sharing a Temporal namespace each keep their
 * own business calendar, and one's advance must not block or replace another's.
 */
export function closeOfBusinessWorkflowId(targetDate: string, taskQueue: string): string {
  return `close-of-business-${taskQueue}-${targetDate}`;
}

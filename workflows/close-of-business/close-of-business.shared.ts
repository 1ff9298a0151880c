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

/** One run per target date, so a retried or duplicated request never advances twice. */
export function closeOfBusinessWorkflowId(targetDate: string): string {
  return `close-of-business-${targetDate}`;
}

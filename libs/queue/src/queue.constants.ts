/** Queue names and the job names each accepts. A job name without a handler refuses start-up. */
export const QUEUES = {
  notifications: { name: 'notifications', jobs: ['deliver'] },
  exports: { name: 'exports', jobs: ['cases-csv'] },
} as const;

export interface NotificationJob {
  /** Business key: `${caseNumber}:${seq}`; also the BullMQ job id, so a retry enqueues nothing. */
  key: string;
  caseNumber: string | null;
  template: string;
  recipientOrgIds: string[];
  payload: Record<string, unknown>;
}

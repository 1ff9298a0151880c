/** Queue names and the job names each accepts. A job name without a handler refuses start-up. */
export const QUEUES = {
  notifications: { name: 'notifications', jobs: ['deliver'] },
  exports: { name: 'exports', jobs: ['generate'] },
} as const;

export interface NotificationJob {
  /** Business key: `${caseNumber}:${seq}`; also the BullMQ job id, so a retry enqueues nothing. */
  key: string;
  caseNumber: string | null;
  template: string;
  recipientOrgIds: string[];
  payload: Record<string, unknown>;
}

export interface ExportJob {
  /** The export_job row to fill; also the BullMQ job id, so a repeated request queues nothing. */
  exportId: string;
}

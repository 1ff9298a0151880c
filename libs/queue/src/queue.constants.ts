/** Queue names and the job names each accepts. A job name without a handler refuses start-up. */
export const QUEUES = {
  notifications: { name: 'notifications', jobs: ['send'] },
  exports: { name: 'exports', jobs: ['generate'] },
} as const;

/** One attempt of one delivery (notification_delivery row); the row holds what to send. */
export interface DeliveryJob {
  deliveryId: string;
  /** The replay round and the attempts made before this one: the job id, one job per attempt. */
  round: number;
  attempts: number;
}

export interface ExportJob {
  /** The export_job row to fill; also the BullMQ job id, so a repeated request queues nothing. */
  exportId: string;
}

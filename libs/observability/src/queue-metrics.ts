import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';

/** The job states whose counts are exported (completed jobs are mostly removed at once). */
const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/**
 * BullMQ queue depth by state, failed jobs and the age of the oldest waiting job, read from
 * Redis at scrape time. A Redis that is away leaves the gauges empty for that scrape.
 */
export function registerQueueMetrics(
  registry: Registry,
  queues: readonly Queue[],
  onError: (metric: string, error: unknown) => void,
): void {
  new Gauge({
    name: 'ippledge_queue_jobs',
    help: 'BullMQ jobs by queue and state (failed: kept failed jobs)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...STATES);
          for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      } catch (error) {
        this.reset();
        onError('ippledge_queue_jobs', error instanceof Error ? error.message : error);
      }
    },
  });

  new Gauge({
    name: 'ippledge_queue_oldest_waiting_age_seconds',
    help: 'Age of the oldest job waiting in each BullMQ queue (0 when none waits)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const now = Date.now();
        for (const queue of queues) {
          // Ascending: the first waiting job is the one queued longest ago.
          const [oldest] = await queue.getJobs(['waiting'], 0, 0, true);
          this.set({ queue: queue.name }, oldest ? Math.max(0, now - oldest.timestamp) / 1000 : 0);
        }
      } catch (error) {
        this.reset();
        onError(
          'ippledge_queue_oldest_waiting_age_seconds',
          error instanceof Error ? error.message : error,
        );
      }
    },
  });
}

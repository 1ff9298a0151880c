import type { Logger } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import type { AppConfig } from '../../common/src/config';
import { createRedis } from './redis';

export type JobHandlers<T> = Record<string, (job: Job<T>) => Promise<void>>;

/** A queue's name and the job names it accepts (see QUEUES). */
interface QueueSpec {
  name: string;
  jobs: readonly string[];
}

/**
 * Refuses start-up when a job name of the queue has no handler: a producer could enqueue a job
 * that nothing would ever process.
 */
export function assertEveryJobHandled(
  queue: QueueSpec,
  handlers: JobHandlers<never>,
  owner: string,
): void {
  const missing = queue.jobs.filter((name) => !handlers[name]);
  if (missing.length > 0) {
    throw new Error(
      `Queue ${queue.name} has jobs without a handler: ${missing.join(', ')}; add them to ${owner}.handlers`,
    );
  }
}

/** A running consumer of one queue, dispatching each job to the handler of its name. */
export class QueueConsumer<T> {
  private readonly connection;
  private readonly worker: Worker<T>;

  constructor(
    config: AppConfig,
    queue: QueueSpec,
    handlers: JobHandlers<T>,
    options: { concurrency: number; logger: Logger; failureMessage: string },
  ) {
    this.connection = createRedis(config.REDIS_URL, 'worker');
    this.worker = new Worker<T>(
      queue.name,
      async (job) => {
        const handler = handlers[job.name];
        if (!handler) throw new Error(`No handler for job ${job.name}`);
        await handler(job);
      },
      {
        connection: this.connection,
        prefix: config.QUEUE_PREFIX,
        concurrency: options.concurrency,
      },
    );
    this.worker.on('error', (error) =>
      options.logger.warn({ err: error.message }, `${queue.name} consumer error`),
    );
    this.worker.on('failed', (job, error) =>
      options.logger.warn({ jobId: job?.id, err: error.message }, options.failureMessage),
    );
  }

  async close(): Promise<void> {
    await this.worker.close();
    this.connection.disconnect();
  }
}

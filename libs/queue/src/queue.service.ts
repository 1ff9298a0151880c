import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { AppConfig } from '../../common/src/config';
import { QUEUES, type DeliveryJob, type ExportJob } from './queue.constants';
import { createRedis } from './redis';

/** Producer side of BullMQ: the API and activities enqueue here. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger('QueueService');
  private readonly connection: IORedis;
  readonly notifications: Queue<DeliveryJob>;
  readonly exports: Queue<ExportJob>;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    this.connection = createRedis(config.REDIS_URL, 'producer');
    // One job per attempt: the delivery row counts attempts and schedules the next, and no job
    // is kept, so the sweep can queue an attempt again after Redis lost it.
    this.notifications = new Queue<DeliveryJob>(QUEUES.notifications.name, {
      connection: this.connection,
      prefix: config.QUEUE_PREFIX,
      defaultJobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: true },
    });
    this.exports = new Queue<ExportJob>(QUEUES.exports.name, {
      connection: this.connection,
      prefix: config.QUEUE_PREFIX,
      defaultJobOptions: {
        attempts: 3,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    });
    // A lost Redis is reported, not thrown: callers see their own add fail, and the sweeps of
    // the outbox and of the exports queue the jobs again once Redis is back.
    for (const queue of [this.notifications, this.exports])
      queue.on('error', (error) => this.logger.warn({ err: error.message }, 'queue error'));
  }

  /** Queues an export's generation; while a job of that export is in Redis this adds nothing. */
  async enqueueExport(job: ExportJob): Promise<void> {
    await this.exports.add('generate', job, { jobId: job.exportId });
  }

  /**
   * Queues an export whose row is unfinished again. A job of it kept as completed or failed
   * ran without finishing it (another attempt held it, then died): it is removed, since BullMQ
   * would take an add under a kept job's id as a duplicate. A waiting, delayed or active job
   * is left as it is.
   */
  async requeueExport(job: ExportJob): Promise<void> {
    const state = await this.exports.getJobState(job.exportId);
    if (state === 'completed' || state === 'failed') await this.exports.remove(job.exportId);
    await this.enqueueExport(job);
  }

  /**
   * Queues one attempt of a delivery, after `delayMs`. The job id names the delivery, its round
   * and attempt, so queueing an attempt that is still queued adds nothing.
   */
  async enqueueDelivery(job: DeliveryJob, delayMs = 0): Promise<void> {
    await this.notifications.add('send', job, {
      jobId: `delivery-${job.deliveryId}-r${job.round}-a${job.attempts}`,
      delay: Math.max(0, Math.round(delayMs)),
    });
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifications.close();
    await this.exports.close();
    this.connection.disconnect();
  }
}

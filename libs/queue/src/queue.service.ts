import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { AppConfig } from '../../common/src/config';
import { QUEUES, type ExportJob, type NotificationJob } from './queue.constants';
import { createRedis } from './redis';

/** Producer side of BullMQ: the API and activities enqueue here. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly connection: IORedis;
  readonly notifications: Queue<NotificationJob>;
  readonly exports: Queue<ExportJob>;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    this.connection = createRedis(config.REDIS_URL, 'producer');
    this.notifications = new Queue<NotificationJob>(QUEUES.notifications.name, {
      connection: this.connection,
      prefix: config.QUEUE_PREFIX,
      defaultJobOptions: {
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
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
  }

  async enqueueExport(job: ExportJob): Promise<void> {
    await this.exports.add('generate', job, { jobId: job.exportId });
  }

  /** Enqueues once per business key: BullMQ ignores a second add with the same job id. */
  async enqueueNotification(job: NotificationJob): Promise<string> {
    const added = await this.notifications.add('deliver', job, {
      jobId: job.key.replace(/:/g, '_'),
    });
    return added.id ?? job.key;
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

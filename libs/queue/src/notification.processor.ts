import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import type IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../common/src/config';
import { NOTIFICATION_TRANSPORT, type NotificationTransport } from './notification.transport';
import { QUEUES, type NotificationJob } from './queue.constants';
import { createRedis } from './redis';

type Handler = (job: Job<NotificationJob>) => Promise<void>;

/**
 * Consumer of the notifications queue (runs in the worker process). Each delivery is recorded
 * in PostgreSQL keyed by the job's business key, so a redelivered job is not recorded twice.
 */
@Injectable()
export class NotificationProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationProcessor');
  private connection: IORedis | null = null;
  private worker: Worker<NotificationJob> | null = null;
  private readonly handlers: Record<string, Handler> = {
    deliver: (job) => this.deliver(job.data),
  };

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly db: DataSource,
    @Inject(NOTIFICATION_TRANSPORT) private readonly transport: NotificationTransport,
  ) {
    const missing = QUEUES.notifications.jobs.filter((name) => !this.handlers[name]);
    if (missing.length > 0) {
      throw new Error(
        `Queue ${QUEUES.notifications.name} has jobs without a handler: ${missing.join(', ')}; add them to NotificationProcessor.handlers`,
      );
    }
  }

  onApplicationBootstrap(): void {
    this.connection = createRedis(this.config.REDIS_URL, 'worker');
    this.worker = new Worker<NotificationJob>(
      QUEUES.notifications.name,
      async (job) => {
        const handler = this.handlers[job.name];
        if (!handler) throw new Error(`No handler for job ${job.name}`);
        await handler(job);
      },
      { connection: this.connection, prefix: this.config.QUEUE_PREFIX, concurrency: 8 },
    );
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ jobId: job?.id, err: error.message }, 'notification failed'),
    );
  }

  private async deliver(job: NotificationJob): Promise<void> {
    for (const recipient of job.recipientOrgIds) {
      const key = `${job.key}:${recipient}`;
      const seen: unknown[] = await this.db.query(`SELECT 1 FROM notification WHERE job_key = $1`, [
        key,
      ]);
      if (seen.length > 0) continue;
      await this.transport.deliver(job, recipient);
      await this.db.query(
        `INSERT INTO notification (job_key, case_number, template, recipient_org_id, transport, payload, delivered_at)
         VALUES ($1,$2,$3,$4,$5,$6, now()) ON CONFLICT (job_key) DO NOTHING`,
        [
          key,
          job.caseNumber,
          job.template,
          recipient,
          this.transport.name,
          JSON.stringify(job.payload),
        ],
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.connection?.disconnect();
  }
}

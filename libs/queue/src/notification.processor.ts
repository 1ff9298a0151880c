import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../common/src/config';
import { NOTIFICATION_TRANSPORT, type NotificationTransport } from './notification.transport';
import { QUEUES, type NotificationJob } from './queue.constants';
import { assertEveryJobHandled, QueueConsumer, type JobHandlers } from './queue-consumer';

/**
 * Consumer of the notifications queue (runs in the worker process). Each delivery is recorded
 * in PostgreSQL keyed by the job's business key, so a redelivered job is not recorded twice.
 */
@Injectable()
export class NotificationProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationProcessor');
  private consumer: QueueConsumer<NotificationJob> | null = null;
  private readonly handlers: JobHandlers<NotificationJob> = {
    deliver: (job) => this.deliver(job.data),
  };

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly db: DataSource,
    @Inject(NOTIFICATION_TRANSPORT) private readonly transport: NotificationTransport,
  ) {
    assertEveryJobHandled(QUEUES.notifications, this.handlers, 'NotificationProcessor');
  }

  onApplicationBootstrap(): void {
    this.consumer = new QueueConsumer(this.config, QUEUES.notifications, this.handlers, {
      concurrency: 8,
      logger: this.logger,
      failureMessage: 'notification failed',
    });
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
    await this.consumer?.close();
  }
}

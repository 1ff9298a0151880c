import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../../../common/src/config';
import {
  NotificationDeliveryRepository,
  type DueDelivery,
} from '../../../persistence/src/repositories/notifications/notification-delivery.repository';
import { Periodic } from '../periodic';
import { QueueService } from '../queue.service';

const DISPATCH_BATCH = 100;
const SWEEP_BATCH = 500;

/**
 * Moves the outbox into the queue (worker process). The dispatch loop claims undispatched events
 * (`FOR UPDATE SKIP LOCKED`, so several workers share the work), fans each out into its
 * deliveries and queues them; the sweep queues every pending delivery whose attempt is due
 * again, which restores the jobs a Redis restart lost. PostgreSQL holds the truth; Redis only
 * carries attempts.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxDispatcher');
  private readonly periodic = new Periodic(this.logger);

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly deliveries: NotificationDeliveryRepository,
    @Inject(QueueService) private readonly queues: QueueService,
  ) {}

  onApplicationBootstrap(): void {
    const failed = 'outbox run failed';
    this.periodic.every(this.config.NOTIFY_DISPATCH_INTERVAL_MS, failed, () => this.dispatch());
    this.periodic.every(this.config.NOTIFY_SWEEP_INTERVAL_MS, failed, () => this.sweep());
  }

  /** Dispatches batches until the outbox has no undispatched event. */
  private async dispatch(): Promise<void> {
    const channels = {
      email: Boolean(this.config.SMTP_URL),
      smsEventTypes: this.config.smsEventTypes,
    };
    for (;;) {
      const { claimed, due, failed } = await this.deliveries.dispatch(DISPATCH_BATCH, channels);
      if (failed.length > 0)
        this.logger.error({ eventIds: failed }, 'outbox events could not be fanned out');
      await this.enqueue(due);
      if (claimed < DISPATCH_BATCH || failed.length > 0 || this.periodic.isStopped) return;
    }
  }

  private async sweep(): Promise<void> {
    await this.enqueue(await this.deliveries.due(SWEEP_BATCH));
  }

  /** Queues the deliveries; with Redis away they stay pending for the next sweep. */
  private async enqueue(due: DueDelivery[]): Promise<void> {
    for (const delivery of due) {
      try {
        await this.queues.enqueueDelivery({
          deliveryId: delivery.id,
          round: delivery.round,
          attempts: delivery.attempts,
        });
      } catch (error) {
        this.logger.warn(
          { err: error instanceof Error ? error.message : String(error), pending: due.length },
          'queue unavailable; the sweep will queue the deliveries',
        );
        return;
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
  }
}

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
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly deliveries: NotificationDeliveryRepository,
    @Inject(QueueService) private readonly queues: QueueService,
  ) {}

  onApplicationBootstrap(): void {
    this.every(this.config.NOTIFY_DISPATCH_INTERVAL_MS, () => this.dispatch());
    this.every(this.config.NOTIFY_SWEEP_INTERVAL_MS, () => this.sweep());
  }

  /** Dispatches batches until the outbox has no undispatched event. */
  private async dispatch(): Promise<void> {
    const channels = {
      email: Boolean(this.config.SMTP_URL),
      smsEventTypes: this.config.smsEventTypes,
    };
    for (;;) {
      const due = await this.deliveries.dispatch(DISPATCH_BATCH, channels);
      await this.enqueue(due);
      if (due.length < DISPATCH_BATCH || this.stopped) return;
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

  /** Runs `work` every `intervalMs`, never two at once, until shutdown. */
  private every(intervalMs: number, work: () => Promise<void>): void {
    const tick = () => {
      const run = work()
        .catch((error: unknown) =>
          this.logger.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'outbox run failed',
          ),
        )
        .finally(() => {
          this.running.delete(run);
          if (!this.stopped) this.schedule(tick, intervalMs);
        });
      this.running.add(run);
    };
    this.schedule(tick, intervalMs);
  }

  private schedule(tick: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      tick();
    }, delayMs);
    this.timers.add(timer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all([...this.running]);
  }
}

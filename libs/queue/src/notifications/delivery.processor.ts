import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../../../common/src/config';
import { nextAttempt, type RetryPolicy } from '../../../domain/src/notifications/retry-policy';
import {
  NotificationDeliveryRepository,
  type ClaimedDelivery,
} from '../../../persistence/src/repositories/notifications/notification-delivery.repository';
import { QUEUES, type DeliveryJob } from '../queue.constants';
import { assertEveryJobHandled, QueueConsumer, type JobHandlers } from '../queue-consumer';
import { QueueService } from '../queue.service';
import {
  EmailChannel,
  SmsChannel,
  WebhookChannel,
  type DeliveryChannel,
} from './delivery-channels';

/** How long one attempt holds its delivery beyond the HTTP time limit before another may take it. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Consumer of the notifications queue (worker process): each job is one attempt of one
 * delivery. The attempt first takes the delivery row (only if still pending at that attempt and
 * not held), sends it through its channel, then records the outcome: delivered, or failed and
 * queued again after the backoff, or dead-lettered after the last attempt.
 */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeliveryProcessor');
  private consumer: QueueConsumer<DeliveryJob> | null = null;
  private readonly channels: Map<string, DeliveryChannel>;
  private readonly policy: RetryPolicy;
  private readonly handlers: JobHandlers<DeliveryJob> = {
    send: (job) => this.send(job.data),
  };

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly deliveries: NotificationDeliveryRepository,
    @Inject(QueueService) private readonly queues: QueueService,
    email: EmailChannel,
    sms: SmsChannel,
    webhook: WebhookChannel,
  ) {
    assertEveryJobHandled(QUEUES.notifications, this.handlers, 'DeliveryProcessor');
    this.channels = new Map([email, sms, webhook].map((c) => [c.channel, c]));
    this.policy = {
      baseDelayMs: config.NOTIFY_RETRY_BASE_MS,
      maxDelayMs: config.NOTIFY_RETRY_MAX_MS,
      maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
    };
  }

  onApplicationBootstrap(): void {
    this.consumer = new QueueConsumer(this.config, QUEUES.notifications, this.handlers, {
      concurrency: 8,
      logger: this.logger,
      failureMessage: 'delivery attempt failed',
    });
  }

  private async send(job: DeliveryJob): Promise<void> {
    const delivery = await this.deliveries.claim(
      { id: job.deliveryId, round: job.round, attempts: job.attempts },
      this.config.NOTIFY_HTTP_TIMEOUT_MS + LEASE_MARGIN_MS,
    );
    if (!delivery) return; // delivered, dead, moved on or held by another attempt
    let failure: string | null = null;
    let final = false;
    try {
      if (delivery.endpoint?.deleted) {
        failure = 'the webhook endpoint was deleted';
        final = true;
      } else await this.channelOf(delivery).send(delivery);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (failure === null) {
      await this.deliveries.markDelivered(delivery.id);
      return;
    }
    const decision = final
      ? { retry: false as const }
      : nextAttempt(this.policy, delivery.attempts + 1);
    const next = await this.deliveries.markFailed(
      delivery.id,
      failure,
      decision.retry ? decision.delayMs : null,
    );
    this.logger.warn(
      {
        deliveryId: delivery.id,
        channel: delivery.channel,
        attempts: delivery.attempts + 1,
        err: failure,
      },
      next ? 'delivery failed, retrying' : 'delivery dead-lettered',
    );
    // Should Redis refuse this, the sweep queues the attempt once it is due.
    if (next && decision.retry)
      await this.queues
        .enqueueDelivery(
          { deliveryId: next.id, round: next.round, attempts: next.attempts },
          decision.delayMs,
        )
        .catch(() => undefined);
  }

  private channelOf(delivery: ClaimedDelivery): DeliveryChannel {
    const channel = this.channels.get(delivery.channel);
    if (!channel) throw new Error(`No channel ${delivery.channel}`);
    return channel;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.close();
  }
}

import { Injectable } from '@nestjs/common';
import type { NotificationJob } from '../../libs/queue/src/queue.constants';
import { QueueService } from '../../libs/queue/src/queue.service';

/** Hands notifications to BullMQ: short, retryable work outside the case's durable process. */
@Injectable()
export class NotificationActivities {
  constructor(private readonly queues: QueueService) {}

  /** Idempotent: the business key is the BullMQ job id. */
  async enqueueNotification(job: NotificationJob): Promise<string> {
    return this.queues.enqueueNotification(job);
  }
}

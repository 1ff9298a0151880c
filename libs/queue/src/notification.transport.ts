import { Injectable, Logger } from '@nestjs/common';
import type { NotificationJob } from './queue.constants';

/** One way of delivering a notification (log, e-mail, SMS, webhook). */
export interface NotificationTransport {
  readonly name: string;
  deliver(job: NotificationJob, recipientOrgId: string): Promise<void>;
}

export const NOTIFICATION_TRANSPORT = Symbol('NOTIFICATION_TRANSPORT');

/** The default transport: writes a structured log line; delivery is recorded by the processor. */
@Injectable()
export class LogTransport implements NotificationTransport {
  readonly name = 'log';
  private readonly logger = new Logger('Notification');

  async deliver(job: NotificationJob, recipientOrgId: string): Promise<void> {
    this.logger.log(
      { caseNumber: job.caseNumber, template: job.template, recipientOrgId, key: job.key },
      'notification delivered',
    );
  }
}

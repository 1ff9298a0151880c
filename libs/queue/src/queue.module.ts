import { Module } from '@nestjs/common';
import { ExportProcessor } from './exports/export.processor';
import { ExportSweep } from './exports/export-sweep';
import { EmailChannel, SmsChannel, WebhookChannel } from './notifications/delivery-channels';
import { DeliveryProcessor } from './notifications/delivery.processor';
import { OutboxDispatcher } from './notifications/outbox-dispatcher';
import { QueueService } from './queue.service';

/** Producers, for the API and activities. */
@Module({ providers: [QueueService], exports: [QueueService] })
export class QueueModule {}

/** Consumers, the outbox dispatcher and the export sweep, for the worker process only. */
@Module({
  imports: [QueueModule],
  providers: [
    EmailChannel,
    SmsChannel,
    WebhookChannel,
    DeliveryProcessor,
    OutboxDispatcher,
    ExportProcessor,
    ExportSweep,
  ],
})
export class QueueProcessorsModule {}

import { Module } from '@nestjs/common';
import { ExportProcessor } from './exports/export.processor';
import { LogTransport, NOTIFICATION_TRANSPORT } from './notification.transport';
import { NotificationProcessor } from './notification.processor';
import { QueueService } from './queue.service';

/** Producers, for the API and activities. */
@Module({ providers: [QueueService], exports: [QueueService] })
export class QueueModule {}

/** Consumers, for the worker process only. */
@Module({
  providers: [
    { provide: NOTIFICATION_TRANSPORT, useClass: LogTransport },
    NotificationProcessor,
    ExportProcessor,
  ],
})
export class QueueProcessorsModule {}

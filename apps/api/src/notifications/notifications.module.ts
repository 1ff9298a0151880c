import { Module } from '@nestjs/common';
import { QueueModule } from '../../../../libs/queue/src/queue.module';
import { NotificationsController } from './notifications.controller';
import { WebhookDeliveriesController, WebhookEndpointsController } from './webhooks.controller';

/** The in-app inbox, an organisation's webhook endpoints and the administrator's dead letters. */
@Module({
  imports: [QueueModule],
  controllers: [NotificationsController, WebhookEndpointsController, WebhookDeliveriesController],
})
export class NotificationsModule {}

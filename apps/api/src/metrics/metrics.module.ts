import {
  Inject,
  Logger,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { registerBusinessMetrics } from '../../../../libs/observability/src/business-metrics';
import { createRegistry, httpDurationHistogram } from '../../../../libs/observability/src/metrics';
import { registerQueueMetrics } from '../../../../libs/observability/src/queue-metrics';
import { stopTracing } from '../../../../libs/observability/src/tracing';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import { InboxRepository } from '../../../../libs/persistence/src/repositories/work/inbox.repository';
import { QueueModule } from '../../../../libs/queue/src/queue.module';
import { QueueService } from '../../../../libs/queue/src/queue.service';
import { httpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { METRICS_REGISTRY, type MetricsRegistry } from './metrics.registry';

const logger = new Logger('Metrics');

/**
 * The API's /metrics: HTTP latency by route template, process metrics, BullMQ queues and the
 * business gauges (the API is the one process that reports those; see business-metrics.ts).
 */
@Module({
  imports: [QueueModule],
  controllers: [MetricsController],
  providers: [
    {
      provide: METRICS_REGISTRY,
      inject: [DataSource, BusinessCalendarRepository, InboxRepository, QueueService],
      useFactory: (
        db: DataSource,
        calendar: BusinessCalendarRepository,
        inbox: InboxRepository,
        queues: QueueService,
      ): MetricsRegistry => {
        const registry = createRegistry('api');
        const onError = (metric: string, error: unknown) =>
          logger.warn({ metric, err: error }, 'metric not collected');
        registerQueueMetrics(registry, [queues.notifications, queues.exports], onError);
        registerBusinessMetrics(registry, { db, calendar, inbox, onError });
        return registry;
      },
    },
  ],
})
export class MetricsModule implements NestModule, OnApplicationShutdown {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: MetricsRegistry) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetricsMiddleware(httpDurationHistogram(this.registry))).forRoutes('*');
  }

  /** The spans of the last requests leave before the process does. */
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}

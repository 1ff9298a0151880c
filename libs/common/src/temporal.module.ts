import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { TracingClientInterceptor } from '../../observability/src/temporal-client-tracing';
import { AppConfig } from './config';

/** The Temporal client of this process (one connection, closed on shutdown). */
@Injectable()
export class TemporalClientHolder implements OnApplicationShutdown {
  private connection: Connection | null = null;
  private client: Client | null = null;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async connect(): Promise<Client> {
    if (this.client) return this.client;
    this.connection = await Connection.connect({ address: this.config.TEMPORAL_ADDRESS });
    this.client = new Client({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      // Carries the caller's trace into the workflow (a no-op while tracing is off).
      interceptors: { workflow: [new TracingClientInterceptor()] },
    });
    return this.client;
  }

  get taskQueue(): string {
    return this.config.TEMPORAL_TASK_QUEUE;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }
}

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

@Global()
@Module({
  providers: [
    TemporalClientHolder,
    {
      provide: TEMPORAL_CLIENT,
      inject: [TemporalClientHolder],
      useFactory: (holder: TemporalClientHolder) => holder.connect(),
    },
  ],
  exports: [TemporalClientHolder, TEMPORAL_CLIENT],
})
export class TemporalClientModule {}

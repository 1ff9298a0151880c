// First: tracing patches http and pg as they load.
import '../../../libs/observability/src/start-worker-tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '../../../libs/common/src/config';
import { createRegistry } from '../../../libs/observability/src/metrics';
import { stopTracing } from '../../../libs/observability/src/tracing';
import { startWorkerMetricsServer } from '../../../libs/observability/src/worker-metrics-server';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerModule } from './worker.module';

/**
 * The worker process: a Nest application context running the Temporal worker, and one HTTP
 * port (METRICS_PORT) for /metrics and /health.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const temporalMetricsPort = config.temporalMetricsPort;
  // Before any NativeConnection: the Runtime is made once per process, with its exporter.
  if (temporalMetricsPort !== null)
    Runtime.install({
      telemetryOptions: {
        metrics: { prometheus: { bindAddress: `127.0.0.1:${temporalMetricsPort}` } },
      },
    });
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const worker = app.get(TemporalWorkerService);
  let server: Server | null = null;
  if (config.METRICS_PORT !== 0)
    server = await startWorkerMetricsServer({
      port: config.METRICS_PORT,
      host: config.METRICS_HOST,
      registry: createRegistry('worker'),
      temporalMetricsUrl:
        temporalMetricsPort === null ? null : `http://127.0.0.1:${temporalMetricsPort}/metrics`,
      running: () => worker.isRunning(),
    });

  // Nest's own shutdown hooks would re-raise the signal before the spans are flushed.
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    server?.close();
    await app.close();
    await stopTracing();
    process.exit();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      stop().catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
    });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

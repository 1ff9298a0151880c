import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { mergeExposition } from './metrics';

export interface WorkerMetricsServerOptions {
  port: number;
  host: string;
  registry: Registry;
  /** The Temporal SDK's own exporter (Runtime telemetry), fetched and appended to /metrics. */
  temporalMetricsUrl: string | null;
  /** 200 on /health while true: the Temporal worker polls its task queue. */
  running(): boolean;
}

/** Answers in time for a scrape even when the Runtime's exporter does not. */
const TEMPORAL_FETCH_TIMEOUT_MS = 2000;

async function temporalMetrics(url: string | null): Promise<string> {
  if (!url) return '';
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TEMPORAL_FETCH_TIMEOUT_MS) });
    return response.ok ? await response.text() : '';
  } catch {
    // The process's own metrics still answer; the SDK's are missing from this scrape only.
    return '';
  }
}

/**
 * The worker's only HTTP port: GET /metrics (this process's registry, then the Temporal SDK's
 * metrics, one scrape target) and GET /health (200 while the worker runs, else 503).
 */
export async function startWorkerMetricsServer(
  options: WorkerMetricsServerOptions,
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    } else if (path === '/health') {
      const up = options.running();
      response
        .writeHead(up ? 200 : 503, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ status: up ? 'up' : 'down' }));
    } else if (path === '/metrics') {
      Promise.all([options.registry.metrics(), temporalMetrics(options.temporalMetricsUrl)])
        .then(([own, temporal]) => {
          response
            .writeHead(200, { 'Content-Type': options.registry.contentType })
            .end(mergeExposition(own, temporal));
        })
        .catch((error: unknown) => {
          response.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
        });
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

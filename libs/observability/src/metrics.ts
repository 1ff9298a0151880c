import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per process, labelled with the service, with Node's process metrics in it. */
export function createRegistry(service: 'api' | 'worker'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Seconds from the first byte in to the last byte out, by method, route template and status. */
export function httpDurationHistogram(
  registry: Registry,
): Histogram<'method' | 'route' | 'status'> {
  return new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}

/** Prometheus text from two sources: this registry's metrics and another exporter's text. */
export function mergeExposition(own: string, other: string): string {
  const trimmed = other.trim();
  return trimmed.length > 0 ? `${own.trimEnd()}\n${trimmed}\n` : own;
}

import type { Registry } from 'prom-client';

/** The API process's Prometheus registry (one per process). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export type MetricsRegistry = Registry;

import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | null = null;

/** Whether this process exports traces: only when an OTLP endpoint is configured. */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** The service name traces carry: OTEL_SERVICE_NAME, else this process's default. */
export function serviceName(fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.OTEL_SERVICE_NAME || fallback;
}

/**
 * Starts the OpenTelemetry SDK (OTLP over HTTP, endpoint and headers from the standard OTEL_*
 * variables) when an endpoint is set. It must run before `http` and `pg` are first required:
 * the instrumentations patch those modules as they load.
 */
export function startTracing(defaultServiceName: string): void {
  if (sdk || !tracingEnabled()) return;
  // The SDK reads OTEL_SERVICE_NAME itself; the default names the process when it is unset.
  process.env.OTEL_SERVICE_NAME = serviceName(defaultServiceName);
  sdk = new NodeSDK({
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      // Health probes and scrapes every few seconds would bury the traces that matter.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(metrics|health)(\?|$)/.test(request.url ?? ''),
      }),
      // A query outside a request or a traced activity (schedulers, the outbox) is not a trace.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
}

/** Flushes the spans still buffered; called once the application has closed. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = null;
  await running?.shutdown();
}

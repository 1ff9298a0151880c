import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import type { WorkerOptions } from '@temporalio/worker';
import { serviceName, tracingEnabled } from './tracing';

/** Accepts the workflow's spans and drops them: the sink must exist even with tracing off. */
class DiscardingExporter implements SpanExporter {
  export(_spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

/**
 * Worker options for tracing, spread into Worker.create: the activity interceptors, the
 * workflow interceptor module (already inside a prebuilt bundle, see scripts/bundle-workflows.js)
 * and the sink through which the sandboxed workflows hand their spans out.
 */
export function workerTracingOptions(options: {
  bundled: boolean;
}): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const resource = new Resource({ [ATTR_SERVICE_NAME]: serviceName('ip-pledge-worker') });
  const exporter = tracingEnabled() ? new OTLPTraceExporter() : new DiscardingExporter();
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
      ...(options.bundled ? {} : { workflowModules: [WORKFLOW_TRACING_MODULE] }),
    },
    sinks: { exporter: makeWorkflowExporter(exporter, resource) },
  };
}

/** The workflow interceptor module, for bundling (scripts/bundle-workflows.js, test setup). */
export const WORKFLOW_TRACING_MODULE = require.resolve(
  '../../../workflows/shared/tracing.interceptors',
);

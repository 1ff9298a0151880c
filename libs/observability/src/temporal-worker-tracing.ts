import { isSpanContextValid, trace } from '@opentelemetry/api';
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
import { extractContextFromHeaders } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import type { ActivityExecuteInput, Next, WorkerOptions } from '@temporalio/worker';
import type { ActivityInboundCallsInterceptor } from '@temporalio/worker/lib/interceptors';
import { serviceName, tracingEnabled } from './tracing';

/** Accepts the workflow's spans and drops them: the sink must exist even with tracing off. */
class DiscardingExporter implements SpanExporter {
  export(_spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

/**
 * Traces an activity only when the workflow traced its scheduling (the headers carry a valid
 * span): an untraced case step must not surface as a root span per activity.
 */
class CallerTracedActivityInboundInterceptor extends OpenTelemetryActivityInboundInterceptor {
  override async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const context = extractContextFromHeaders(input.headers);
    const spanContext = context && trace.getSpanContext(context);
    return spanContext && isSpanContextValid(spanContext)
      ? super.execute(input, next)
      : next(input);
  }
}

/**
 * Worker options for tracing, spread into Worker.create: the activity interceptors (only when
 * this process exports traces), the workflow interceptor module (already inside a prebuilt
 * bundle, see scripts/bundle-workflows.js) and the sink through which the sandboxed workflows
 * hand their spans out, there even with tracing off since a traced caller makes spans anyway.
 */
export function workerTracingOptions(options: {
  bundled: boolean;
}): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const resource = new Resource({ [ATTR_SERVICE_NAME]: serviceName('ip-pledge-worker') });
  const tracing = tracingEnabled();
  const exporter = tracing ? new OTLPTraceExporter() : new DiscardingExporter();
  return {
    interceptors: {
      activity: tracing
        ? [
            (ctx) => ({
              inbound: new CallerTracedActivityInboundInterceptor(ctx),
              outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
            }),
          ]
        : [],
      ...(options.bundled ? {} : { workflowModules: [WORKFLOW_TRACING_MODULE] }),
    },
    sinks: { exporter: makeWorkflowExporter(exporter, resource) },
  };
}

/** The workflow interceptor module, for bundling (scripts/bundle-workflows.js, test setup). */
export const WORKFLOW_TRACING_MODULE = require.resolve(
  '../../../workflows/shared/tracing.interceptors',
);

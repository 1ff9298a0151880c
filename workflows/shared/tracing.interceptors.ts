/**
 * Workflow interceptors for tracing, bundled with the workflows (`workflowInterceptorModules`).
 * The SDK's interceptors trace the run, signals and the activities it schedules; a case step is
 * an Update, which they do not trace, so its handler gets a span here, child of the client's
 * UpdateWorkflow span. Spans record, they never add or reorder commands.
 */
import {
  extractContextFromHeaders,
  instrument,
} from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type {
  Next,
  UpdateInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

/** The span name of an Update's handler, as the SDK names its own: `<operation>:<name>`. */
export const HANDLE_UPDATE_SPAN = 'HandleUpdate';

class TracingInboundInterceptor extends OpenTelemetryInboundInterceptor {
  async handleUpdate(
    input: UpdateInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>,
  ): Promise<unknown> {
    return instrument({
      tracer: this.tracer,
      spanName: `${HANDLE_UPDATE_SPAN}:${input.name}`,
      fn: () => next(input),
      context: extractContextFromHeaders(input.headers),
    });
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new TracingInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});

/**
 * Workflow interceptors for tracing, bundled with the workflows (`workflowInterceptorModules`).
 * The SDK's interceptors trace the run, signals and the activities it schedules; a case step is
 * an Update, which they do not trace, so its handler gets a span here, child of the client's
 * UpdateWorkflow span. Spans record, they never add or reorder commands.
 *
 * Only what a caller traced is traced: a run, signal or Update whose headers carry a valid span
 * context, and the activities scheduled under one. With tracing off every header is empty, and
 * the SDK's interceptors would still open a root span per run and per activity, wrap each in
 * extra promises and hand every span out through the sink: about 15 % of the worker's CPU
 * per case, for spans that are thrown away. The choice depends on the headers alone, which the
 * history records, so a replay makes it the same way.
 */
import {
  context as otelContext,
  isSpanContextValid,
  trace,
  type Context,
} from '@opentelemetry/api';
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
  ActivityInput,
  ContinueAsNewInput,
  Headers,
  LocalActivityInput,
  Next,
  SignalInput,
  SignalWorkflowInput,
  StartChildWorkflowExecutionInput,
  UpdateInput,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** The span name of an Update's handler, as the SDK names its own: `<operation>:<name>`. */
export const HANDLE_UPDATE_SPAN = 'HandleUpdate';

/** Whether a context holds a real span (an empty trace header gives one without). */
function holdsSpan(context: Context | undefined): context is Context {
  const spanContext = context && trace.getSpanContext(context);
  return spanContext !== undefined && isSpanContextValid(spanContext);
}

/** The caller's context when the headers carry a span; otherwise the call is untraced. */
function callerContext(headers: Headers): Context | undefined {
  const context = extractContextFromHeaders(headers);
  return holdsSpan(context) ? context : undefined;
}

/** Whether the workflow code running now is inside a traced run, signal or Update. */
function insideTracedCall(): boolean {
  return holdsSpan(otelContext.active());
}

class TracingInboundInterceptor extends OpenTelemetryInboundInterceptor {
  override async execute(
    input: WorkflowExecuteInput,
    next: Next<WorkflowInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    return callerContext(input.headers) ? super.execute(input, next) : next(input);
  }

  override async handleSignal(
    input: SignalInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>,
  ): Promise<void> {
    return callerContext(input.headers) ? super.handleSignal(input, next) : next(input);
  }

  async handleUpdate(
    input: UpdateInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>,
  ): Promise<unknown> {
    const context = callerContext(input.headers);
    if (!context) return next(input);
    return instrument({
      tracer: this.tracer,
      spanName: `${HANDLE_UPDATE_SPAN}:${input.name}`,
      fn: () => next(input),
      context,
    });
  }
}

class TracingOutboundInterceptor extends OpenTelemetryOutboundInterceptor {
  override async scheduleActivity(
    input: ActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
  ): Promise<unknown> {
    return insideTracedCall() ? super.scheduleActivity(input, next) : next(input);
  }

  override async scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ): Promise<unknown> {
    return insideTracedCall() ? super.scheduleLocalActivity(input, next) : next(input);
  }

  override async startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ): Promise<[Promise<string>, Promise<unknown>]> {
    return insideTracedCall() ? super.startChildWorkflowExecution(input, next) : next(input);
  }

  override async continueAsNew(
    input: ContinueAsNewInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>,
  ): Promise<never> {
    return insideTracedCall() ? super.continueAsNew(input, next) : next(input);
  }

  override async signalWorkflow(
    input: SignalWorkflowInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>,
  ): Promise<void> {
    return insideTracedCall() ? super.signalWorkflow(input, next) : next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new TracingInboundInterceptor()],
  outbound: [new TracingOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});

import type { Span } from '@opentelemetry/api';
import type { Next, WorkflowClientInterceptor } from '@temporalio/client';
import type {
  WorkflowStartUpdateInput,
  WorkflowStartUpdateOutput,
  WorkflowStartUpdateWithStartInput,
  WorkflowStartUpdateWithStartOutput,
} from '@temporalio/client/lib/interceptors';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import {
  headersWithContext,
  instrument,
} from '@temporalio/interceptors-opentelemetry/lib/instrumentation';

/** The span name of a client's Update, beside the SDK's StartWorkflow and SignalWorkflow. */
export const UPDATE_WORKFLOW_SPAN = 'UpdateWorkflow';

/**
 * The SDK's client interceptor traces starts and signals; case steps are Updates (and a case
 * opens with update-with-start), so those carry the caller's context in their headers too.
 * Without a tracer provider (tracing off) the spans are no-ops and the headers stay empty.
 */
export class TracingClientInterceptor
  extends OpenTelemetryWorkflowClientInterceptor
  implements WorkflowClientInterceptor
{
  async startUpdate(
    input: WorkflowStartUpdateInput,
    next: Next<WorkflowClientInterceptor, 'startUpdate'>,
  ): Promise<WorkflowStartUpdateOutput> {
    return instrument({
      tracer: this.tracer,
      spanName: `${UPDATE_WORKFLOW_SPAN}:${input.updateName}`,
      fn: async (span: Span) => {
        span.setAttribute('temporalWorkflowId', input.workflowExecution.workflowId);
        return next({ ...input, headers: headersWithContext(input.headers) });
      },
    });
  }

  async startUpdateWithStart(
    input: WorkflowStartUpdateWithStartInput,
    next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>,
  ): Promise<WorkflowStartUpdateWithStartOutput> {
    return instrument({
      tracer: this.tracer,
      spanName: `${UPDATE_WORKFLOW_SPAN}:${input.updateName}`,
      fn: async (span: Span) => {
        span.setAttribute('temporalWorkflowId', input.workflowStartOptions.workflowId);
        return next({
          ...input,
          workflowStartHeaders: headersWithContext(input.workflowStartHeaders),
          updateHeaders: headersWithContext(input.updateHeaders),
        });
      },
    });
  }
}

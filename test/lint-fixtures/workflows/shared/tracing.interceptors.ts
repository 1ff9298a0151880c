// Violates workflow-tracing-imports-only-the-sdk-interceptors: the exception for the tracing
// interceptors covers Temporal's workflow interceptors, not the rest of its OpenTelemetry package.
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';

export const interceptor = new OpenTelemetryWorkflowClientInterceptor();

import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '../../libs/domain/src/errors';

/** A failure of the step (not the workflow): non-retryable, typed with the stable error code. */
export function refuse(
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, details: [details], nonRetryable: true });
}

/** Domain errors cross Temporal as ApplicationFailures of the same code. */
export function asFailure(error: unknown): unknown {
  if (error instanceof DomainError) return refuse(error.code, error.message, error.details);
  // An activity's refusal (e.g. ASSET_ALREADY_PLEDGED) surfaces with its own code, not as ActivityFailure.
  if (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.nonRetryable &&
    error.cause.type
  ) {
    return refuse(
      error.cause.type,
      error.cause.message,
      (error.cause.details?.[0] ?? {}) as Record<string, unknown>,
    );
  }
  return error;
}

/** Short: activities are single database or queue writes; a dead worker's attempt is retried soon. */
export const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const;

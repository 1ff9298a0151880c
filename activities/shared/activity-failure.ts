import { ApplicationFailure } from '@temporalio/common';
import { DomainError } from '../../libs/domain/src/errors';

/**
 * Runs activity work and turns a domain refusal into a non-retryable failure of the same code
 * (retrying cannot make a pledged asset free); anything else is thrown as is and retried.
 */
export async function refusingDomainErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) {
      throw ApplicationFailure.create({
        type: error.code,
        message: error.message,
        details: [error.details],
        nonRetryable: true,
      });
    }
    throw error;
  }
}

/** The public methods of an activity service, bound, ready for `Worker.create({ activities })`. */
export function activityMethods(
  service: object,
): Record<string, (...args: never[]) => Promise<unknown>> {
  const methods: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(service))) {
    const value = (service as Record<string, unknown>)[name];
    if (name !== 'constructor' && typeof value === 'function') {
      methods[name] = (value as (...args: never[]) => Promise<unknown>).bind(service);
    }
  }
  return methods;
}

import type { ErrorCode } from './error-catalogue';

/**
 * A broken business rule. `code` is the stable contract: `instanceof` does not survive a
 * Temporal or HTTP boundary, so callers map and match on the code, never on the message.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly messageZh?: string,
  ) {
    super(message);
  }
}

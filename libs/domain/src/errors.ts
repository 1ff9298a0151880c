/**
 * A broken business rule. `code` is the stable contract: `instanceof` does not survive a
 * Temporal or HTTP boundary, so callers map and match on the code, never on the message.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly messageZh?: string,
  ) {
    super(message);
  }
}

/** Stable error codes thrown by `libs/domain`. Keep this a single object literal. */
export const ErrorCodes = {
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  INVALID_RATE: 'INVALID_RATE',
  INVALID_DATE: 'INVALID_DATE',
  INVALID_SCHEDULE_REQUEST: 'INVALID_SCHEDULE_REQUEST',
  INVALID_IDENTIFIER: 'INVALID_IDENTIFIER',
  INVALID_IDENTIFIER_KIND: 'INVALID_IDENTIFIER_KIND',
  INVALID_WATERFALL_INPUT: 'INVALID_WATERFALL_INPUT',
  INVALID_AUCTION_RULES: 'INVALID_AUCTION_RULES',
  STARTING_PRICE_BELOW_FLOOR: 'STARTING_PRICE_BELOW_FLOOR',
  PRICE_CUT_TOO_LARGE: 'PRICE_CUT_TOO_LARGE',
  TOO_MANY_ROUNDS: 'TOO_MANY_ROUNDS',
  INVALID_DELINQUENCY_BUCKETS: 'INVALID_DELINQUENCY_BUCKETS',
  INVALID_RISK_SCHEME: 'INVALID_RISK_SCHEME',
  INVALID_POLICY: 'INVALID_POLICY',
  LPR_NOT_FOUND: 'LPR_NOT_FOUND',
  INVALID_SUBSIDY_INPUT: 'INVALID_SUBSIDY_INPUT',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

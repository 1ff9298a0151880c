/**
 * When a failed delivery (e-mail, SMS, webhook) is tried again: exponential backoff from a base
 * delay, doubled after each failure and capped, until `maxAttempts` attempts have failed and the
 * delivery is dead-lettered (an administrator may replay it).
 */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** After `failedAttempts` failed attempts (1 after the first), what happens next. */
export function nextAttempt(policy: RetryPolicy, failedAttempts: number): RetryDecision {
  if (failedAttempts >= policy.maxAttempts) return { retry: false };
  const delayMs = policy.baseDelayMs * 2 ** (failedAttempts - 1);
  return { retry: true, delayMs: Math.min(delayMs, policy.maxDelayMs) };
}

import {
  type AuditLog,
  type AppendResult,
  type AuditEntryInput,
} from '../../../../libs/audit/src/audit-log';
import { isDatabaseUnavailable, serviceUnavailable } from '../../../../libs/common/src/problem';

/** How long a request waits for its audit entry while the database is away (ms). */
export function auditAppendWaitMs(): number {
  const raw = process.env.AUDIT_APPEND_WAIT_MS;
  const value = raw === undefined || raw === '' ? 10_000 : Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`AUDIT_APPEND_WAIT_MS must be a whole number of milliseconds, got "${raw}"`);
  return value;
}

/**
 * Appends a request's entry, retrying while the database is unreachable for up to `waitMs`.
 * The entry carries the request's source key, so a retry that reaches a log where an earlier
 * attempt did land appends nothing. When the wait runs out it throws SERVICE_UNAVAILABLE: the
 * caller answers 503 rather than an outcome the log does not hold, and the client's retry of
 * the same request (same Idempotency-Key) writes the entry.
 */
export async function appendDurably(
  audit: AuditLog,
  entry: AuditEntryInput,
  waitMs: number = auditAppendWaitMs(),
): Promise<AppendResult> {
  const deadline = Date.now() + waitMs;
  for (let pause = 100; ; pause = Math.min(pause * 2, 1_000)) {
    try {
      return await audit.append(entry);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const left = deadline - Date.now();
      if (left <= 0)
        throw serviceUnavailable(
          'The audit entry of this request could not be written; retry the same request',
        );
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
    }
  }
}

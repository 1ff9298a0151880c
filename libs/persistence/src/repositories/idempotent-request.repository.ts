import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a key's earlier use says about the request now: do it, answer it again, or refuse it. */
export type IdempotentClaim =
  /** The key was never used: the request is done now. */
  | { kind: 'first' }
  /**
   * The same request came before: `resourceId` names what it created once it completed; null
   * when its outcome is unknown (it failed, or is still running), so the request is done again.
   */
  | { kind: 'again'; resourceId: string | null }
  /** The key was used for another request (another operation or another body). */
  | { kind: 'reused'; operation: string };

/** The first use of each request key (actor-scoped Idempotency-Key) and what it created. */
@Injectable()
export class IdempotentRequestRepository {
  constructor(private readonly db: DataSource) {}

  async claim(key: string, operation: string, fingerprint: string): Promise<IdempotentClaim> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO idempotent_request (request_key, operation, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (request_key) DO NOTHING RETURNING 1`,
      [key, operation, fingerprint],
    );
    if (inserted.length > 0) return { kind: 'first' };
    const rows: { operation: string; fingerprint: string; resourceId: string | null }[] =
      await this.db.query(
        `SELECT operation, fingerprint, resource_id AS "resourceId"
           FROM idempotent_request WHERE request_key = $1`,
        [key],
      );
    const earlier = rows[0]!;
    return earlier.operation === operation && earlier.fingerprint === fingerprint
      ? { kind: 'again', resourceId: earlier.resourceId }
      : { kind: 'reused', operation: earlier.operation };
  }

  /** Forgets a key whose request was refused, so the refusal leaves nothing behind. */
  async release(key: string): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotent_request WHERE request_key = $1 AND resource_id IS NULL`,
      [key],
    );
  }

  async complete(key: string, resourceId: string): Promise<void> {
    await this.db.query(
      `UPDATE idempotent_request SET resource_id = $2, completed_at = now()
        WHERE request_key = $1 AND resource_id IS NULL`,
      [key, resourceId],
    );
  }
}

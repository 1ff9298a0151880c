import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ProblemException, toProblem } from '../../../../libs/common/src/problem';
import { IdempotentRequestRepository } from '../../../../libs/persistence/src/repositories/idempotent-request.repository';
import { currentRequestKey } from '../audit/request-key';

/** What a request did: the id of what it created or acted on, and its answer. */
export interface IdempotentOutcome<T> {
  resourceId: string;
  answer: T;
}

/** The body's JSON with object keys sorted, so the same body always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function fingerprintOf(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * Requests that start something outside a workflow step's Update (opening a case, submitting a
 * claim) or that must answer the same once the workflow has moved on (a claim's steps), keyed by
 * the request's key (the actor's Idempotency-Key). The first use of a key records the operation
 * and the body's hash; a retry with the same key and body answers what the first created,
 * through `replay`, and starts nothing; a retry whose first outcome is unknown does the work
 * again, which must then find what the first attempt started. Another body or operation under a
 * used key is refused with IDEMPOTENCY_KEY_REUSED.
 */
@Injectable()
export class IdempotentRequests {
  constructor(private readonly requests: IdempotentRequestRepository) {}

  async once<T>(
    operation: string,
    body: unknown,
    work: (repeated: boolean) => Promise<IdempotentOutcome<T>>,
    replay: (resourceId: string) => Promise<T>,
  ): Promise<T> {
    const key = currentRequestKey();
    if (!key) return (await work(false)).answer;
    const claim = await this.requests.claim(key, operation, fingerprintOf(body));
    if (claim.kind === 'reused') {
      throw new ProblemException(
        'IDEMPOTENCY_KEY_REUSED',
        `This Idempotency-Key was first used for another request (${claim.operation}); send a new key`,
        { messageZh: '该幂等键已用于另一个不同的请求，请使用新的幂等键' },
      );
    }
    if (claim.kind === 'again' && claim.resourceId) return replay(claim.resourceId);
    let outcome: IdempotentOutcome<T>;
    try {
      outcome = await work(claim.kind === 'again');
    } catch (error) {
      // A refusal stores nothing, not even the key: only an outcome left unknown (a 503, a
      // crash) keeps it, so that a retry finds what the first attempt may have started.
      if (toProblem(error).status < 500) await this.requests.release(key);
      throw error;
    }
    await this.requests.complete(key, outcome.resourceId);
    return outcome.answer;
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

/** What a client may send as `Idempotency-Key`: printable ASCII, short enough for an id. */
const CLIENT_KEY = /^[\x21-\x7e]{1,128}$/;

/**
 * The key of one human action: the client's `Idempotency-Key` when it sent a usable one (so a
 * retry of the same request is the same action), a fresh id otherwise. Scoped by the actor,
 * so two users' keys never meet.
 */
export function requestKeyOf(request: Request, actorId: string | null): string {
  const sent = request.headers['idempotency-key'];
  const key = typeof sent === 'string' && CLIENT_KEY.test(sent) ? sent : randomUUID();
  return `${actorId ?? 'anonymous'}:${key}`;
}

const current = new AsyncLocalStorage<string>();

/** Runs `work` (the request's handler) with `key` as the current request key. */
export function withRequestKey<T>(key: string, work: () => T): T {
  return current.run(key, work);
}

/**
 * The key of the request being handled, if any: the workflow Update a step sends is named by
 * it, so a retried request finds the Update already done and gets its outcome again.
 */
export function currentRequestKey(): string | undefined {
  return current.getStore();
}

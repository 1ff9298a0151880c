import { createHash } from 'node:crypto';

/** A JSON value as the audit log stores it (jsonb) and hashes it. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * Canonical JSON: object keys sorted recursively (UTF-16 code unit order, as `Array#sort`),
 * no whitespace, strings and numbers exactly as `JSON.stringify` writes them. This is the
 * JSON Canonicalization Scheme (RFC 8785), so any other implementation of it can recompute
 * the hashes. Refuses what JSON cannot say (undefined, bigint, NaN, functions) rather than
 * dropping it silently.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null)
        throw new TypeError(`${Object.prototype.toString.call(value)} is not plain JSON data`);
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`a ${typeof value} has no JSON form`);
  }
}

/**
 * Brings any JSON-able value into the form PostgreSQL's jsonb gives back unchanged: a JSON
 * round trip (drops undefined members, turns dates into ISO strings), and strings made
 * storable — jsonb refuses U+0000 and lone surrogates, so both become U+FFFD. Hashing the
 * normalised value is what lets the verifier recompute a hash from the row it reads.
 */
export function normaliseJson(value: unknown): JsonValue {
  const text = JSON.stringify(value, (_key, member: unknown) =>
    typeof member === 'bigint' ? member.toString() : member,
  );
  if (text === undefined) throw new TypeError('the value has no JSON form');
  return sanitiseStrings(JSON.parse(text) as JsonValue);
}

function sanitiseStrings(value: JsonValue): JsonValue {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) return value.map(sanitiseStrings);
  if (value !== null && typeof value === 'object') {
    const out = jsonObject();
    for (const [key, member] of Object.entries(value)) out[storable(key)] = sanitiseStrings(member);
    return out;
  }
  return value;
}

/**
 * An object without a prototype: a member named `__proto__` (JSON.parse makes one from client
 * input) is then kept as data instead of replacing the prototype and vanishing from the entry.
 */
function jsonObject(): Record<string, JsonValue> {
  return Object.create(null) as Record<string, JsonValue>;
}

function storable(text: string): string {
  // With the u flag, \p{Cs} matches only surrogates that are not part of a pair.
  return text.replace(/\p{Cs}/gu, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

/** Who acted; null in an entry means the system itself (schedules, workflows without a user). */
export interface AuditActor {
  userId: string;
  username: string;
  role: string;
  organisationId: string;
}

/** Exactly the fields an entry's hash covers. */
export interface HashedAuditFields {
  seq: number;
  /** ISO-8601 UTC with milliseconds, `2026-01-15T08:00:00.000Z`, stored as this very text. */
  occurredAt: string;
  actor: AuditActor | null;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: JsonValue;
  sourceKey: string | null;
  prevHash: string;
}

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The canonical JSON text an entry's hash is taken over. */
function hashedJson(fields: HashedAuditFields): string {
  return canonicalJson({
    seq: fields.seq,
    occurredAt: fields.occurredAt,
    actor: fields.actor && {
      userId: fields.actor.userId,
      username: fields.actor.username,
      role: fields.actor.role,
      organisationId: fields.actor.organisationId,
    },
    action: fields.action,
    subjectType: fields.subjectType,
    subjectId: fields.subjectId,
    payload: fields.payload,
    sourceKey: fields.sourceKey,
    prevHash: fields.prevHash,
  });
}

/** SHA-256 (lower-case hex) over the UTF-8 bytes of the canonical JSON of the hashed fields. */
export function auditEntryHash(fields: HashedAuditFields): string {
  return createHash('sha256').update(hashedJson(fields), 'utf8').digest('hex');
}

/**
 * An entry's hashed text around the two fields the chain end decides, which are adjacent in
 * the canonical key order: the text is `head + prevHash + '","seq":' + seq + tail`. This lets
 * the database fill in the chain fields and hash in the statement that appends
 * (`audit_append`), without a round trip to read the chain end first.
 */
export function auditChainTemplate(fields: Omit<HashedAuditFields, 'seq' | 'prevHash'>): {
  head: string;
  tail: string;
} {
  const text = hashedJson({ ...fields, seq: 0, prevHash: GENESIS_HASH });
  const chain = `"prevHash":"${GENESIS_HASH}","seq":0,`;
  // The last occurrence: the payload comes before these keys and may hold the same text, the
  // string members after them cannot (their quotes are escaped).
  const at = text.lastIndexOf(chain);
  return {
    head: text.slice(0, at + '"prevHash":"'.length),
    tail: text.slice(at + chain.length - 1),
  };
}

const SECRET_KEY = /passw(or)?d|secret|token|authori[sz]ation|credential|api[-_]?key/i;

/** Replaces the value of every member whose name says it is a secret, at any depth. */
export function redactSecrets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === 'object') {
    const out = jsonObject();
    for (const [key, member] of Object.entries(value))
      out[key] = SECRET_KEY.test(key) ? '[REDACTED]' : redactSecrets(member);
    return out;
  }
  return value;
}

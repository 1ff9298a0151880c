import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { auditChainTemplate, normaliseJson, type AuditActor, type JsonValue } from './canonical';

/** What a caller appends. Everything but the chain fields, which `append` assigns. */
export interface AuditEntryInput {
  /** The acting user; null for the system (schedules, workflow timers). */
  actor: AuditActor | null;
  /** What happened, e.g. `CASE_TRANSITION`, `ASSET_UPDATED`, `API_REQUEST`. */
  action: string;
  /** What it happened to, e.g. `CASE` and the case number. */
  subjectType: string;
  subjectId: string;
  /** Any JSON-able detail; stored as jsonb in the normalised form that is hashed. */
  payload?: unknown;
  /**
   * Business key of the fact being recorded, e.g. `case:<workflowId>:<seq>`. An append whose
   * key is already in the log appends nothing, so a retried activity is recorded once.
   */
  sourceKey?: string | null;
  /** When it happened (UTC); now by default. Kept to the millisecond. */
  occurredAt?: string | Date;
}

/** One entry as stored. */
export interface AuditEntry {
  seq: number;
  occurredAt: string;
  actor: AuditActor | null;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: JsonValue;
  sourceKey: string | null;
  prevHash: string;
  hash: string;
}

export interface AppendResult {
  seq: number;
  hash: string;
  /** False when an entry with the same source key was already there (nothing appended). */
  appended: boolean;
}

/** Entries per batch written in one transaction. */
const MAX_BATCH = 500;

type NewEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

interface Pending {
  entry: NewEntry;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

function normalisedEntry(entry: AuditEntryInput): NewEntry {
  const occurredAt = new Date(entry.occurredAt ?? Date.now()).toISOString();
  const fields = normaliseJson({
    actor: entry.actor && {
      userId: entry.actor.userId,
      username: entry.actor.username,
      role: entry.actor.role,
      organisationId: entry.actor.organisationId,
    },
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    payload: entry.payload ?? {},
    sourceKey: entry.sourceKey ?? null,
  }) as Omit<NewEntry, 'occurredAt'>;
  return { ...fields, occurredAt };
}

export const SELECT_AUDIT_ENTRY = `
  SELECT seq, occurred_at, actor_user_id, actor_username, actor_role, actor_organisation_id,
         action, subject_type, subject_id, payload, source_key, prev_hash, hash
    FROM audit_log`;

export interface AuditRow {
  /** bigint, which node-postgres returns as a decimal string. */
  seq: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  actor_organisation_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  payload: JsonValue;
  source_key: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * The twelve arrays `audit_append` takes for these entries, in its parameter order: for a
 * statement that appends them itself, last, under the chain lock (see `case_record_step`).
 */
export function auditAppendArguments(entries: AuditEntryInput[]): (string | null)[][] {
  return appendArgumentsOf(entries.map(normalisedEntry));
}

function appendArgumentsOf(entries: NewEntry[]): (string | null)[][] {
  const templates = entries.map(auditChainTemplate);
  return [
    templates.map((template) => template.head),
    templates.map((template) => template.tail),
    entries.map((entry) => entry.occurredAt),
    entries.map((entry) => entry.actor?.userId ?? null),
    entries.map((entry) => entry.actor?.username ?? null),
    entries.map((entry) => entry.actor?.role ?? null),
    entries.map((entry) => entry.actor?.organisationId ?? null),
    entries.map((entry) => entry.action),
    entries.map((entry) => entry.subjectType),
    entries.map((entry) => entry.subjectId),
    entries.map((entry) => JSON.stringify(entry.payload)),
    entries.map((entry) => entry.sourceKey),
  ];
}

export function entryOfRow(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    actor:
      row.actor_user_id === null
        ? null
        : {
            userId: row.actor_user_id,
            username: row.actor_username!,
            role: row.actor_role!,
            organisationId: row.actor_organisation_id!,
          },
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    payload: row.payload,
    sourceKey: row.source_key,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * The append-only, hash-chained audit log. Each entry's hash covers its content and the hash
 * of the entry before it, so changing, removing or reordering any entry breaks the chain from
 * that point on (see AuditVerifier).
 */
@Injectable()
export class AuditLog {
  constructor(private readonly db: DataSource) {}

  /** Standalone appends waiting for the next batch, and whether a batch is being written. */
  private readonly waiting: Pending[] = [];
  private writing = false;

  /**
   * Appends one entry at the end of the chain. With `manager`, the entry joins the caller's
   * transaction and commits or rolls back with the state change it records; call it last in
   * that transaction, because the chain lock is held until commit and every appender waits on
   * it. The caller's transaction must be READ COMMITTED (the default), so that the chain end
   * read after the lock is current.
   *
   * Without `manager` the entry is batch-chained: it waits while the batch before it is
   * written, then goes with every entry that queued meanwhile in one transaction under one
   * lock. The chain is the same one entry by entry; only the lock is taken once per batch,
   * which is what capped standalone appends (see docs/audit-durability.md). It resolves once
   * its batch has committed and rejects with the batch's error.
   */
  async append(entry: AuditEntryInput, manager?: EntityManager): Promise<AppendResult> {
    // Normalised before the lock is taken: bad input fails early and the lock stays short.
    const fields = normalisedEntry(entry);
    if (manager) return (await this.appendLocked(manager, [fields]))[0]!;
    return new Promise<AppendResult>((resolve, reject) => {
      this.waiting.push({ entry: fields, resolve, reject });
      if (!this.writing) void this.writeBatches();
    });
  }

  /** Writes queued entries batch after batch until none wait; never rejects. */
  private async writeBatches(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, MAX_BATCH);
        try {
          // One statement is its own transaction: the lock is released when it commits.
          const results = await this.appendLocked(
            this.db.manager,
            batch.map((pending) => pending.entry),
          );
          batch.forEach((pending, i) => pending.resolve(results[i]!));
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * One statement: `audit_append` takes the chain lock (held until the caller's transaction
   * ends), reads the chain end and inserts the entries chained and hashed in order; an entry
   * whose source key is already recorded, or earlier in the batch, appends nothing.
   */
  private async appendLocked(tx: EntityManager, entries: NewEntry[]): Promise<AppendResult[]> {
    const rows: { seq: string; hash: string; appended: boolean }[] = await tx.query(
      `SELECT entry_seq AS seq, entry_hash AS hash, entry_appended AS appended
         FROM audit_append($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                           $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
        ORDER BY entry_position`,
      appendArgumentsOf(entries),
    );
    // node-postgres returns bigint as a decimal string; seq is numbered far below 2^53.
    return rows.map((row) => ({ seq: Number(row.seq), hash: row.hash, appended: row.appended }));
  }

  /** Entries in chain order, optionally of one subject, a page after `afterSeq`. */
  /**
   * The full actor record of a user recorded by id only (state-change rows keep just the id);
   * null for the system or an unknown id.
   */
  async actorOfUser(userId: string | null, manager?: EntityManager): Promise<AuditActor | null> {
    if (!userId || userId === 'SYSTEM') return null;
    const rows: AuditActor[] = await (manager ?? this.db.manager).query(
      `SELECT id AS "userId", username, role, organisation_id AS "organisationId"
         FROM app_user WHERE id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async entries(filter: {
    subjectType?: string;
    subjectId?: string;
    afterSeq?: number;
    limit: number;
  }): Promise<AuditEntry[]> {
    const rows: AuditRow[] = await this.db.query(
      `${SELECT_AUDIT_ENTRY}
        WHERE ($1::text IS NULL OR subject_type = $1) AND ($2::text IS NULL OR subject_id = $2)
          AND seq > $3
        ORDER BY seq LIMIT $4`,
      [filter.subjectType ?? null, filter.subjectId ?? null, filter.afterSeq ?? 0, filter.limit],
    );
    return rows.map(entryOfRow);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  auditEntryHash,
  GENESIS_HASH,
  normaliseJson,
  type AuditActor,
  type JsonValue,
} from './canonical';

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

/** Key of the transaction-scoped advisory lock that serialises appends ("audit" in ASCII). */
const CHAIN_LOCK = 418581342580;
/** Entries per batch: 13 parameters each, well inside PostgreSQL's 65,535. */
const MAX_BATCH = 500;
const COLUMNS = 13;

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
          const results = await this.db.transaction((tx) =>
            this.appendLocked(
              tx,
              batch.map((pending) => pending.entry),
            ),
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

  private async appendLocked(tx: EntityManager, entries: NewEntry[]): Promise<AppendResult[]> {
    await tx.query(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
    // One round trip: the entries already recorded under these keys, if any, and the chain's
    // end. (node-postgres returns bigint as a decimal string; seq is numbered far below 2^53.)
    const keys = entries.map((entry) => entry.sourceKey).filter((key) => key !== null);
    const rows: { seq: string; hash: string; source_key: string | null; existing: boolean }[] =
      await tx.query(
        `SELECT seq, hash, source_key, true AS existing FROM audit_log WHERE source_key = ANY($1::text[])
         UNION ALL
         (SELECT seq, hash, source_key, false FROM audit_log ORDER BY seq DESC LIMIT 1)`,
        [keys],
      );
    const recorded = new Map<string, AppendResult>();
    for (const row of rows)
      if (row.existing && row.source_key !== null)
        recorded.set(row.source_key, { seq: Number(row.seq), hash: row.hash, appended: false });
    const last = rows.find((row) => !row.existing);
    let seq = last ? Number(last.seq) : 0;
    let prevHash = last ? last.hash : GENESIS_HASH;
    const results: AppendResult[] = [];
    const values: unknown[] = [];
    for (const entry of entries) {
      const earlier = entry.sourceKey === null ? undefined : recorded.get(entry.sourceKey);
      if (earlier) {
        results.push({ ...earlier, appended: false });
        continue;
      }
      seq += 1;
      const hash = auditEntryHash({ ...entry, seq, prevHash });
      values.push(
        seq,
        entry.occurredAt,
        entry.actor?.userId ?? null,
        entry.actor?.username ?? null,
        entry.actor?.role ?? null,
        entry.actor?.organisationId ?? null,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        JSON.stringify(entry.payload),
        entry.sourceKey,
        prevHash,
        hash,
      );
      const result = { seq, hash, appended: true };
      results.push(result);
      // A key twice in one batch is one fact: the second finds the first.
      if (entry.sourceKey !== null) recorded.set(entry.sourceKey, result);
      prevHash = hash;
    }
    if (values.length > 0) {
      const placeholders = Array.from(
        { length: values.length / COLUMNS },
        (_, row) =>
          `(${Array.from({ length: COLUMNS }, (_, column) => `$${row * COLUMNS + column + 1}`).join(',')})`,
      );
      await tx.query(
        `INSERT INTO audit_log (seq, occurred_at, actor_user_id, actor_username, actor_role, actor_organisation_id,
                                action, subject_type, subject_id, payload, source_key, prev_hash, hash)
         VALUES ${placeholders.join(',')}`,
        values,
      );
    }
    return results;
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

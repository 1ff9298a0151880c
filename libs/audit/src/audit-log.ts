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

  /**
   * Appends one entry at the end of the chain. With `manager`, the entry joins the caller's
   * transaction and commits or rolls back with the state change it records; call it last in
   * that transaction, because the chain lock is held until commit and every appender waits on
   * it. The caller's transaction must be READ COMMITTED (the default), so that the chain end
   * read after the lock is current.
   */
  async append(entry: AuditEntryInput, manager?: EntityManager): Promise<AppendResult> {
    // Normalised before the lock is taken: bad input fails early and the lock stays short.
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
    }) as Omit<AuditEntry, 'seq' | 'occurredAt' | 'prevHash' | 'hash'>;
    const work = (tx: EntityManager) => this.appendLocked(tx, { ...fields, occurredAt });
    return manager ? work(manager) : this.db.transaction(work);
  }

  private async appendLocked(
    tx: EntityManager,
    entry: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>,
  ): Promise<AppendResult> {
    await tx.query(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
    // One round trip: the entry already recorded under this key, if any, and the chain's end.
    // (node-postgres returns bigint as a decimal string; seq is numbered far below 2^53.)
    const rows: { seq: string; hash: string; existing: boolean }[] = await tx.query(
      `SELECT seq, hash, true AS existing FROM audit_log WHERE source_key = $1
       UNION ALL
       (SELECT seq, hash, false FROM audit_log ORDER BY seq DESC LIMIT 1)`,
      [entry.sourceKey],
    );
    const existing = rows.find((row) => row.existing);
    if (existing) return { seq: Number(existing.seq), hash: existing.hash, appended: false };
    const last = rows[0];
    const seq = last ? Number(last.seq) + 1 : 1;
    const prevHash = last ? last.hash : GENESIS_HASH;
    const hash = auditEntryHash({ ...entry, seq, prevHash });
    await tx.query(
      `INSERT INTO audit_log (seq, occurred_at, actor_user_id, actor_username, actor_role, actor_organisation_id,
                              action, subject_type, subject_id, payload, source_key, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [
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
      ],
    );
    return { seq, hash, appended: true };
  }

  /** Entries in chain order, optionally of one subject, a page after `afterSeq`. */
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

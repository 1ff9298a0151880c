import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { entryOfRow, SELECT_AUDIT_ENTRY, type AuditEntry, type AuditRow } from './audit-log';
import { auditEntryHash, GENESIS_HASH } from './canonical';

export type AuditBreakReason = 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQ_GAP';

/** The first entry at which the chain does not hold, and what was expected there. */
export interface AuditBreak {
  seq: number;
  reason: AuditBreakReason;
  expected: string;
  found: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Entries found intact, in order, before the first break (all of them when ok). */
  entriesChecked: number;
  firstBroken: AuditBreak | null;
  /**
   * The last intact entry. The chain alone cannot show that entries were cut off its end;
   * comparing this with a head recorded elsewhere earlier can.
   */
  head: { seq: number; hash: string } | null;
}

const BATCH = 1000;

/** Recomputes the audit chain from the first entry and names the first one that breaks it. */
@Injectable()
export class AuditVerifier {
  constructor(private readonly db: DataSource) {}

  async verify(): Promise<AuditVerification> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      // One snapshot for the whole walk; appends made meanwhile are simply not looked at.
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let checked = 0;
      for (;;) {
        const rows: AuditRow[] = await runner.query(
          `${SELECT_AUDIT_ENTRY} WHERE seq >= $1 ORDER BY seq LIMIT ${BATCH}`,
          [expectedSeq],
        );
        for (const row of rows) {
          const entry = entryOfRow(row);
          const broken = checkEntry(entry, expectedSeq, prevHash);
          if (broken) {
            return {
              ok: false,
              entriesChecked: checked,
              firstBroken: broken,
              head: checked > 0 ? { seq: expectedSeq - 1, hash: prevHash } : null,
            };
          }
          checked += 1;
          expectedSeq += 1;
          prevHash = entry.hash;
        }
        if (rows.length < BATCH) {
          return {
            ok: true,
            entriesChecked: checked,
            firstBroken: null,
            head: checked > 0 ? { seq: expectedSeq - 1, hash: prevHash } : null,
          };
        }
      }
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }
}

function checkEntry(entry: AuditEntry, expectedSeq: number, prevHash: string): AuditBreak | null {
  if (entry.seq !== expectedSeq)
    return {
      seq: entry.seq,
      reason: 'SEQ_GAP',
      expected: String(expectedSeq),
      found: String(entry.seq),
    };
  if (entry.prevHash !== prevHash)
    return {
      seq: entry.seq,
      reason: 'PREV_HASH_MISMATCH',
      expected: prevHash,
      found: entry.prevHash,
    };
  const recomputed = auditEntryHash(entry);
  if (recomputed !== entry.hash)
    return { seq: entry.seq, reason: 'HASH_MISMATCH', expected: recomputed, found: entry.hash };
  return null;
}

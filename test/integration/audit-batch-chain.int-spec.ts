import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import {
  AuditLog,
  entryOfRow,
  SELECT_AUDIT_ENTRY,
  type AuditEntryInput,
  type AuditRow,
} from '../../libs/audit/src/audit-log';
import { AuditVerifier } from '../../libs/audit/src/audit-verifier';
import { auditEntryHash } from '../../libs/audit/src/canonical';
import { createDataSource } from '../../libs/persistence/src/data-source';
import { testEnv } from '../setup/test-env';

/**
 * Batch-chained appends on real PostgreSQL: many entries under one chain lock from two
 * connection pools, mixed with appends inside callers' transactions, still make one gapless
 * chain that verifies; changing, removing, reordering or inserting an entry is still found.
 */
describe('batch-chained audit appends', () => {
  let ownerUrl: string;
  let pools: DataSource[];
  let dbName: string;

  beforeAll(async () => {
    const env = testEnv();
    dbName = `ippledge_test_${env.runId}_${randomBytes(4).toString('hex')}`;
    const admin = new PgClient({ connectionString: env.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}" TEMPLATE "${env.templateDb}"`);
    await admin.end();
    ownerUrl = Object.assign(new URL(env.adminUrl), { pathname: `/${dbName}` }).toString();
    pools = [createDataSource(ownerUrl), createDataSource(ownerUrl)];
    await Promise.all(pools.map((p) => p.initialize()));
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
  });

  async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []) {
    const db = new PgClient({ connectionString: ownerUrl });
    await db.connect();
    try {
      return (await db.query(text, params)).rows as T[];
    } finally {
      await db.end();
    }
  }

  /** Changes audit rows with the append-only trigger off, as a tamperer with superuser would. */
  async function tamper(statements: [string, unknown[]][]): Promise<void> {
    const db = new PgClient({ connectionString: ownerUrl });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query('SET LOCAL session_replication_role = replica');
      for (const [text, params] of statements) await db.query(text, params);
      await db.query('COMMIT');
    } finally {
      await db.end();
    }
  }

  const verify = () => new AuditVerifier(pools[0]!).verify();

  function entry(i: number, sourceKey?: string): AuditEntryInput {
    return {
      actor: null,
      action: 'TEST_BATCH',
      subjectType: 'TEST',
      subjectId: `batch-${i % 7}`,
      payload: { i, text: '批量' },
      sourceKey: sourceKey ?? `test-batch:${i}`,
    };
  }

  it('appends 600 entries from two pools, batched and in transactions, as one gapless chain', async () => {
    const logs = pools.map((p) => new AuditLog(p));
    const before = Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM audit_log`))[0]!.n);
    const results = await Promise.all(
      Array.from({ length: 600 }, (_, i) =>
        i % 10 === 0
          ? pools[i % 2]!.transaction((tx) => logs[i % 2]!.append(entry(i), tx))
          : logs[i % 2]!.append(entry(i)),
      ),
    );
    expect(results.every((r) => r.appended)).toBe(true);
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 600 }, (_, i) => before + 1 + i),
    );
    // Batched for real: rows written by one transaction share its xmin.
    const [written] = await sql<{ rows: string; transactions: string }>(
      `SELECT count(*) AS rows, count(DISTINCT xmin::text) AS transactions
         FROM audit_log WHERE action = 'TEST_BATCH'`,
    );
    expect(Number(written!.transactions)).toBeLessThan(Number(written!.rows) / 2);

    // One key sent many times at once, batched together and from both pools: appended once.
    const raced = await Promise.all(
      Array.from({ length: 30 }, (_, i) => logs[i % 2]!.append(entry(i, 'test-batch:same'))),
    );
    expect(raced.filter((r) => r.appended)).toHaveLength(1);
    expect(new Set(raced.map((r) => r.seq)).size).toBe(1);
    expect(await verify()).toMatchObject({ ok: true, entriesChecked: before + 601 });
  });

  it('still names a changed, removed, reordered or inserted entry', async () => {
    const rows = await sql(`SELECT * FROM audit_log WHERE action = 'TEST_BATCH' ORDER BY seq`);
    const total = Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM audit_log`))[0]!.n);
    const row = rows[300] as Record<string, unknown>;
    const seq = Number(row.seq);
    const columns = Object.keys(row);
    const insert = (values: Record<string, unknown>): [string, unknown[]] => [
      `INSERT INTO audit_log (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => (c === 'payload' ? JSON.stringify(values[c]) : values[c])),
    ];
    const restore: [string, unknown[]][] = [
      [`DELETE FROM audit_log WHERE seq = $1`, [seq]],
      insert(row),
    ];

    // Changed: that entry's hash no longer matches its content.
    await tamper([[`UPDATE audit_log SET payload = '{"i": -1}' WHERE seq = $1`, [seq]]]);
    expect((await verify()).firstBroken).toMatchObject({ seq, reason: 'HASH_MISMATCH' });
    await tamper(restore);
    expect(await verify()).toMatchObject({ ok: true, entriesChecked: total });

    // Removed: a gap where it was.
    await tamper([[`DELETE FROM audit_log WHERE seq = $1`, [seq]]]);
    expect((await verify()).firstBroken).toMatchObject({ seq: seq + 1, reason: 'SEQ_GAP' });
    await tamper([insert(row)]);
    expect(await verify()).toMatchObject({ ok: true, entriesChecked: total });

    // Reordered: two neighbours swap places; the first no longer links to its predecessor.
    const swap: [string, unknown[]][] = [
      [`UPDATE audit_log SET seq = 2000000000 WHERE seq = $1`, [seq]],
      [`UPDATE audit_log SET seq = $1 WHERE seq = $2`, [seq, seq + 1]],
      [`UPDATE audit_log SET seq = $1 WHERE seq = 2000000000`, [seq + 1]],
    ];
    await tamper(swap);
    expect((await verify()).firstBroken).toMatchObject({ seq, reason: 'PREV_HASH_MISMATCH' });
    await tamper(swap);
    expect(await verify()).toMatchObject({ ok: true, entriesChecked: total });

    // Inserted: a forged entry, correctly hashed after its predecessor, pushed in before `seq`;
    // the entry after it no longer links.
    const previous = rows[299] as Record<string, unknown>;
    const [original] = (
      (await pools[0]!.query(`${SELECT_AUDIT_ENTRY} WHERE seq = $1`, [seq])) as AuditRow[]
    ).map(entryOfRow);
    const payload = { i: -2, text: '伪造' };
    const forged: Record<string, unknown> = {
      ...row,
      payload,
      source_key: 'test-batch:forged',
      prev_hash: previous.hash,
      hash: auditEntryHash({
        ...original!,
        payload,
        sourceKey: 'test-batch:forged',
        prevHash: previous.hash as string,
      }),
    };
    await tamper([
      [`UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= $1`, [seq]],
      [`UPDATE audit_log SET seq = seq - 999999 WHERE seq >= $1`, [seq + 1000000]],
      insert(forged),
    ]);
    const inserted = await verify();
    expect(inserted).toMatchObject({ ok: false, entriesChecked: seq });
    expect(inserted.firstBroken).toMatchObject({ seq: seq + 1, reason: 'PREV_HASH_MISMATCH' });
  });
});

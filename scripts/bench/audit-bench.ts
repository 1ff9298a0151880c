/**
 * Bench 3, audit append under load: appends/s and p50/p99 at 1, 8 and 32 concurrent writers,
 * for an entry appended in its own transaction (one chain lock per entry, the design before
 * batching, and still what an append inside a caller's transaction costs) and for a standalone
 * append (batch-chained: many entries under one lock); and the share of a step transaction's
 * latency that its audit append costs. On a scratch database, created and dropped.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { AuditLog, type AuditEntryInput } from '../../libs/audit/src/audit-log';
import { AuditVerifier } from '../../libs/audit/src/audit-verifier';
import { createDataSource, migrate } from '../../libs/persistence/src/data-source';
import { benchEnvironment } from './environment';

const WRITERS = [1, 8, 32] as const;
const APPENDS_PER_RUN = Number(process.env.AUDIT_BENCH_APPENDS ?? 3_000);
const POOL_SIZE = 10;

interface Run {
  mode: string;
  writers: number;
  appends: number;
  seconds: number;
  appendsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

interface StepShare {
  writers: number;
  stepWithoutAuditP50Ms: number;
  stepWithAuditP50Ms: number;
  stepWithoutAuditP99Ms: number;
  stepWithAuditP99Ms: number;
  /** (with − without) / with, at the median. */
  auditShareP50: number;
  /** The step plus its API_REQUEST entry appended after it (batched), as a case step does. */
  stepPlusRequestEntryP50Ms: number;
  requestEntryShareP50: number;
}

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(2));
}

let serial = 0;
function entry(subject: number): AuditEntryInput {
  serial += 1;
  return {
    actor: {
      userId: 'bench',
      username: 'bench',
      role: 'LOAN_OFFICER',
      organisationId: 'BANK-SHCB',
    },
    action: 'API_REQUEST',
    subjectType: 'CASE',
    subjectId: `BANK-SHCB-BENCH-${subject % 50}`,
    payload: {
      method: 'POST',
      route: '/api/v1/cases/:caseNumber/submit',
      body: { amount: '1234567.89', note: '基准测试 benchmark' },
      outcome: { status: 200 },
    },
    sourceKey: `bench:${process.pid}:${serial}`,
  };
}

/** `writers` loops sharing `total` operations; returns each operation's latency (ms). */
async function drive(
  writers: number,
  total: number,
  work: (i: number) => Promise<unknown>,
): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await work(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { seconds: (performance.now() - start) / 1000, latencies };
}

async function appendRun(
  mode: string,
  writers: number,
  append: (i: number) => Promise<unknown>,
): Promise<Run> {
  await drive(writers, Math.min(200, APPENDS_PER_RUN), append); // warm-up
  const { seconds, latencies } = await drive(writers, APPENDS_PER_RUN, append);
  return {
    mode,
    writers,
    appends: APPENDS_PER_RUN,
    seconds: Number(seconds.toFixed(3)),
    appendsPerSecond: Math.round(APPENDS_PER_RUN / seconds),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

/**
 * A step's transaction as the case ledger writes it: read and update the case row, add its
 * event, and (with audit) append the transition's entry last, under the chain lock.
 */
async function stepShare(db: DataSource, log: AuditLog, writers: number): Promise<StepShare> {
  const step = (i: number, withAudit: boolean) =>
    db.transaction(async (tx) => {
      const id = i % 200;
      await tx.query(`SELECT status, version FROM bench_case WHERE id = $1 FOR UPDATE`, [id]);
      await tx.query(`UPDATE bench_case SET version = version + 1, status = $2 WHERE id = $1`, [
        id,
        `S${i % 9}`,
      ]);
      await tx.query(`INSERT INTO bench_case_event (case_id, payload) VALUES ($1, $2)`, [
        id,
        JSON.stringify({ i, snapshot: 'x'.repeat(2_000) }),
      ]);
      if (withAudit) await log.append({ ...entry(i), action: 'CASE_TRANSITION' }, tx);
    });
  const total = Math.min(APPENDS_PER_RUN, 2_000);
  await drive(writers, 200, (i) => step(i, true));
  const without = await drive(writers, total, (i) => step(i, false));
  const withAudit = await drive(writers, total, (i) => step(i, true));
  const withRequest = await drive(writers, total, async (i) => {
    await step(i, true);
    await log.append(entry(i));
  });
  const p50 = (run: { latencies: number[] }) => percentile(run.latencies, 0.5);
  const share = (a: number, b: number) => Number(((a - b) / a).toFixed(3));
  return {
    writers,
    stepWithoutAuditP50Ms: p50(without),
    stepWithAuditP50Ms: p50(withAudit),
    stepWithoutAuditP99Ms: percentile(without.latencies, 0.99),
    stepWithAuditP99Ms: percentile(withAudit.latencies, 0.99),
    auditShareP50: share(p50(withAudit), p50(without)),
    stepPlusRequestEntryP50Ms: p50(withRequest),
    requestEntryShareP50: share(p50(withRequest), p50(withAudit)),
  };
}

export async function auditBench(): Promise<void> {
  const adminUrl =
    process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `ippledge_bench_audit_${Date.now().toString(36)}`;
  const ownerUrl = Object.assign(new URL(adminUrl), { pathname: `/${scratch}` }).toString();
  await migrate(ownerUrl);
  const db = createDataSource(ownerUrl);
  await db.initialize();
  const runs: Run[] = [];
  const shares: StepShare[] = [];
  let verification;
  try {
    await db.query(`CREATE TABLE bench_case (id int PRIMARY KEY, status text, version int)`);
    await db.query(`INSERT INTO bench_case SELECT g, 'S0', 0 FROM generate_series(0, 199) g`);
    await db.query(
      `CREATE TABLE bench_case_event (id bigserial PRIMARY KEY, case_id int, payload jsonb)`,
    );
    const log = new AuditLog(db);
    for (const writers of WRITERS) {
      runs.push(
        await appendRun('own transaction per entry (one lock per entry)', writers, (i) =>
          db.transaction((tx) => log.append(entry(i), tx)),
        ),
      );
      runs.push(
        await appendRun('standalone, batch-chained (one lock per batch)', writers, (i) =>
          log.append(entry(i)),
        ),
      );
      process.stdout.write(`[audit-bench] ${writers} writers done\n`);
    }
    for (const writers of [1, 8]) shares.push(await stepShare(db, log, writers));
    const t = performance.now();
    verification = await new AuditVerifier(db).verify();
    if (!verification.ok) throw new Error('the benchmark chain does not verify');
    (verification as unknown as { seconds: number }).seconds = Number(
      ((performance.now() - t) / 1000).toFixed(3),
    );
  } finally {
    await db.destroy();
  }
  const environment = await benchEnvironment(ownerUrl, {
    poolSize: POOL_SIZE,
    appendsPerRun: APPENDS_PER_RUN,
    writers: WRITERS.join(','),
    isolation: 'READ COMMITTED',
    chainLock: 'pg_advisory_xact_lock, one per transaction',
  });
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  await admin.end();

  const result = { environment, runs, stepShare: shares, verification };
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'audit.json'), JSON.stringify(result, null, 2) + '\n');
  const lines = [
    `# Bench 3 — audit append under load (${environment.measuredAt})`,
    '',
    `${environment.machine.cpus} × ${environment.machine.cpuModel}, load ${environment.machine.loadAverage.join(' ')}; ` +
      `PostgreSQL ${environment.versions.postgres ?? ''}, Node ${environment.versions.node}; pool ${POOL_SIZE}.`,
    '',
    '| mode | writers | appends/s | p50 ms | p99 ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (r) => `| ${r.mode} | ${r.writers} | ${r.appendsPerSecond} | ${r.p50Ms} | ${r.p99Ms} |`,
    ),
    '',
    '| writers | step p50 without audit | step p50 with entry in tx | audit share | + API_REQUEST entry (batched) | its share |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...shares.map(
      (s) =>
        `| ${s.writers} | ${s.stepWithoutAuditP50Ms} ms | ${s.stepWithAuditP50Ms} ms | ${(s.auditShareP50 * 100).toFixed(1)} % | ${s.stepPlusRequestEntryP50Ms} ms | ${(s.requestEntryShareP50 * 100).toFixed(1)} % |`,
    ),
    '',
    `Chain verified afterwards: ${verification.entriesChecked} entries, ok.`,
    '',
  ];
  writeFileSync(join(dir, 'audit.md'), lines.join('\n'));
}

if (require.main === module) {
  auditBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/**
 * Benchmark 4 of issue 13, budget contention: 50 concurrent clients submit interest-subsidy
 * claims against ONE budget pool through the submission's own transaction (the claim's row and
 * coverage, then `reserveOrWaitlist`: the conditional UPDATE of the pool row and its movement),
 * so every client queues on the same row lock. Reservations/s and latency, then the books are
 * checked: reserved + paid never above the total, the movements add up to the pool's change,
 * every claim reserved or waitlisted exactly once and as its client was told. Writes
 * bench/results/budget.{json,md}.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  reserveOrWaitlist,
  timelineEntry,
} from '../../activities/district/use-cases/subsidy-claim-step';
import { AuditLog } from '../../libs/audit/src/audit-log';
import { Money } from '../../libs/domain/src/money';
import type { PoolRef } from '../../libs/domain/src/subsidy-claim';
import { dataSourceOptions } from '../../libs/persistence/src/data-source';
import { SubsidyBudgetRepository } from '../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyClaimRepository } from '../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import { migrateAndSeed } from '../../libs/persistence/src/seed/seeded-database';
import { benchEnvironment } from './environment';

const CLIENTS = 50;
const CLAIMS = 1_600;
const BUSINESS_DATE = '2026-03-16';
const YEAR = 2026;

interface RunFigure {
  pool: string;
  connectionPoolSize: number;
  clients: number;
  claims: number;
  seconds: number;
  submissionsPerSecond: number;
  reservationsPerSecond: number;
  reserved: number;
  waitlisted: number;
  p50Ms: number;
  p99Ms: number;
  poolTotalFen: string;
  reservedFen: string;
  invariant: string[];
}

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!.toFixed(1));
}

/** 150,000 fen on average (1,000.00–1,999.99 yuan): the seeded 2,000,000-yuan pool fills at about 1,330 claims. */
function amountOf(i: number): bigint {
  return 100_000n + BigInt((i * 7919) % 100_000);
}

async function run(
  ownerUrl: string,
  districtCode: string,
  connections: number,
): Promise<RunFigure> {
  const db = new DataSource({
    ...dataSourceOptions(ownerUrl),
    extra: { max: connections, options: '-c jit=off' },
  } as ConstructorParameters<typeof DataSource>[0]);
  await db.initialize();
  try {
    const claims = new SubsidyClaimRepository(db, new AuditLog(db));
    const budget = new SubsidyBudgetRepository(db);
    const pool: PoolRef = { districtCode, kind: 'INTEREST', budgetYear: YEAR };
    const before = (await budget.find(pool))!;
    const [policy] = await db.query(
      `SELECT id, version, terms->>'programme' AS programme FROM subsidy_policy WHERE district_code = $1 AND kind = 'INTEREST' ORDER BY version DESC LIMIT 1`,
      [districtCode],
    );
    const told = new Map<string, 'RESERVED' | 'WAITLISTED'>();
    const latencies: number[] = [];
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = next++; i < CLAIMS; i = next++) {
          const id = `BUDGET-BENCH-${districtCode}-${i}`;
          const amount = Money.ofFen(amountOf(i));
          const t = performance.now();
          const state = await claims.transaction(async (tx) => {
            const inserted = await claims.insert(
              tx,
              {
                id,
                workflowId: `subsidy-claim-${id}`,
                kind: 'INTEREST',
                districtCode,
                budgetYear: YEAR,
                caseNumber: `BUDGET-BENCH-CASE-${districtCode}-${i}`,
                bankOrgId: 'BANK-SHCB',
                enterpriseUscc: '91310115MA1K3YJ12G',
                enterpriseName: 'budget benchmark',
                policyId: policy.id,
                policyVersion: policy.version,
                programme: policy.programme,
                status: 'SUBMITTED',
                submittedOn: BUSINESS_DATE,
                submittedBy: 'officer.shcb',
                submittedByOrg: 'BANK-SHCB',
                fromInstalment: 1,
                toInstalment: 1,
                periodStart: '2026-01-15',
                periodEnd: '2026-02-15',
                insurerOrgId: null,
                insurancePolicyNumber: null,
                premiumPaidOn: null,
                limitedBy: null,
                proofs: [],
                premiumFen: null,
                amountFen: amount.fen,
                computation: { bench: true },
                claimDeadline: null,
              },
              timelineEntry(null, 'SUBMIT', BUSINESS_DATE, { amount: amount.toYuan() }),
            );
            if (!inserted.ok) throw new Error(`claim ${id} refused: ${inserted.reason}`);
            return reserveOrWaitlist(
              { claims, budget },
              tx,
              { claimId: id, pool, amount, businessDate: BUSINESS_DATE },
              { reserved: 'SUBMIT', waitlisted: 'SUBMIT_WAITLISTED' },
            );
          });
          latencies.push(performance.now() - t);
          if (!state) throw new Error(`claim ${id} was not where the submission left it`);
          told.set(id, state.reserved ? 'RESERVED' : 'WAITLISTED');
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);

    const after = (await budget.find(pool))!;
    const [books] = await db.query(
      `SELECT count(*) FILTER (WHERE m.movement = 'RESERVE')::int AS reserve_rows,
              COALESCE(sum(m.amount_fen) FILTER (WHERE m.movement = 'RESERVE'), 0)::text AS reserve_fen,
              count(DISTINCT m.claim_id) FILTER (WHERE m.movement = 'RESERVE')::int AS reserve_claims,
              (SELECT count(*)::int FROM subsidy_claim WHERE id LIKE $1 AND reserved AND status = 'SUBMITTED') AS reserved_claims,
              (SELECT count(*)::int FROM subsidy_claim WHERE id LIKE $1 AND NOT reserved AND status = 'WAITLISTED') AS waitlisted_claims,
              (SELECT count(*)::int FROM subsidy_claim WHERE id LIKE $1) AS claims
         FROM budget_movement m WHERE m.claim_id LIKE $1`,
      [`BUDGET-BENCH-${districtCode}-%`],
    );
    const reservedTold = [...told.values()].filter((v) => v === 'RESERVED').length;
    const waitlistedTold = told.size - reservedTold;
    const checks: [string, boolean][] = [
      ['reserved + paid ≤ total', after.reservedFen + after.paidFen <= after.totalFen],
      [
        'reserved moved by the sum of RESERVE movements',
        after.reservedFen - before.reservedFen === BigInt(books.reserve_fen),
      ],
      ['one RESERVE movement per reserved claim', books.reserve_rows === books.reserve_claims],
      ['reserved claims = RESERVE movements', books.reserved_claims === books.reserve_rows],
      ['reserved claims = clients told RESERVED', books.reserved_claims === reservedTold],
      ['waitlisted claims = clients told WAITLISTED', books.waitlisted_claims === waitlistedTold],
      [
        'waitlist count moved by the waitlisted claims',
        after.waitlistedCount - before.waitlistedCount === books.waitlisted_claims,
      ],
      ['every claim stored once and answered', books.claims === CLAIMS && told.size === CLAIMS],
      ['the pool filled up (contention to the end)', books.waitlisted_claims > 0],
    ];
    const failed = checks.filter(([, ok]) => !ok).map(([name]) => name);
    if (failed.length) throw new Error(`budget invariant broken: ${failed.join('; ')}`);
    return {
      pool: `${districtCode}/INTEREST/${YEAR}`,
      connectionPoolSize: connections,
      clients: CLIENTS,
      claims: CLAIMS,
      seconds: Number(seconds.toFixed(2)),
      submissionsPerSecond: Math.round(CLAIMS / seconds),
      reservationsPerSecond: Math.round(books.reserve_rows / seconds),
      reserved: books.reserve_rows,
      waitlisted: books.waitlisted_claims,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      poolTotalFen: after.totalFen.toString(),
      reservedFen: after.reservedFen.toString(),
      invariant: checks.map(([name]) => name),
    };
  } finally {
    await db.destroy();
  }
}

export async function budgetBench(): Promise<void> {
  const adminUrl =
    process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `ippledge_bench_budget_${Date.now().toString(36)}`;
  const ownerUrl = Object.assign(new URL(adminUrl), { pathname: `/${scratch}` }).toString();
  try {
    await migrateAndSeed(ownerUrl, { businessDate: BUSINESS_DATE });
    // One connection per client, then the API's and worker's own pool size: the row lock is
    // the serial point either way, the pool decides how many wait on it inside PostgreSQL.
    const runs = [await run(ownerUrl, '310115', CLIENTS), await run(ownerUrl, '310104', 10)];
    const environment = await benchEnvironment(ownerUrl, {
      clients: CLIENTS,
      claimsPerRun: CLAIMS,
      connectionPoolSizes: runs.map((r) => r.connectionPoolSize).join(', '),
      jit: 'off',
      path: 'SubsidyClaimRepository.transaction: insert, then reserveOrWaitlist (subsidy-claim-step), audit entries last',
    });
    const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'budget.json'), JSON.stringify({ environment, runs }, null, 2) + '\n');
    const lines = [
      `# Budget contention — ${environment.measuredAt}`,
      '',
      `${environment.machine.cpus} × ${environment.machine.cpuModel}, load average ` +
        `${environment.machine.loadAverage.join(' / ')}; PostgreSQL ${environment.versions.postgres}, Node ${environment.versions.node}.`,
      `${CLIENTS} concurrent clients, ${CLAIMS} claims per run, all against one pool; path: ${environment.settings.path}.`,
      '',
      '| pool | connections | seconds | submissions/s | reservations/s | reserved | waitlisted | p50 ms | p99 ms |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...runs.map(
        (r) =>
          `| ${r.pool} | ${r.connectionPoolSize} | ${r.seconds} | ${r.submissionsPerSecond} | ${r.reservationsPerSecond} | ${r.reserved} | ${r.waitlisted} | ${r.p50Ms} | ${r.p99Ms} |`,
      ),
      '',
      `Invariant checked after each run (all held): ${runs[0]!.invariant.join('; ')}.`,
      '',
    ];
    writeFileSync(join(dir, 'budget.md'), lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.end();
  }
}

if (require.main === module) {
  budgetBench().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}

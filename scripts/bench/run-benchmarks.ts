/**
 * `npm run bench`: measures the hot paths and writes the figures to bench/results/latest.json
 * and latest.md. Figures live here, never in test assertions. Needs PostgreSQL (a scratch
 * database is created and dropped).
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { AuditLog } from '../../libs/audit/src/audit-log';
import { AuditVerifier } from '../../libs/audit/src/audit-verifier';
import { parseDecimal } from '../../libs/domain/src/decimal';
import { disposalWaterfall } from '../../libs/domain/src/disposal';
import { Money } from '../../libs/domain/src/money';
import { buildSchedule } from '../../libs/domain/src/schedule';
import { computeInterestSubsidy } from '../../libs/domain/src/subsidy-policy';
import { createDataSource, migrate } from '../../libs/persistence/src/data-source';
import { auditBench } from './audit-bench';
import { collateralWatchFigures } from './collateral-watch-bench';
import { lifecycleBench } from './lifecycle-bench';
import { budgetBench } from './budget-bench';
import { scaleBench } from './scale-bench';

interface Figure {
  name: string;
  operations: number;
  seconds: number;
  perSecond: number;
  note?: string;
  p50Ms?: number;
  p95Ms?: number;
}

function timeLoop(name: string, operations: number, work: (i: number) => void): Figure {
  for (let i = 0; i < Math.min(1000, operations); i++) work(i); // warm-up
  const start = performance.now();
  for (let i = 0; i < operations; i++) work(i);
  const seconds = (performance.now() - start) / 1000;
  return { name, operations, seconds, perSecond: Math.round(operations / seconds) };
}

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(2));
}

function domainFigures(): Figure[] {
  const lpr = parseDecimal('0.0345');
  const multiple = parseDecimal('1');
  const share = parseDecimal('0.6');
  const ratio = parseDecimal('0.5');
  return [
    timeLoop('interest subsidy, one period (computeInterestSubsidy)', 200_000, (i) =>
      computeInterestSubsidy({
        interestPaid: Money.ofFen(374_583n + BigInt(i % 100)),
        outstandingPrincipal: Money.ofFen(100_000_000n),
        periodStart: '2025-12-15',
        periodEnd: '2026-01-15',
        lpr,
        lprMultiple: multiple,
        lprCap: true,
        ipShare: share,
        ratio,
        capRemaining: Money.ofFen(5_000_000n),
      }),
    ),
    timeLoop('disposal waterfall (disposalWaterfall)', 200_000, (i) =>
      disposalWaterfall({
        proceeds: Money.ofFen(50_000_000n + BigInt(i)),
        costs: Money.ofFen(1_200_000n),
        interestDue: Money.ofFen(2_345_678n),
        principalDue: Money.ofFen(80_000_000n),
        fundPaid: Money.ofFen(43_200_000n),
        insurerPaid: Money.ofFen(12_800_000n),
      }),
    ),
    timeLoop('36-month equal-instalment schedule (buildSchedule)', 5_000, () =>
      buildSchedule({
        principal: Money.ofFen(100_000_000n),
        annualRate: '0.0345',
        termMonths: 36,
        method: 'EQUAL_INSTALMENT',
        startDate: '2026-01-15',
      }),
    ),
  ];
}

async function auditFigures(ownerUrl: string): Promise<Figure[]> {
  await migrate(ownerUrl);
  const db = createDataSource(ownerUrl);
  await db.initialize();
  try {
    const log = new AuditLog(db);
    const total = 2_000;
    const concurrency = 8;
    const latencies: number[] = [];
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < total; i = next++) {
          const t = performance.now();
          await log.append({
            actor: {
              userId: 'bench',
              username: 'bench',
              role: 'ADMINISTRATOR',
              organisationId: 'MUNI-IPO',
            },
            action: 'BENCH',
            subjectType: 'BENCH',
            subjectId: String(i % 50),
            payload: { i, amount: '1234.56', note: '基准测试 benchmark' },
            sourceKey: `bench:${i}`,
          });
          latencies.push(performance.now() - t);
        }
      }),
    );
    const appendSeconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const verifyStart = performance.now();
    const verification = await new AuditVerifier(db).verify();
    const verifySeconds = (performance.now() - verifyStart) / 1000;
    if (!verification.ok) throw new Error('the benchmark chain does not verify');
    return [
      {
        name: `audit append, ${concurrency} concurrent writers (AuditLog.append)`,
        operations: total,
        seconds: appendSeconds,
        perSecond: Math.round(total / appendSeconds),
        p50Ms: percentile(latencies, 0.5),
        p95Ms: percentile(latencies, 0.95),
      },
      {
        name: 'audit chain verification (AuditVerifier.verify)',
        operations: verification.entriesChecked,
        seconds: verifySeconds,
        perSecond: Math.round(verification.entriesChecked / verifySeconds),
      },
    ];
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const adminUrl =
    process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `ippledge_bench_${Date.now().toString(36)}`;
  const ownerUrl = new URL(adminUrl);
  ownerUrl.pathname = `/${scratch}`;
  const figures = domainFigures();
  try {
    figures.push(...(await auditFigures(ownerUrl.toString())));
    figures.push(...(await collateralWatchFigures(ownerUrl.toString())));
    await lifecycleBench({ onCluster: false });
    await lifecycleBench({ onCluster: true });
    await auditBench();
  } finally {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.end();
  }
  const result = {
    measuredAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
    },
    figures: figures.map((f) => ({ ...f, seconds: Number(f.seconds.toFixed(3)) })),
  };
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  const lines = [
    `# Benchmarks — ${result.measuredAt}`,
    '',
    `${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}`,
    '',
    '| benchmark | operations | seconds | per second | p50 ms | p95 ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...result.figures.map(
      (f) =>
        `| ${f.name} | ${f.operations} | ${f.seconds} | ${f.perSecond} | ${f.p50Ms ?? ''} | ${f.p95Ms ?? ''} |`,
    ),
    '',
    ...result.figures.filter((f) => f.note).map((f) => `- ${f.name}: ${f.note}`),
    '',
  ];
  writeFileSync(join(dir, 'latest.md'), lines.join('\n'));
  console.log(lines.join('\n'));
  await scaleBench();
  await budgetBench();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

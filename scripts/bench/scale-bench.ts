/**
 * Benchmark 2 of issue 13, API latency at scale: 100,000 cases and 1,000,000 repayments in a
 * scratch PostgreSQL database (scale-generator.ts), then the in-process API on a real port
 * under 20 concurrent HTTP clients with real tokens: p50/p99 of the case list (filters, sorts,
 * deep cursors), case detail, work inbox and indicators. Writes bench/results/scale.{json,md}.
 *
 * `BENCH_SCALE_KEEP=1` keeps the scratch database and prints its name; `BENCH_SCALE_DB=<name>`
 * reuses a kept one (no second load).
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createApiApp } from '../../apps/api/src/bootstrap';
import {
  APP_DATABASE_ROLE,
  createDataSource,
  dataSourceOptions,
  migrate,
} from '../../libs/persistence/src/data-source';
import { seed } from '../../libs/persistence/src/seed/seed';
import { benchEnvironment } from './environment';
import {
  loadScaleData,
  SCALE_BUSINESS_DATE,
  SCALE_CASES,
  SCALE_REPAYMENTS,
  type LoadFigure,
} from './scale-generator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const temporal = require('../../../scripts/lib/temporal.js') as {
  ensureTemporalCli(log?: (line: string) => void): string;
  freePort(): Promise<number>;
  startDevServer(options: {
    cli: string;
    port: number;
    headless: boolean;
  }): Promise<{ address: string; stop(): Promise<void> }>;
};

const CLIENTS = 20;
/** Requests per scenario, unless its time cap ends it first (a slow query on a busy machine). */
const REQUESTS = 300;
const SCENARIO_CAP_SECONDS = 12;
const SERIAL_REQUESTS = 10;
const SERIAL_CAP_SECONDS = 5;
const TARGET_MS = { list: 100, detail: 100, inbox: 100, indicators: 300 } as const;
type Family = keyof typeof TARGET_MS;

interface Scenario {
  family: Family;
  name: string;
  user: string;
  /** The path of request `i` (detail scenarios walk many cases). */
  path(i: number): string;
}

export interface ScenarioFigure {
  family: Family;
  name: string;
  user: string;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Median with one client alone: what the request costs without queueing. */
  serialP50Ms: number;
  /** Rows (list) or tasks (inbox) of the first answer, so a figure is read with its size. */
  size: number | null;
}

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!.toFixed(1));
}

/** The list's cursor as the API encodes it: sort name, sort value, case number. */
function cursor(sort: string, value: string, caseNumber: string): string {
  return Buffer.from(JSON.stringify([sort, value, caseNumber])).toString('base64url');
}

async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The scenarios, with deep cursors and case numbers read from the loaded data. */
async function scenarios(ownerUrl: string): Promise<Scenario[]> {
  const deep = async (where: string, order: string, value: string, offset: number) =>
    (
      await sql<{ value: string; case_number: string }>(
        ownerUrl,
        `SELECT ${value} AS value, case_number FROM loan_case ${where} ORDER BY ${order} OFFSET $1 LIMIT 1`,
        [offset],
      )
    )[0]!;
  const created = await deep(
    `WHERE bank_org_id = 'BANK-SHCB'`,
    'created_at DESC, case_number DESC',
    `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    30_000,
  );
  const amount = await deep('', 'amount ASC, case_number ASC', 'amount::text', 80_000);
  const due = await deep(
    `WHERE bank_org_id = 'BANK-PDIB' AND status IN ('ACTIVE','OVERDUE')`,
    `COALESCE(next_due_date, 'infinity'::date) ASC, case_number ASC`,
    `COALESCE(next_due_date, 'infinity'::date)::text`,
    20_000,
  );
  const shcb = (
    await sql<{ case_number: string }>(
      ownerUrl,
      `SELECT case_number FROM loan_case WHERE bank_org_id = 'BANK-SHCB' ORDER BY md5(case_number) LIMIT 500`,
    )
  ).map((r) => r.case_number);
  const pudong = (
    await sql<{ case_number: string }>(
      ownerUrl,
      `SELECT case_number FROM loan_case WHERE district_code = '310115' ORDER BY md5(case_number) LIMIT 500`,
    )
  ).map((r) => r.case_number);
  const enterprise = (
    await sql<{ uscc: string }>(
      ownerUrl,
      `SELECT enterprise_uscc AS uscc FROM loan_case WHERE bank_org_id = 'BANK-SHCB' ORDER BY case_number LIMIT 1 OFFSET 777`,
    )
  )[0]!.uscc;
  const list = (name: string, user: string, query: string): Scenario => ({
    family: 'list',
    name,
    user,
    path: () => `/api/v1/cases?${query}`,
  });
  const year = SCALE_BUSINESS_DATE.slice(0, 4);
  return [
    list('list: own bank, newest first (default)', 'officer.shcb', 'limit=20'),
    list(
      'list: live loans, next due first',
      'officer.shcb',
      'status=ACTIVE,OVERDUE&sort=nextDueDate&limit=20',
    ),
    list(
      'list: in arrears, most days past due',
      'officer.pdib',
      'minDaysPastDue=1&sort=-daysPastDue&limit=50',
    ),
    list('list: my cases, recently updated', 'officer2.shcb', 'owner=me&sort=-updatedAt&limit=20'),
    list(
      'list: district, active, largest first',
      'admin.ipo',
      'district=310115&status=ACTIVE&sort=-amount&limit=20',
    ),
    list(
      'list: district reviewer, text search',
      'reviewer.pudong',
      `q=${encodeURIComponent('张江生物')}&limit=20`,
    ),
    list('list: one enterprise by USCC', 'admin.ipo', `enterprise=${enterprise}&limit=20`),
    list(
      'list: deep cursor, newest first, row 30,000',
      'officer.shcb',
      `limit=20&cursor=${cursor('-createdAt', created.value, created.case_number)}`,
    ),
    list(
      'list: deep cursor, by amount, row 80,000',
      'admin.ipo',
      `sort=amount&limit=20&cursor=${cursor('amount', amount.value, amount.case_number)}`,
    ),
    list(
      'list: deep cursor, live loans by due date, row 20,000',
      'officer.pdib',
      `status=ACTIVE,OVERDUE&sort=nextDueDate&limit=20&cursor=${cursor('nextDueDate', due.value, due.case_number)}`,
    ),
    {
      family: 'detail',
      name: 'detail: own bank, random cases',
      user: 'officer.shcb',
      path: (i) => `/api/v1/cases/${shcb[i % shcb.length]}`,
    },
    {
      family: 'detail',
      name: 'detail: district reviewer, random cases',
      user: 'reviewer.pudong',
      path: (i) => `/api/v1/cases/${pudong[i % pudong.length]}`,
    },
    ...(
      [
        ['officer.shcb', 'sort=deadline&pageSize=20'],
        ['approver.shcb', 'sort=deadline&pageSize=20'],
        ['evaluator.huayu', 'sort=since&pageSize=20'],
        ['clerk.reg', 'sort=deadline&pageSize=20&page=5'],
        ['officer.pdib', 'sla=LATE&pageSize=20'],
      ] as const
    ).map(
      ([user, query]): Scenario => ({
        family: 'inbox',
        name: `inbox: ${user} (${query})`,
        user,
        path: () => `/api/v1/tasks?${query}`,
      }),
    ),
    // Two only: each takes seconds here, and the run must stay within ten minutes.
    ...['admin.ipo', 'reviewer.pudong'].map(
      (user): Scenario => ({
        family: 'indicators',
        name: `indicators: ${user}`,
        user,
        path: () => `/api/v1/indicators?year=${year}&asOf=${SCALE_BUSINESS_DATE}`,
      }),
    ),
  ];
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  if (res.status !== 200)
    throw new Error(`dev-login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** 20 clients share the scenario's requests; any answer but 200 stops the benchmark. */
async function runScenario(
  base: string,
  token: string,
  scenario: Scenario,
): Promise<ScenarioFigure> {
  const get = async (i: number) => {
    const res = await fetch(`${base}${scenario.path(i)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await res.text();
    if (res.status !== 200)
      throw new Error(`${scenario.name}: ${scenario.path(i)} answered ${res.status}: ${body}`);
    return body;
  };
  const first = JSON.parse(await get(0)) as { items?: unknown[]; total?: number };
  const size =
    scenario.family === 'list' || scenario.family === 'inbox' ? (first.total ?? null) : null;
  // One client alone first (which also warms the pool's connections and plans): the
  // request's own cost, apart from queueing behind 19 others.
  const serial: number[] = [];
  const serialDeadline = performance.now() + SERIAL_CAP_SECONDS * 1000;
  for (let i = 1; i <= SERIAL_REQUESTS && performance.now() < serialDeadline; i++) {
    const start = performance.now();
    await get(i);
    serial.push(performance.now() - start);
  }
  serial.sort((a, b) => a - b);
  const latencies: number[] = [];
  const deadline = performance.now() + SCENARIO_CAP_SECONDS * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < REQUESTS && performance.now() < deadline; i = next++) {
        const start = performance.now();
        await get(i);
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    family: scenario.family,
    name: scenario.name,
    user: scenario.user,
    requests: latencies.length,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: Number(latencies[latencies.length - 1]!.toFixed(1)),
    serialP50Ms: percentile(serial, 0.5),
    size,
  };
}

export async function scaleBench(): Promise<void> {
  const adminUrl =
    process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const reuse = process.env.BENCH_SCALE_DB;
  const keep = process.env.BENCH_SCALE_KEEP === '1' || Boolean(reuse);
  const scratch = reuse ?? `ippledge_bench_scale_${Date.now().toString(36)}`;
  const ownerUrl = Object.assign(new URL(adminUrl), { pathname: `/${scratch}` }).toString();
  const appUrl = Object.assign(new URL(ownerUrl), { username: APP_DATABASE_ROLE, password: '' });
  const startedAt = performance.now();
  let load: LoadFigure[] = [];
  let loadSeconds: number | null = null;
  let server: { address: string; stop(): Promise<void> } | null = null;
  let app: Awaited<ReturnType<typeof createApiApp>> | null = null;
  try {
    // A kept database gets the migrations added since it was loaded (an index being tried).
    if (reuse) await migrate(ownerUrl);
    else {
      const loadStart = performance.now();
      await migrate(ownerUrl);
      const db = createDataSource(ownerUrl);
      await db.initialize();
      try {
        await seed(db, { businessDate: SCALE_BUSINESS_DATE });
        load = await loadScaleData(db);
      } finally {
        await db.destroy();
      }
      loadSeconds = Number(((performance.now() - loadStart) / 1000).toFixed(1));
      console.log(`loaded in ${loadSeconds} s`, load);
    }

    // The API's Temporal client connects at start; nothing here starts a workflow.
    const cli = temporal.ensureTemporalCli(console.log);
    server = await temporal.startDevServer({
      cli,
      port: await temporal.freePort(),
      headless: true,
    });
    const suffix = Date.now().toString(36);
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: appUrl.toString(),
      DATABASE_OWNER_URL: ownerUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `bench-scale-${suffix}`,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: `bench-scale-${suffix}`,
      ENSURE_SCHEDULES: 'false',
      API_PORT: '0',
      JWT_SECRET: `ippledge-bench-scale-${suffix}`.padEnd(48, '-'),
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
      RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    });
    app = await createApiApp({ logs: false });
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    const all = await scenarios(ownerUrl);
    const tokens = new Map<string, string>();
    for (const s of all) if (!tokens.has(s.user)) tokens.set(s.user, await login(base, s.user));
    const figures: ScenarioFigure[] = [];
    for (const s of all) {
      const figure = await runScenario(base, tokens.get(s.user)!, s);
      console.log(
        `${figure.name}: p50 ${figure.p50Ms} ms, p99 ${figure.p99Ms} ms, alone ${figure.serialP50Ms} ms (${figure.requests} requests, size ${figure.size})`,
      );
      figures.push(figure);
    }
    const counts = (
      await sql<{ cases: number; repayments: number; instalments: number; events: number }>(
        ownerUrl,
        `SELECT (SELECT count(*)::int FROM loan_case) AS cases, (SELECT count(*)::int FROM repayment) AS repayments,
                (SELECT count(*)::int FROM schedule_instalment) AS instalments, (SELECT count(*)::int FROM case_event) AS events`,
      )
    )[0]!;
    if (counts.cases !== SCALE_CASES || counts.repayments !== SCALE_REPAYMENTS)
      throw new Error(`loaded ${counts.cases} cases and ${counts.repayments} repayments`);
    await writeResults({
      environment: await benchEnvironment(ownerUrl, {
        clients: CLIENTS,
        requestsPerScenario: REQUESTS,
        scenarioCapSeconds: SCENARIO_CAP_SECONDS,
        serialRequestsPerScenario: SERIAL_REQUESTS,
        apiDatabasePoolSize: Number((dataSourceOptions(ownerUrl).extra as { max: number }).max),
        jit: 'off',
        businessDate: SCALE_BUSINESS_DATE,
        cases: counts.cases,
        repayments: counts.repayments,
        scheduleInstalments: counts.instalments,
        caseEvents: counts.events,
        loadSeconds,
        reusedDatabase: Boolean(reuse),
      }),
      load,
      figures,
      totalSeconds: Number(((performance.now() - startedAt) / 1000).toFixed(1)),
    });
  } finally {
    await app?.close();
    await server?.stop();
    if (keep)
      console.log(`kept the scratch database ${scratch} (BENCH_SCALE_DB=${scratch} reuses it)`);
    else {
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
      await admin.end();
    }
  }
}

async function writeResults(result: {
  environment: Awaited<ReturnType<typeof benchEnvironment>>;
  load: LoadFigure[];
  figures: ScenarioFigure[];
  totalSeconds: number;
}): Promise<void> {
  const families = (Object.keys(TARGET_MS) as Family[]).map((family) => {
    const of = result.figures.filter((f) => f.family === family);
    const worstP99 = Math.max(...of.map((f) => f.p99Ms));
    return {
      family,
      targetP99Ms: TARGET_MS[family],
      worstP99Ms: worstP99,
      met: worstP99 < TARGET_MS[family],
    };
  });
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'scale.json'),
    JSON.stringify({ ...result, targets: families }, null, 2) + '\n',
  );
  const env = result.environment;
  const lines = [
    `# API latency at scale — ${env.measuredAt}`,
    '',
    `${env.machine.cpus} × ${env.machine.cpuModel}, load average ${env.machine.loadAverage.join(' / ')} ` +
      `(at the end of the run); Node ${env.versions.node}, PostgreSQL ${env.versions.postgres}.`,
    `${env.settings.cases} cases, ${env.settings.repayments} repayments, ${env.settings.scheduleInstalments} instalments, ` +
      `${env.settings.caseEvents} timeline entries; ${CLIENTS} concurrent clients; API pool ${env.settings.apiDatabasePoolSize} connections; ` +
      `load ${env.settings.loadSeconds ?? 'reused'} s; whole run ${result.totalSeconds} s.`,
    '',
    '| family | target p99 | worst p99 | met |',
    '|---|---:|---:|---|',
    ...families.map(
      (f) =>
        `| ${f.family} | ${f.targetP99Ms} ms | ${f.worstP99Ms} ms | ${f.met ? 'yes' : '**no**'} |`,
    ),
    '',
    '| scenario | user | requests | p50 ms | p99 ms | max ms | 1 client p50 ms | total |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...result.figures.map(
      (f) =>
        `| ${f.name} | ${f.user} | ${f.requests} | ${f.p50Ms} | ${f.p99Ms} | ${f.maxMs} | ${f.serialP50Ms} | ${f.size ?? ''} |`,
    ),
    '',
    ...(result.load.length
      ? [
          '| load step | rows | seconds |',
          '|---|---:|---:|',
          ...result.load.map((l) => `| ${l.step} | ${l.rows || ''} | ${l.seconds} |`),
          '',
        ]
      : []),
  ];
  writeFileSync(join(dir, 'scale.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

if (require.main === module) {
  scaleBench().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}

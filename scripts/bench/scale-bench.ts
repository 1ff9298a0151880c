/**
 * Benchmark 2 of issue 13, API latency at scale: 100,000 cases and 1,000,000 repayments in a
 * scratch PostgreSQL database (scale-generator.ts), then the compiled API (apps/api main) as two
 * processes of their own, as the deployment runs it, under 20 concurrent HTTP clients in this
 * process with real tokens, requests round-robin between the two: p50/p99 of the case list
 * (filters, sorts, deep cursors), case detail, work inbox and indicators. Writes
 * bench/results/scale.{json,md}.
 *
 * `BENCH_SCALE_KEEP=1` keeps the scratch database and prints its name; `BENCH_SCALE_DB=<name>`
 * reuses a kept one (no second load); `BENCH_SCALE_API_PROCESSES` sets how many API processes;
 * `BENCH_SCALE_CPU_PROF=<dir>` profiles the first one.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
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

/** The repository (this file runs from dist/scripts/bench). */
const ROOT = join(__dirname, '..', '..', '..');
const CLIENTS = 20;
/**
 * Requests per scenario, unless its time cap ends it first (a slow query on a busy machine).
 * 3,000 so that the p99 is the 30 slowest: a full collection in one API process stalls the ten
 * or so requests in flight there, which would alone be the p99 of 1,000.
 */
const REQUESTS = 3000;
/**
 * Requests of every scenario sent, unmeasured, before any is measured, so that the API
 * processes run compiled code, as a service that has been up for a while does.
 */
const WARM_UP_REQUESTS = 100;
const SCENARIO_CAP_SECONDS = 12;
const SERIAL_REQUESTS = 10;
const SERIAL_CAP_SECONDS = 5;
/** Requests each made right after a write, so no cached answer or count serves it. */
const COLD_REQUESTS = 3;
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
  /** Median with one client alone, each request the first after a write (nothing cached). */
  coldSerialP50Ms: number;
  /** CPU the API process spent per request of the 20-client phase (user + system), Linux only. */
  apiCpuMsPerRequest: number | null;
  /** Indicators: 20 clients asking at once right after a write (one computation serves them). */
  coldConcurrent: { p50Ms: number; maxMs: number } | null;
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

/**
 * The clients' connections, kept alive as a browser or a gateway keeps them. node:http rather
 * than fetch: the clients share the machine's two cores with the API and PostgreSQL, and fetch
 * spent 0.35–0.85 ms of CPU on a request (measured in this process), up to a third of what the
 * API spends answering it.
 */
const clientAgent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

/**
 * A GET; sent again, once, when a kept-alive connection turns out to have been closed by the
 * API as the request went out (the server ends idle connections after 5 s, and that close can
 * cross a new request on the wire: the case Node's documentation answers with this retry).
 */
async function httpGet(url: string, token: string): Promise<{ status: number; body: string }> {
  try {
    return await httpGetOnce(url, token);
  } catch (error) {
    if (!(error instanceof ReusedConnectionReset)) throw error;
    return httpGetOnce(url, token);
  }
}

class ReusedConnectionReset extends Error {}

function httpGetOnce(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent: clientAgent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        req.reusedSocket && error.code === 'ECONNRESET'
          ? new ReusedConnectionReset(error.message)
          : error,
      ),
    );
    req.end();
  });
}

/** Request i of the scenario, to API process i mod n, as a round-robin load balancer sends it. */
function scenarioRequests(bases: readonly string[], token: string, scenario: Scenario) {
  return async (i: number) => {
    const { status, body } = await httpGet(`${bases[i % bases.length]}${scenario.path(i)}`, token);
    if (status !== 200)
      throw new Error(`${scenario.name}: ${scenario.path(i)} answered ${status}: ${body}`);
    return body;
  };
}

/** `count` requests shared by 20 clients, each sending its next as soon as one is answered. */
async function byClients(
  count: number,
  deadline: number,
  send: (i: number) => Promise<unknown>,
  answered: (ms: number) => void = () => undefined,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < count && performance.now() < deadline; i = next++) {
        const start = performance.now();
        await send(i);
        answered(performance.now() - start);
      }
    }),
  );
}

/** Unmeasured requests of the scenario, so that the code that answers it is compiled. */
async function warmUp(bases: readonly string[], token: string, scenario: Scenario) {
  const deadline = performance.now() + SCENARIO_CAP_SECONDS * 1000;
  await byClients(WARM_UP_REQUESTS, deadline, scenarioRequests(bases, token, scenario));
}

/** 20 clients share the scenario's requests; any answer but 200 stops the benchmark. */
async function runScenario(
  bases: readonly string[],
  token: string,
  scenario: Scenario,
  write: () => Promise<void>,
  apiPids: readonly number[],
): Promise<ScenarioFigure> {
  const get = scenarioRequests(bases, token, scenario);
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
  const cpuBefore = processesCpuMs(apiPids);
  const deadline = performance.now() + SCENARIO_CAP_SECONDS * 1000;
  await byClients(REQUESTS, deadline, get, (ms) => latencies.push(ms));
  const cpuAfter = processesCpuMs(apiPids);
  const apiCpuMsPerRequest =
    cpuBefore === null || cpuAfter === null
      ? null
      : Number(((cpuAfter - cpuBefore) / latencies.length).toFixed(2));
  latencies.sort((a, b) => a - b);
  // Cold: the first request after a write pays for what caches keyed by the read model's
  // generation would otherwise answer (a list's total, the indicators).
  const cold: number[] = [];
  for (let i = 0; i < COLD_REQUESTS; i++) {
    await write();
    const start = performance.now();
    await get(SERIAL_REQUESTS + 1 + i);
    cold.push(performance.now() - start);
  }
  cold.sort((a, b) => a - b);
  let coldConcurrent: ScenarioFigure['coldConcurrent'] = null;
  if (scenario.family === 'indicators') {
    await write();
    const together = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const start = performance.now();
        await get(client);
        return performance.now() - start;
      }),
    );
    together.sort((a, b) => a - b);
    coldConcurrent = {
      p50Ms: percentile(together, 0.5),
      maxMs: Number(together[together.length - 1]!.toFixed(1)),
    };
  }
  return {
    family: scenario.family,
    name: scenario.name,
    user: scenario.user,
    requests: latencies.length,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: Number(latencies[latencies.length - 1]!.toFixed(1)),
    serialP50Ms: percentile(serial, 0.5),
    coldSerialP50Ms: percentile(cold, 0.5),
    apiCpuMsPerRequest,
    coldConcurrent,
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
  const apis: ChildProcess[] = [];
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
    const bases: string[] = [];
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    for (let n = 0; n < API_PROCESSES; n++) {
      const port = await temporal.freePort();
      // The request log goes where production sends it, a stream of its own (here a file).
      const log = openSync(join(ROOT, '.tmp', `bench-scale-api-${suffix}-${n}.log`), 'w');
      const child = spawn(
        process.execPath,
        [...profileFlags(n), join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js')],
        {
          env: {
            ...process.env,
            ...apiEnvironment(suffix, port, appUrl.toString(), ownerUrl, server.address),
          },
          stdio: ['ignore', log, 'inherit'],
        },
      );
      apis.push(child);
      bases.push(`http://127.0.0.1:${port}`);
      await untilHealthy(bases[n]!, child);
    }
    const apiPids = apis.map((child) => child.pid!);
    const all = await scenarios(ownerUrl);
    const tokens = new Map<string, string>();
    for (const s of all)
      if (!tokens.has(s.user)) tokens.set(s.user, await login(bases[0]!, s.user));
    const figures: ScenarioFigure[] = [];
    // A write that changes no figure but, like any write to the read model, moves its
    // generation on (through the trigger a projection fires).
    const writer = new Client({ connectionString: ownerUrl });
    await writer.connect();
    const write = async () => {
      await writer.query(
        `UPDATE loan_case SET updated_at = updated_at WHERE case_number = (SELECT min(case_number) FROM loan_case)`,
      );
    };
    for (const s of all) await warmUp(bases, tokens.get(s.user)!, s);
    for (const s of all) {
      const figure = await runScenario(bases, tokens.get(s.user)!, s, write, apiPids).catch(
        async (error: unknown) => {
          await writer.end();
          throw error;
        },
      );
      console.log(
        `${figure.name}: p50 ${figure.p50Ms} ms, p99 ${figure.p99Ms} ms, alone ${figure.serialP50Ms} ms, ` +
          `alone after a write ${figure.coldSerialP50Ms} ms (${figure.requests} requests, size ${figure.size})`,
      );
      figures.push(figure);
    }
    await writer.end();
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
        warmUpRequestsPerScenario: WARM_UP_REQUESTS,
        client: 'node:http with a keep-alive agent, in the bench process',
        scenarioCapSeconds: SCENARIO_CAP_SECONDS,
        serialRequestsPerScenario: SERIAL_REQUESTS,
        apiProcess: `${API_PROCESSES} × node dist/apps/api/src/main.js, each its own process, requests round-robin between them (the clients run in the bench process)`,
        apiLogLevel: API_LOG_LEVEL,
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
    clientAgent.destroy();
    for (const child of apis) await stopProcess(child);
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

/** The API's log level as in production (a JSON line per request, into a file here). */
const API_LOG_LEVEL = 'info';
/**
 * BENCH_SCALE_CPU_PROF=<dir>: the first API process writes a V8 CPU profile there when it stops,
 * to see where a request's CPU goes (the figures of such a run are not comparable).
 */
function profileFlags(apiProcess: number): string[] {
  const dir = process.env.BENCH_SCALE_CPU_PROF;
  return dir && apiProcess === 0 ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** API processes, as the deployment runs them (deploy/: api × 2); BENCH_SCALE_API_PROCESSES. */
const API_PROCESSES = Number(process.env.BENCH_SCALE_API_PROCESSES ?? '2');

/** The API process's settings: the scratch database, its own queue prefix and task queue. */
function apiEnvironment(
  suffix: string,
  port: number,
  appUrl: string,
  ownerUrl: string,
  temporalAddress: string,
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: API_LOG_LEVEL,
    API_HOST: '127.0.0.1',
    API_PORT: String(port),
    DATABASE_URL: appUrl,
    DATABASE_OWNER_URL: ownerUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bench-scale-${suffix}`,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: `bench-scale-${suffix}`,
    ENSURE_SCHEDULES: 'false',
    JWT_SECRET: `ippledge-bench-scale-${suffix}`.padEnd(48, '-'),
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
  };
}

/** Waits until the API answers its health check; fails if the process ends first. */
async function untilHealthy(base: string, api: ChildProcess): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API process ended with ${api.exitCode}`);
    const ok = await fetch(`${base}/health`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the API did not become healthy within 60 s');
}

/** User and system CPU of a process so far, from /proc (null where there is none). */
/** The CPU of several processes together, or null if one cannot be read. */
function processesCpuMs(pids: readonly number[]): number | null {
  let total = 0;
  for (const pid of pids) {
    const ms = processCpuMs(pid);
    if (ms === null) return null;
    total += ms;
  }
  return total;
}

function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Linux's USER_HZ, 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

async function stopProcess(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const ended = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await ended;
  clearTimeout(timer);
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
      `${env.settings.loadSeconds === null ? 'a kept database (no load)' : `load ${env.settings.loadSeconds} s`}; whole run ${result.totalSeconds} s.`,
    `API: ${env.settings.apiProcess}; log level ${env.settings.apiLogLevel}.`,
    '',
    '| family | target p99 | worst p99 | met |',
    '|---|---:|---:|---|',
    ...families.map(
      (f) =>
        `| ${f.family} | ${f.targetP99Ms} ms | ${f.worstP99Ms} ms | ${f.met ? 'yes' : '**no**'} |`,
    ),
    '',
    `20 clients are warm figures: before any scenario is measured, each is sent ${WARM_UP_REQUESTS} unmeasured requests, so that the API runs compiled code; ` +
      'after the first request of a scenario, nothing is written, so a ' +
      "list's total and the indicators come from the caches keyed by the read model's generation. " +
      `"after a write": one client, each of ${COLD_REQUESTS} requests the first after a write to loan_case ` +
      '(nothing cached); for the indicators also 20 clients asking at once after a write.',
    '',
    '| scenario | user | requests | p50 ms | p99 ms | max ms | API CPU ms / request | 1 client p50 ms | 1 client after a write p50 ms | 20 at once after a write p50 / max ms | total |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.figures.map(
      (f) =>
        `| ${f.name} | ${f.user} | ${f.requests} | ${f.p50Ms} | ${f.p99Ms} | ${f.maxMs} | ${f.apiCpuMsPerRequest ?? ''} | ${f.serialP50Ms} | ${f.coldSerialP50Ms} | ` +
        `${f.coldConcurrent ? `${f.coldConcurrent.p50Ms} / ${f.coldConcurrent.maxMs}` : ''} | ${f.size ?? ''} |`,
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

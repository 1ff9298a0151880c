/**
 * Benchmark 1: the project's loan case against the bare engine, in one run on one Temporal
 * server. N cases go from application to disbursement and a first repayment through the real
 * API (the compiled API and worker, each its own process); the same number go through a bare
 * workflow of the same shape (bench/workflows) behind a thin HTTP server of its own, with its
 * own worker, each its own process too. Concurrency 1, 8 and 32, each measured A B B A.
 *
 * Alone: `npx tsc -p tsconfig.build.json && node dist/scripts/bench/lifecycle-bench.js`.
 * TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE) use a running server; `--cluster` starts one with
 * scripts/lib/temporal-cluster.js. Otherwise a headless dev server on its own SQLite file.
 *
 * For profiling, `--path=project|bare` and `--concurrency=N` measure one path at one concurrency
 * (twice, no ratio, no result files), and `--cpu-prof=DIR` runs the API and worker (or the bare
 * processes) under `node --cpu-prof` writing into DIR; `--log-statements` has PostgreSQL log every
 * statement of the scratch database (the server's own log); `--dump-history=FILE` writes the
 * events of the last case of each path measured, with their encoded sizes.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { DEMO_ENTERPRISES, patentNumber } from '../../libs/persistence/src/seed/seed';
import { migrateAndSeed } from '../../libs/persistence/src/seed/seeded-database';
import { benchEnvironment } from './environment';

const ROOT = join(__dirname, '..', '..', '..');
const BARE_WORKFLOW = join(ROOT, 'bench', 'workflows', 'bare-case.workflow.ts');
const BARE_TASK_QUEUE = 'bench-bare-case';
/** The steps of both paths, in order (the bare workflow's Update names). */
const STEP_NAMES = [
  'opened',
  'submit',
  'verifyIp',
  'requestValuation',
  'submitValuation',
  'approveCredit',
  'signContract',
  'submitRegistration',
  'acceptRegistration',
  'disburse',
  'recordRepayment',
] as const;

/** Cases per measured run at each concurrency; LIFECYCLE_SCALE multiplies them. */
const PLAN = [
  { concurrency: 1, cases: 6 },
  { concurrency: 8, cases: 24 },
  { concurrency: 32, cases: 48 },
];
const WARM_UP_CASES = 8;

type Path = 'project' | 'bare';

interface Run {
  path: Path;
  concurrency: number;
  cases: number;
  seconds: number;
  casesPerSecond: number;
  stepMs: number[];
  loadBefore: number;
  /** CPU of the path's own processes (API and worker) per case, and of the Temporal server. */
  ownCpuMsPerCase: number | null;
  temporalCpuMsPerCase: number | null;
  /** CPU of the PostgreSQL backends of the scratch database per case (a lower bound). */
  postgresCpuMsPerCase: number | null;
}

const log = (line: string): void => console.log(`[lifecycle-bench] ${line}`);

/** A `--name=value` argument of the command line. */
const argument = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  return Number(value.toFixed(1));
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? round(known.reduce((a, b) => a + b, 0) / known.length, 1) : null;
}

// --- the bare path's processes ----------------------------------------------------------------

async function bareWorker(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const tuning = workerTuning();
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: BARE_TASK_QUEUE,
    workflowsPath: BARE_WORKFLOW,
    activities: { nothing: async () => undefined },
    ...(tuning.maxConcurrentWorkflowTaskExecutions
      ? { maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTaskExecutions }
      : {}),
    ...(tuning.maxConcurrentActivityTaskExecutions
      ? { maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivityTaskExecutions }
      : {}),
    ...(tuning.maxCachedWorkflows ? { maxCachedWorkflows: tuning.maxCachedWorkflows } : {}),
  });
  process.once('SIGTERM', () => worker.shutdown());
  console.log('READY');
  await worker.run();
  await connection.close();
}

/** The project's worker-tuning variables, applied to the bare worker alike when set. */
function workerTuning(): Record<string, number | undefined> {
  const read = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  return {
    maxConcurrentWorkflowTaskExecutions: read('WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'),
    maxConcurrentActivityTaskExecutions: read('WORKER_MAX_CONCURRENT_ACTIVITIES'),
    maxCachedWorkflows: read('WORKER_MAX_CACHED_WORKFLOWS'),
  };
}

/** A thin HTTP hop in front of the bare workflow: parse JSON, send the Update, answer JSON. */
async function bareApi(): Promise<void> {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length
      ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as object)
      : {};
    const [, , , caseId, step] = (req.url ?? '').split('/'); // /bare/cases/:id/:step
    if (req.method !== 'POST' || !caseId || !step) return answer(res, 404, { code: 'NOT_FOUND' });
    const workflowId = `bare-case-${caseId}`;
    if (step === 'opened') {
      const start = new WithStartWorkflowOperation('bareCaseWorkflow', {
        workflowId,
        taskQueue: BARE_TASK_QUEUE,
        args: [{ caseId }],
        workflowIdConflictPolicy: 'FAIL',
      });
      start.workflowHandle().catch(() => undefined);
      const result = await client.workflow.executeUpdateWithStart('opened', {
        startWorkflowOperation: start,
        args: [body],
      });
      return answer(res, 201, result);
    }
    const result = await client.workflow
      .getHandle(workflowId)
      .executeUpdate(step, { args: [body] });
    return answer(res, 200, result);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      answer(res, 500, { error: 'the bare step failed', message: String(error) }),
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.BARE_API_PORT), '127.0.0.1', resolve),
  );
  process.once('SIGTERM', () => {
    server.close();
    void connection.close();
  });
  console.log('READY');
}

// --- driving cases over HTTP ------------------------------------------------------------------

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(url: string, method: string, body: unknown, token?: string): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function expectStatus(
  answer: Promise<Answer>,
  status: number,
  what: string,
): Promise<Answer['body']> {
  const got = await answer;
  if (got.status !== status)
    throw new Error(`${what}: expected ${status}, got ${got.status} ${JSON.stringify(got.body)}`);
  return got.body;
}

/** One step of a case: what is sent (path, body, user) on each path. */
interface CaseDriver {
  /** Runs one case's steps in order and returns each step's milliseconds. */
  drive(index: number): Promise<number[]>;
}

const USERS = {
  officer: 'officer.shcb',
  approver: 'approver.shcb',
  evaluator: 'evaluator.huayu',
  clerk: 'clerk.reg',
} as const;

async function timed(work: () => Promise<unknown>, into: number[]): Promise<void> {
  const start = performance.now();
  await work();
  into.push(performance.now() - start);
}

/** The project's path: the steps test/support/case-flows.ts drives, as the users it names. */
async function projectDriver(apiUrl: string, tag: string, total: number): Promise<CaseDriver> {
  const tokens: Record<string, string> = {};
  for (const [role, username] of Object.entries(USERS)) {
    const body = await expectStatus(
      call(`${apiUrl}/api/v1/auth/dev-login`, 'POST', { username }),
      200,
      `login ${username}`,
    );
    tokens[role] = body.accessToken as string;
  }
  const pledgor = DEMO_ENTERPRISES.pudongTech;
  await expectStatus(
    call(`${apiUrl}/api/v1/enterprises/${pledgor.uscc}`, 'GET', undefined, tokens.officer),
    200,
    'the seeded pledgor',
  );
  const today = (
    await expectStatus(
      call(`${apiUrl}/api/v1/business-date`, 'GET', undefined, tokens.officer),
      200,
      'business date',
    )
  ).businessDate as string;
  // The register entries are set up before the clock starts: they are not case steps.
  const base = 1_000_000 + Math.floor(Math.random() * 8_000_000);
  const assets = Array.from({ length: total }, (_, i) =>
    patentNumber(`20211${String(base + i).padStart(7, '0')}`),
  );
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < total; i = next++)
        await expectStatus(
          call(
            `${apiUrl}/api/v1/assets/${encodeURIComponent(assets[i]!)}`,
            'PUT',
            {
              kind: 'INVENTION_PATENT',
              title: 'lifecycle benchmark patent',
              owners: [pledgor.uscc],
              legalStatus: 'IN_FORCE',
              grantDate: '2023-05-12',
              expiryDate: '2041-03-30',
              annualFeePaidUntil: '2030-03-30',
            },
            tokens.clerk,
          ),
          200,
          'register an asset',
        );
    }),
  );
  let used = 0;
  return {
    async drive() {
      const asset = assets[used++];
      if (!asset) throw new Error('more cases than registered assets');
      const ref = `LB-${tag}-${used}`;
      const caseUrl = (path: string) => `${apiUrl}/api/v1/cases/${caseNumber}${path}`;
      const ms: number[] = [];
      const step = (path: string, body: object, who: keyof typeof USERS) =>
        timed(() => expectStatus(call(caseUrl(path), 'POST', body, tokens[who]), 200, path), ms);
      let caseNumber = '';
      await timed(async () => {
        const opened = await expectStatus(
          call(
            `${apiUrl}/api/v1/cases`,
            'POST',
            {
              bankReference: ref,
              productCode: 'SHCB-IP-STD',
              enterprise: { uscc: pledgor.uscc },
              amount: '500000.00',
              termMonths: 12,
              annualRate: '0.0345',
              repaymentMethod: 'EQUAL_INSTALMENT',
              assets: [{ type: 'PATENT', number: asset }],
            },
            tokens.officer,
          ),
          201,
          'open a case',
        );
        caseNumber = opened.caseNumber as string;
      }, ms);
      await step('/submit', {}, 'officer');
      await step('/verify-ip', {}, 'officer');
      await step('/valuation-request', { firmOrgId: 'VAL-HUAYU' }, 'officer');
      await step(
        '/valuation-report',
        {
          reportNumber: `VR-${ref}`,
          method: 'INCOME',
          baseDate: today,
          assets: [{ number: asset, value: '5000000.00' }],
        },
        'evaluator',
      );
      await step(
        '/credit-approval',
        { riskSharing: { bankBp: 2000, insurerBp: 1600, fundBp: 5400, guarantorBp: 1000 } },
        'approver',
      );
      await step(
        '/contract',
        {
          loanContractNumber: `LC-${ref}`,
          pledgeContractNumber: `PC-${ref}`,
          signedOn: today,
          forfeitureClause: false,
        },
        'officer',
      );
      await step('/registration', {}, 'officer');
      await step(
        '/registration/accept',
        { registrationNumber: `RG-${ref}`, registeredOn: today },
        'clerk',
      );
      await step('/disbursement', { reference: `DB-${ref}`, valueDate: today }, 'officer');
      await step(
        '/repayments',
        { reference: `RP-${ref}`, amount: '5000.00', valueDate: today },
        'officer',
      );
      started.project.push(`loan-case-${caseNumber}`);
      return ms;
    },
  };
}

/** The bare path: the same steps, in the same order, over the thin HTTP hop. */
function bareDriver(bareUrl: string, tag: string): CaseDriver {
  let used = 0;
  return {
    async drive() {
      const caseId = `${tag}-${++used}`;
      const ms: number[] = [];
      for (const [i, step] of STEP_NAMES.entries())
        await timed(
          () =>
            expectStatus(
              call(`${bareUrl}/bare/cases/${caseId}/${step}`, 'POST', { step }),
              i === 0 ? 201 : 200,
              `bare ${step}`,
            ),
          ms,
        );
      started.bare.push(`bare-case-${caseId}`);
      return ms;
    },
  };
}

/** Workflow ids started, for the history figures and the clean-up on an external server. */
const started: Record<Path, string[]> = { project: [], bare: [] };

/**
 * The processes whose CPU a run is charged with: the path's own two, and Temporal's (the dev
 * server, or the cluster's four services, whose pids are read at each measurement since a
 * service may have been restarted).
 */
const cpuOf: { project: number[]; bare: number[]; temporal: () => number[] } = {
  project: [],
  bare: [],
  temporal: () => [],
};

/** The cluster's own PostgreSQL databases, whose backends count as Temporal's CPU. */
const temporalDatabases: string[] = [];

/**
 * The PostgreSQL backends serving the scratch database (the project's pools; the bare path has
 * none), as pid → CPU seconds so far. A backend that ends between two readings is lost from
 * the difference, so the figure is a lower bound; the pools keep their connections open.
 */
async function postgresCpu(
  adminUrl: string,
  databases: readonly string[],
): Promise<Map<number, number>> {
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = ANY($1)',
      [databases],
    );
    const cpu = new Map<number, number>();
    for (const { pid } of rows) {
      const seconds = (() => {
        try {
          return cpuSeconds([pid]);
        } catch {
          return null; // ended since the query
        }
      })();
      if (seconds !== null) cpu.set(pid, seconds);
    }
    return cpu;
  } finally {
    await admin.end();
  }
}

/** Where `postgresCpu` reads from; unset, a run reports no PostgreSQL figure. */
const postgresOf: { adminUrl: string; database: string } = { adminUrl: '', database: '' };

function postgresDelta(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0;
  // A backend first seen after the start counts from zero: it was started during the run.
  for (const [pid, now] of after) seconds += now - (before.get(pid) ?? 0);
  return seconds;
}

/** User + system CPU seconds of processes so far (Linux /proc; null elsewhere). */
function cpuSeconds(pids: number[]): number | null {
  if (pids.length === 0 || !existsSync('/proc/self/stat')) return null;
  let ticks = 0;
  for (const pid of pids) {
    // Fields after the command name: state is the 3rd; utime and stime the 14th and 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / CLOCK_TICKS;
}

/** Linux's USER_HZ, which /proc reports CPU times in, is 100 on every common kernel. */
const CLOCK_TICKS = 100;

async function measure(
  path: Path,
  driver: CaseDriver,
  concurrency: number,
  cases: number,
): Promise<Run> {
  const loadBefore = round(loadavg()[0]!);
  const ownBefore = cpuSeconds(cpuOf[path]);
  const eachBefore = cpuOf[path].map((pid) => cpuSeconds([pid]));
  const temporalPids = cpuOf.temporal();
  const temporalBefore = cpuSeconds(temporalPids);
  const pgBefore = postgresOf.database
    ? await postgresCpu(postgresOf.adminUrl, [postgresOf.database])
    : null;
  const temporalPgBefore =
    postgresOf.adminUrl && temporalDatabases.length > 0
      ? await postgresCpu(postgresOf.adminUrl, temporalDatabases)
      : null;
  const stepMs: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < cases; i = next++) stepMs.push(...(await driver.drive(i)));
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const pgAfter = pgBefore ? await postgresCpu(postgresOf.adminUrl, [postgresOf.database]) : null;
  const temporalPgAfter = temporalPgBefore
    ? await postgresCpu(postgresOf.adminUrl, temporalDatabases)
    : null;
  // On the cluster, Temporal's figure is its services' and their PostgreSQL backends'.
  const temporalAfter = cpuSeconds(temporalPids);
  const temporalSeconds =
    temporalBefore === null || temporalAfter === null
      ? null
      : temporalAfter -
        temporalBefore +
        (temporalPgBefore && temporalPgAfter
          ? postgresDelta(temporalPgBefore, temporalPgAfter)
          : 0);
  const perCase = (before: number | null, after: number | null) =>
    before === null || after === null ? null : round(((after - before) * 1000) / cases, 1);
  const run = {
    path,
    concurrency,
    cases,
    seconds: round(seconds, 3),
    casesPerSecond: round(cases / seconds, 3),
    stepMs,
    loadBefore,
    ownCpuMsPerCase: perCase(ownBefore, cpuSeconds(cpuOf[path])),
    temporalCpuMsPerCase: perCase(0, temporalSeconds),
    postgresCpuMsPerCase: pgBefore && pgAfter ? perCase(0, postgresDelta(pgBefore, pgAfter)) : null,
  };
  log(
    `${path} c=${concurrency}: ${cases} cases in ${run.seconds} s = ${run.casesPerSecond} cases/s, ` +
      `step p50 ${percentile(stepMs, 0.5)} ms p99 ${percentile(stepMs, 0.99)} ms, CPU/case ` +
      `${run.ownCpuMsPerCase} ms own + ${run.temporalCpuMsPerCase} ms Temporal + ` +
      `${run.postgresCpuMsPerCase} ms PostgreSQL (load ${loadBefore}); own: API ` +
      cpuOf[path].map((pid, i) => perCase(eachBefore[i]!, cpuSeconds([pid]))).join(' + worker '),
  );
  return run;
}

// --- history figures --------------------------------------------------------------------------

interface HistoryFigure {
  workflowId: string;
  events: number;
  bytes: number;
  activities: number;
  searchAttributeUpserts: number;
  updatesCompleted: number;
}

async function historyFigure(client: Client, workflowId: string): Promise<HistoryFigure> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const T = temporal.api.enums.v1.EventType;
  const count = (type: number) => events.filter((e) => e.eventType === type).length;
  return {
    workflowId,
    events: events.length,
    bytes: temporal.api.history.v1.History.encode(history).finish().length,
    activities: count(T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
    searchAttributeUpserts: count(T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES),
    updatesCompleted: count(T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED),
  };
}

/** Each event of the last case of either path: its type, encoded bytes and what it names. */
async function historyEvents(client: Client): Promise<object> {
  const T = temporal.api.enums.v1.EventType;
  const of = async (workflowId: string | undefined) => {
    if (!workflowId) return [];
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).map((event) => ({
      id: Number(event.eventId),
      type: T[event.eventType ?? 0]?.replace('EVENT_TYPE_', ''),
      bytes: temporal.api.history.v1.HistoryEvent.encode(event).finish().length,
      name:
        event.activityTaskScheduledEventAttributes?.activityType?.name ??
        event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ??
        undefined,
    }));
  };
  return {
    project: await of(started.project[started.project.length - 1]),
    bare: await of(started.bare[started.bare.length - 1]),
  };
}

// --- processes --------------------------------------------------------------------------------

interface Child {
  name: string;
  child: ChildProcess;
}

function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv, logDir: string): Child {
  const out = openSync(join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', out, out] });
  return { name, child };
}

async function waitFor(what: string, check: () => Promise<boolean>, children: Child[]) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const dead = children.find((c) => c.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode}); see its log`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function stopProcess({ child }: Child): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await new Promise((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
}

/** scripts/lib/temporal.js: plain Node, shared with `npm start` and the test harness. */
interface TemporalScripts {
  ensureTemporalCli(log: (line: string) => void): string;
  freePort(): Promise<number>;
  startDevServer(
    options: object,
  ): Promise<{ address: string; child: ChildProcess; args: string[]; stop(): Promise<void> }>;
}

function temporalScripts(): TemporalScripts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const scripts = require(join(ROOT, 'scripts', 'lib', 'temporal.js')) as TemporalScripts;
  return scripts;
}

const freePort = (): Promise<number> => temporalScripts().freePort();

/** scripts/bundle-workflows.js: the one way the project bundles its workflows. */
function writeWorkflowBundle(
  workflowsPath: string,
  out: string,
  options: { quiet: boolean },
): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundler = require(join(ROOT, 'scripts', 'bundle-workflows.js')) as {
    writeWorkflowBundle: typeof writeWorkflowBundle;
  };
  return bundler.writeWorkflowBundle(workflowsPath, out, options);
}

// --- the run ----------------------------------------------------------------------------------

interface TemporalTarget {
  address: string;
  namespace: string;
  kind: 'dev-server' | 'external' | 'cluster';
  flags: string[];
  /** The server's processes, when this run started them (read when asked: a service may restart). */
  pids(): number[];
  /** Its own PostgreSQL databases (the cluster's persistence and visibility), else none. */
  databases: string[];
  cli: string | undefined;
  stop(): Promise<void>;
}

/**
 * The dev server's flags as scripts/lib/temporal.js started it, a flag and its value together,
 * the search attributes as one entry.
 */
function devServerFlags(args: string[]): string[] {
  const flags = [`${args[0]} ${args[1]}`];
  for (let i = 2; i < args.length; i++) {
    const flag = args[i]!;
    const value = args[i + 1]?.startsWith('--') === false ? args[++i] : undefined;
    if (flag !== '--search-attribute') flags.push(value === undefined ? flag : `${flag} ${value}`);
    else if (!flags.includes('--search-attribute (the six case attributes)'))
      flags.push('--search-attribute (the six case attributes)');
  }
  return flags;
}

async function temporalTarget(
  adminUrl: string,
  workDir: string,
  onCluster: boolean,
): Promise<TemporalTarget> {
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  if (onCluster) {
    const modulePath = join(ROOT, 'scripts', 'lib', 'temporal-cluster.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cluster = require(modulePath) as {
      startCluster(options: object): Promise<{
        address: string;
        namespace: string;
        databases: { main: string; visibility: string };
        services: Record<string, { pid: number | null }>;
        stop(): Promise<void>;
      }>;
    };
    const started = await cluster.startCluster({
      adminUrl,
      name: 'bench_lifecycle',
      log,
      logDir: workDir,
    });
    return {
      address: started.address,
      namespace: started.namespace,
      kind: 'cluster',
      flags: ['scripts/lib/temporal-cluster.js startCluster (PostgreSQL persistence)'],
      pids: () =>
        Object.values(started.services)
          .map((service) => service.pid)
          .filter((pid): pid is number => pid !== null),
      databases: [started.databases.main, started.databases.visibility],
      cli: undefined,
      stop: () => started.stop(),
    };
  }
  if (process.env.TEMPORAL_ADDRESS) {
    return {
      address: process.env.TEMPORAL_ADDRESS,
      namespace,
      kind: 'external',
      flags: [`TEMPORAL_ADDRESS=${process.env.TEMPORAL_ADDRESS}`],
      pids: () => [],
      databases: [],
      cli: undefined,
      stop: async () => undefined,
    };
  }
  const tl = temporalScripts();
  const cli = tl.ensureTemporalCli(log);
  const port = await tl.freePort();
  const dbFile = join(workDir, 'temporal.db');
  const server = await tl.startDevServer({
    cli,
    port,
    dbFile,
    headless: true,
    logFile: join(workDir, 'temporal.log'),
  });
  return {
    address: server.address,
    namespace: 'default',
    kind: 'dev-server',
    flags: devServerFlags(server.args),
    pids: () => (server.child.pid ? [server.child.pid] : []),
    databases: [],
    cli,
    stop: () => server.stop(),
  };
}

/**
 * One run of the plan on one Temporal server: the dev server (bench/results/lifecycle.*), or
 * with `onCluster` the cluster of scripts/lib/temporal-cluster.js (bench/results/lifecycle-cluster.*).
 */
export async function lifecycleBench(
  options: { onCluster?: boolean } = { onCluster: process.argv.includes('--cluster') },
): Promise<void> {
  const onCluster = options.onCluster ?? false;
  const results = onCluster ? 'lifecycle-cluster' : 'lifecycle';
  const adminUrl =
    process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
  const workDir = join(ROOT, '.tmp', `bench-lifecycle-${tag}`);
  mkdirSync(workDir, { recursive: true });
  const scale = Number(process.env.LIFECYCLE_SCALE ?? '1');
  const plan = PLAN.map((p) => ({
    ...p,
    cases: Math.max(p.concurrency, Math.round(p.cases * scale)),
  }));
  const scratch = `ippledge_bench_life_${tag.toLowerCase()}`;
  const ownerUrl = Object.assign(new URL(adminUrl), { pathname: `/${scratch}` }).toString();
  const appUrl = Object.assign(new URL(ownerUrl), {
    username: 'ippledge_app',
    password: '',
  }).toString();
  const children: Child[] = [];
  let target: TemporalTarget | null = null;
  let client: Client | null = null;
  let measured = false;
  const dropScratch = async () => {
    const admin = new PgClient({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.end();
  };
  // Interrupted, the bench still stops what it started (processes, server) before it exits.
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the processes and the server`);
    void Promise.all(children.map(stopProcess))
      .then(() => target?.stop())
      .then(dropScratch)
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    log(`migrating and seeding ${scratch}...`);
    await migrateAndSeed(ownerUrl);

    if (process.argv.includes('--log-statements')) {
      // Every statement of the scratch database into the server's log, to count them per step.
      const admin = new PgClient({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`ALTER DATABASE "${scratch}" SET log_statement = 'all'`);
      await admin.end();
    }

    target = await temporalTarget(adminUrl, workDir, onCluster);
    log(`Temporal at ${target.address} (${target.kind})`);
    const bundlePath = join(workDir, 'workflow-bundle.js');
    // The bundle production workers load, tracing interceptors included.
    await writeWorkflowBundle(join(__dirname, '..', '..', 'workflows'), bundlePath, {
      quiet: true,
    });

    const apiPort = await freePort();
    const barePort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: appUrl,
      DATABASE_OWNER_URL: ownerUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
      QUEUE_PREFIX: `bench-${tag}`,
      TEMPORAL_ADDRESS: target.address,
      TEMPORAL_NAMESPACE: target.namespace,
      TEMPORAL_TASK_QUEUE: `bench-project-${tag}`,
      WORKFLOW_BUNDLE_PATH: bundlePath,
      ENSURE_SCHEDULES: 'false',
      API_PORT: String(apiPort),
      API_HOST: '127.0.0.1',
      METRICS_PORT: '0',
      JWT_SECRET: `ippledge-bench-secret-${tag}`.padEnd(48, '-'),
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
      RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
      BARE_API_PORT: String(barePort),
    };
    const self = join(__dirname, 'lifecycle-bench.js');
    const profileDir = argument('cpu-prof');
    const node = (name: string, args: string[]) =>
      profileDir
        ? // A directory per process: its worker threads (workflows) write profiles of their own.
          ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`, ...args]
        : args;
    children.push(
      startProcess('worker', node('worker', ['dist/apps/worker/src/main.js']), env, workDir),
    );
    children.push(startProcess('api', node('api', ['dist/apps/api/src/main.js']), env, workDir));
    children.push(
      startProcess('bare-worker', node('bare-worker', [self, '--role=bare-worker']), env, workDir),
    );
    children.push(
      startProcess('bare-api', node('bare-api', [self, '--role=bare-api']), env, workDir),
    );
    const pidOf = (name: string) => children.find((c) => c.name === name)!.child.pid!;
    cpuOf.project = [pidOf('api'), pidOf('worker')];
    cpuOf.bare = [pidOf('bare-api'), pidOf('bare-worker')];
    cpuOf.temporal = () => target!.pids();
    temporalDatabases.splice(0, temporalDatabases.length, ...target.databases);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const bareUrl = `http://127.0.0.1:${barePort}`;
    await waitFor('the API', async () => (await fetch(`${apiUrl}/health`)).ok, children);
    await waitFor(
      'the bare API',
      async () => (await call(`${bareUrl}/bare/x`, 'POST', {})).status === 404,
      children,
    );

    const projectCases = WARM_UP_CASES + plan.reduce((sum, p) => sum + 2 * p.cases, 0);
    const project = await projectDriver(apiUrl, tag, projectCases);
    const bare = bareDriver(bareUrl, tag);
    log('warming up both paths...');
    await measure('project', project, 8, WARM_UP_CASES);
    await measure('bare', bare, 8, WARM_UP_CASES);

    postgresOf.adminUrl = adminUrl;
    postgresOf.database = scratch;
    const onlyPath = argument('path') as Path | undefined;
    const onlyConcurrency = argument('concurrency');
    if (onlyPath || onlyConcurrency) {
      // A profiling run: one path (or both, A B B A), one concurrency (or all); no result files.
      for (const { concurrency, cases } of plan) {
        if (onlyConcurrency && concurrency !== Number(onlyConcurrency)) continue;
        for (const path of ['project', 'bare', 'bare', 'project'] as const) {
          if (onlyPath && path !== onlyPath) continue;
          await measure(path, path === 'project' ? project : bare, concurrency, cases);
        }
      }
      const historyFile = argument('dump-history');
      if (historyFile) {
        const connection = await Connection.connect({ address: target.address });
        client = new Client({ connection, namespace: target.namespace });
        writeFileSync(historyFile, JSON.stringify(await historyEvents(client), null, 1) + '\n');
      }
      measured = true;
      return;
    }

    const runs: Run[] = [];
    for (const { concurrency, cases } of plan) {
      // A B B A: a drift in the machine's load falls on both paths alike.
      for (const [path, driver] of [
        ['project', project],
        ['bare', bare],
        ['bare', bare],
        ['project', project],
      ] as const)
        runs.push(await measure(path, driver, concurrency, cases));
    }

    const connection = await Connection.connect({ address: target.address });
    client = new Client({ connection, namespace: target.namespace });
    const histories = {
      project: await historyFigure(client, started.project[started.project.length - 1]!),
      bare: await historyFigure(client, started.bare[started.bare.length - 1]!),
    };

    const summary = plan.map(({ concurrency }) => {
      const of = (path: Path) =>
        runs.filter((r) => r.path === path && r.concurrency === concurrency);
      const figures = (path: Path) => {
        const mine = of(path);
        const steps = mine.flatMap((r) => r.stepMs);
        return {
          casesPerSecond: round(mine.reduce((s, r) => s + r.casesPerSecond, 0) / mine.length, 3),
          runs: mine.map((r) => r.casesPerSecond),
          stepP50Ms: percentile(steps, 0.5),
          stepP99Ms: percentile(steps, 0.99),
          ownCpuMsPerCase: mean(mine.map((r) => r.ownCpuMsPerCase)),
          temporalCpuMsPerCase: mean(mine.map((r) => r.temporalCpuMsPerCase)),
          postgresCpuMsPerCase: mean(mine.map((r) => r.postgresCpuMsPerCase)),
        };
      };
      const projectFigures = figures('project');
      const bareFigures = figures('bare');
      // Each A with the B next to it: (A1, B1) and (A2, B2).
      const [a1, a2] = of('project');
      const [b1, b2] = of('bare');
      return {
        concurrency,
        cases: of('project')[0]!.cases,
        project: projectFigures,
        bare: bareFigures,
        ratio: round(projectFigures.casesPerSecond / bareFigures.casesPerSecond),
        pairRatios: [
          round(a1!.casesPerSecond / b1!.casesPerSecond),
          round(a2!.casesPerSecond / b2!.casesPerSecond),
        ],
      };
    });

    const environment = await benchEnvironment(
      ownerUrl,
      {
        temporal: target.kind,
        temporalAddress: target.address,
        temporalFlags: target.flags.join(' '),
        temporalCpu:
          target.kind === 'cluster'
            ? 'the frontend, history, matching and worker service processes and the PostgreSQL backends of their two databases'
            : target.kind === 'dev-server'
              ? 'the dev server process'
              : 'not measured (a server this run did not start)',
        apiProcess: 'dist/apps/api/src/main.js (NODE_ENV=test, LOG_LEVEL=warn)',
        workerProcess: 'dist/apps/worker/src/main.js with a prebuilt workflow bundle',
        bareProcesses: 'a bare worker and a thin node:http server, one process each',
        bareHop: 'HTTP (JSON in, JSON out, no authentication) then a client Update',
        workerTuning: JSON.stringify(
          Object.fromEntries(
            Object.entries(workerTuning()).map(([k, v]) => [k, v ?? 'SDK default']),
          ),
        ),
        pgPoolMax: 10,
        redis: env.REDIS_URL!,
        plan: JSON.stringify(plan),
        warmUpCases: WARM_UP_CASES,
        order: 'per concurrency: project, bare, bare, project',
      },
      target.cli,
    );
    const result = {
      benchmark: 'lifecycle: project against the bare engine',
      environment,
      summary,
      histories,
      runs: runs.map(({ stepMs, ...run }) => ({
        ...run,
        stepP50Ms: percentile(stepMs, 0.5),
        stepP99Ms: percentile(stepMs, 0.99),
      })),
    };
    const dir = join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${results}.json`), JSON.stringify(result, null, 2) + '\n');
    const md = [
      `# Lifecycle against the bare engine — ${environment.measuredAt}`,
      '',
      `${environment.machine.cpus} × ${environment.machine.cpuModel}, load average ` +
        `${environment.machine.loadAverage.join(' / ')} at the end; Temporal: ${target.kind}.`,
      '',
      '| concurrency | cases/run | project cases/s | bare cases/s | ratio | ratio per A–B pair | project step p50 / p99 ms | bare step p50 / p99 ms | CPU ms/case project own + Temporal + PostgreSQL | CPU ms/case bare own + Temporal + PostgreSQL |',
      '|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|',
      ...summary.map(
        (s) =>
          `| ${s.concurrency} | ${s.cases} | ${s.project.casesPerSecond} | ${s.bare.casesPerSecond} | ` +
          `**${s.ratio}** | ${s.pairRatios.join(', ')} | ${s.project.stepP50Ms} / ${s.project.stepP99Ms} | ` +
          `${s.bare.stepP50Ms} / ${s.bare.stepP99Ms} | ` +
          `${s.project.ownCpuMsPerCase} + ${s.project.temporalCpuMsPerCase} + ${s.project.postgresCpuMsPerCase} | ` +
          `${s.bare.ownCpuMsPerCase} + ${s.bare.temporalCpuMsPerCase} + ${s.bare.postgresCpuMsPerCase} |`,
      ),
      '',
      '| history of one case | events | bytes | activities | search-attribute upserts | Updates |',
      '|---|---:|---:|---:|---:|---:|',
      ...(['project', 'bare'] as const).map((p) => {
        const h = histories[p];
        return `| ${p} | ${h.events} | ${h.bytes} | ${h.activities} | ${h.searchAttributeUpserts} | ${h.updatesCompleted} |`;
      }),
      '',
      '| run | path | concurrency | cases/s | step p50 / p99 ms | CPU ms/case own + Temporal + PostgreSQL | load before |',
      '|---:|---|---:|---:|---:|---:|---:|',
      ...result.runs.map(
        (r, i) =>
          `| ${i + 1} | ${r.path} | ${r.concurrency} | ${r.casesPerSecond} | ${r.stepP50Ms} / ${r.stepP99Ms} | ` +
          `${r.ownCpuMsPerCase} + ${r.temporalCpuMsPerCase} + ${r.postgresCpuMsPerCase} | ${r.loadBefore} |`,
      ),
      '',
      '## Settings',
      '',
      ...Object.entries(environment.settings).map(([k, v]) => `- ${k}: ${String(v)}`),
      ...Object.entries(environment.versions).map(([k, v]) => `- ${k}: ${v}`),
      '',
    ];
    writeFileSync(join(dir, `${results}.md`), md.join('\n'));
    console.log(md.join('\n'));
    measured = true;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    if (client && target && target.kind !== 'dev-server') {
      // A shared server keeps no open benchmark case behind.
      for (const id of [...started.project, ...started.bare])
        await client.workflow
          .getHandle(id)
          .terminate('benchmark done')
          .catch(() => undefined);
    }
    for (const child of [...children].reverse()) await stopProcess(child);
    await client?.connection.close();
    await target?.stop();
    await dropScratch();
    // The logs of a failed run stay in .tmp for reading.
    if (measured && target?.kind === 'dev-server')
      rmSync(workDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const role = process.argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
  const main =
    role === 'bare-worker' ? bareWorker : role === 'bare-api' ? bareApi : () => lifecycleBench();
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { APP_DATABASE_ROLE } from '../../libs/persistence/src/data-source';
import { migrateAndSeed } from '../../libs/persistence/src/seed/seeded-database';
import { loanCaseWorkflowId } from '../../workflows/loan-case/loan-case.shared';
import {
  act,
  advanceTo,
  businessDate,
  driveToRegistered,
  eventually,
  openCase,
  rowTotal,
  withDb,
  type Json,
} from '../support/case-flows';
import { reportFault } from '../support/fault-report';
import { userAgents, type TestSystem, type UserAgent } from '../support/test-system';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const temporalCluster = require('../../scripts/lib/temporal-cluster.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../scripts/lib/temporal.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeWorkflowBundle } = require('../../scripts/bundle-workflows.js');

jest.setTimeout(300_000);

interface ServiceHandle {
  kill(signal: string): Promise<void>;
  start(): Promise<void>;
}

interface Cluster {
  address: string;
  namespace: string;
  services: Record<'frontend' | 'history' | 'matching' | 'worker', ServiceHandle>;
  stop(): Promise<void>;
  drop(): Promise<void>;
}

const CASES = 6;
const root = join(__dirname, '..', '..');
const tmp = join(root, '.tmp');

/**
 * The case drivers over real HTTP against one API process: they use only `http`, `as` and
 * `db`, so the in-process parts of a TestSystem are left out.
 */
function remoteSystem(baseUrl: string, databaseUrl: string): TestSystem {
  const http = request(baseUrl);
  const system = {
    databaseUrl,
    http,
    as: userAgents(http),
    async db(): Promise<PgClient> {
      const client = new PgClient({ connectionString: databaseUrl });
      await client.connect();
      return client;
    },
  };
  return system as unknown as TestSystem;
}

/** Spawns a compiled app and resolves once `ready` appears in its output; logs go to `logFile`. */
function startProcess(
  script: string,
  env: Record<string, string>,
  logFile: string,
  ready: (output: string) => boolean | Promise<boolean>,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist', script)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(logFile, { flags: 'a' });
    let output = '';
    let done = false;
    const check = async (): Promise<void> => {
      if (!done && (await ready(output))) {
        done = true;
        resolve(child);
      }
    };
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        log.write(chunk);
        output = (output + chunk.toString()).slice(-20_000);
        void check();
      });
    }
    child.once('exit', (code, signal) => {
      if (!done) reject(new Error(`${script} exited early (${signal ?? code}); see ${logFile}`));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(force);
}

async function apiHealthy(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/health`)).ok;
  } catch {
    return false;
  }
}

/**
 * The same code on a Temporal cluster: frontend, history, matching and the internal worker as
 * separate server processes on PostgreSQL with SQL visibility, two API and two worker
 * processes. Cases are driven through both APIs while the history service and then the
 * matching service are killed with SIGKILL and started again.
 */
describe('the system on a Temporal cluster, with history and matching killed mid-run', () => {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const adminUrl =
    process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const databaseName = `ippledge_cluster_${runId}`;
  const clusterOptions = {
    adminUrl,
    name: `test_${runId}`,
    logDir: tmp,
    log: (line: string) => process.stdout.write(`[cluster] ${line}\n`),
  };
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${databaseName}` }).toString();
  const processes: ChildProcess[] = [];
  let cluster: Cluster;
  let apis: TestSystem[] = [];
  let clusterStartSeconds = 0;

  beforeAll(async () => {
    mkdirSync(tmp, { recursive: true });
    const started = Date.now();
    cluster = await temporalCluster.startCluster(clusterOptions);
    clusterStartSeconds = (Date.now() - started) / 1000;

    // One database migrated and seeded as the owner, as the global set-up does for its template.
    await migrateAndSeed(databaseUrl);
    const bundlePath = join(tmp, `workflow-bundle-cluster-${runId}.js`);
    await writeWorkflowBundle(join(root, 'workflows'), bundlePath, { quiet: true });

    const env: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: Object.assign(new URL(databaseUrl), {
        username: APP_DATABASE_ROLE,
        password: '',
      }).toString(),
      DATABASE_OWNER_URL: databaseUrl,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
      QUEUE_PREFIX: `cluster-${runId}`,
      TEMPORAL_ADDRESS: cluster.address,
      TEMPORAL_NAMESPACE: cluster.namespace,
      TEMPORAL_TASK_QUEUE: `cluster-${runId}`,
      WORKFLOW_BUNDLE_PATH: bundlePath,
      // The business date moves only when the test says so.
      ENSURE_SCHEDULES: 'false',
      JWT_SECRET: `ippledge-cluster-secret-${runId}`.padEnd(48, '-'),
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
      RATE_LIMIT_WRITES_PER_MINUTE: '100000',
      NOTIFY_DISPATCH_INTERVAL_MS: '100',
    };
    const workers = await Promise.all(
      [0, 1].map(async (i) =>
        startProcess(
          join('apps', 'worker', 'src', 'main.js'),
          {
            ...env,
            METRICS_PORT: String(await freePort()),
            TEMPORAL_METRICS_PORT: String(await freePort()),
          },
          join(tmp, `cluster-${runId}-worker-${i}.log`),
          (output) => output.includes('Temporal worker running'),
        ),
      ),
    );
    processes.push(...workers);
    const ports: number[] = [await freePort(), await freePort()];
    const apiProcesses = await Promise.all(
      ports.map((port, i) =>
        startProcess(
          join('apps', 'api', 'src', 'main.js'),
          { ...env, API_PORT: String(port), API_HOST: '127.0.0.1' },
          join(tmp, `cluster-${runId}-api-${i}.log`),
          () => apiHealthy(`http://127.0.0.1:${port}`),
        ),
      ),
    );
    processes.push(...apiProcesses);
    apis = ports.map((port) => remoteSystem(`http://127.0.0.1:${port}`, databaseUrl));
  });

  afterAll(async () => {
    for (const child of processes.reverse()) await stopProcess(child);
    if (cluster) {
      await cluster.stop();
      await cluster.drop();
    }
    const admin = new PgClient({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await admin.end();
  });

  it('completes every case through both APIs, books what it acknowledged, and finds cases by search attribute', async () => {
    const started = Date.now();
    let acknowledged = 0;
    let inFlight = 0;
    const acknowledgedMoney = { disbursements: 0, repayments: 0 };
    /** Counts a step in flight until it answers; the fault injector reads both counters. */
    const step = async <T>(run: () => Promise<T>): Promise<T> => {
      inFlight += 1;
      try {
        const result = await run();
        acknowledged += 1;
        return result;
      } finally {
        inFlight -= 1;
      }
    };
    const faults: { service: 'history' | 'matching'; inFlight: number; seconds: number }[] = [];
    const killAndRestart = async (service: 'history' | 'matching'): Promise<void> => {
      const at = Date.now();
      faults.push({ service, inFlight, seconds: 0 });
      await cluster.services[service].kill('SIGKILL');
      await cluster.services[service].start();
      faults[faults.length - 1]!.seconds = (Date.now() - at) / 1000;
    };
    /** The same API with every POST (one lifecycle step each) counted in flight and acknowledged. */
    const counting = (api: TestSystem): TestSystem =>
      ({
        ...api,
        as: async (who: string): Promise<UserAgent> => {
          const agent = await api.as(who);
          return {
            ...agent,
            post: (path: string, payload?: object) => {
              let answered = false;
              return agent
                .post(path, payload)
                .on('request', () => (inFlight += 1))
                .on('response', (res: { status: number }) => {
                  answered = true;
                  inFlight -= 1;
                  if (res.status < 300) acknowledged += 1;
                })
                .on('error', () => {
                  if (!answered) inFlight -= 1;
                  answered = true;
                });
            },
          };
        },
      }) as TestSystem;
    const until = async (condition: () => boolean): Promise<void> => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
    };

    // Case i goes through API i % 2 for every step, so both processes carry the load.
    const valueDate = await businessDate(apis[0]!);
    const historyFault = until(() => acknowledged >= 20).then(() => killAndRestart('history'));
    const actives: Json[] = await Promise.all(
      Array.from({ length: CASES }, async (_, i) => {
        const api = apis[i % 2]!;
        const { caseNumber, request: body } = await step(() =>
          openCase(api, { amount: '600000.00', termMonths: 6 }),
        );
        await driveToRegistered(counting(api), caseNumber, { on: valueDate });
        const active = await step(() =>
          act(api, caseNumber, '/disbursement', {
            reference: `DB-${body.bankReference}`,
            valueDate,
          }),
        );
        expect(active.status).toBe('ACTIVE');
        acknowledgedMoney.disbursements += 1;
        return active;
      }),
    );
    await historyFault;

    // Every case was disbursed on the same date, so one close of business reaches every first due date.
    const firstDue = actives[0].schedule[0].dueDate as string;
    expect(actives.every((view) => view.schedule[0].dueDate === firstDue)).toBe(true);
    await advanceTo(apis[0]!, firstDue);
    const matchingFault = until(() => inFlight >= CASES).then(() => killAndRestart('matching'));
    const repaid: Json[] = await Promise.all(
      actives.map((view, i) =>
        step(async () => {
          const after = await act(apis[i % 2]!, view.caseNumber, '/repayments', {
            reference: `RP-${view.caseNumber}-1`,
            amount: rowTotal(view.schedule[0]),
            valueDate: firstDue,
          });
          acknowledgedMoney.repayments += 1;
          return after;
        }),
      ),
    );
    await matchingFault;
    for (const view of repaid) {
      expect(view.status).toBe('ACTIVE');
      expect(view.repayments).toHaveLength(1);
      expect(view.daysPastDue).toBe(0);
    }

    const caseNumbers = actives.map((view) => view.caseNumber as string);
    const books = await withDb(apis[0]!, async (db) => {
      const count = async (table: string): Promise<number> =>
        (
          await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE case_number = ANY($1)`, [
            caseNumbers,
          ])
        ).rows[0].n as number;
      return { disbursements: await count('disbursement'), repayments: await count('repayment') };
    });

    // Visibility on SQL: the workflow of a case is found by its search attributes.
    const connection = await Connection.connect({ address: cluster.address });
    try {
      const client = new TemporalClient({ connection, namespace: cluster.namespace });
      const target = caseNumbers[CASES - 1]!;
      await eventually(async () => {
        const found: string[] = [];
        for await (const execution of client.workflow.list({
          query: `CaseNumber = '${target}' AND CaseStatus = 'ACTIVE'`,
        }))
          found.push(execution.workflowId);
        expect(found).toEqual([loanCaseWorkflowId(target)]);
      }, 30_000);
    } finally {
      await connection.close();
    }

    const mismatched = reportFault({
      fault:
        'Temporal cluster: history service SIGKILL and restart, then matching service SIGKILL and restart',
      cases: CASES,
      inFlightAtFault: faults.reduce((sum, fault) => sum + fault.inFlight, 0),
      movements: {
        disbursements: {
          recorded: books.disbursements,
          acknowledged: acknowledgedMoney.disbursements,
        },
        repayments: { recorded: books.repayments, acknowledged: acknowledgedMoney.repayments },
      },
      notes: {
        'cluster start (s)': clusterStartSeconds.toFixed(1),
        'steps acknowledged': acknowledged,
        ...Object.fromEntries(
          faults.flatMap((fault) => [
            [`${fault.service}: steps in flight at the kill`, fault.inFlight],
            [`${fault.service}: kill to serving again (s)`, fault.seconds.toFixed(1)],
          ]),
        ),
        'cases driven (s)': ((Date.now() - started) / 1000).toFixed(1),
      },
    });
    expect(mismatched).toEqual([]);
    expect(books).toEqual({ disbursements: CASES, repayments: CASES });
    expect(faults.map((fault) => fault.service)).toEqual(['history', 'matching']);
  });

  it('starts again on its own databases after a full stop, on new ports, with every case it held', async () => {
    const before = cluster.address;
    await cluster.stop();
    // Every service rewrites the cluster's metadata for its new address; they must not race.
    cluster = await temporalCluster.startCluster(clusterOptions);
    expect(cluster.address).not.toBe(before);
    const connection = await Connection.connect({ address: cluster.address });
    try {
      const client = new TemporalClient({ connection, namespace: cluster.namespace });
      const active: string[] = [];
      for await (const execution of client.workflow.list({ query: `CaseStatus = 'ACTIVE'` }))
        active.push(execution.workflowId);
      expect(active).toHaveLength(CASES);
      // Each is a running workflow on the restarted cluster, answering from its history.
      for (const workflowId of active) {
        const described = await client.workflow.getHandle(workflowId).describe();
        expect(described.status.name).toBe('RUNNING');
      }
    } finally {
      await connection.close();
    }
  });
});

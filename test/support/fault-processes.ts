/**
 * Real processes and real locks for the fault tests: the compiled worker as its own process, a
 * Redis of a test's own, a row lock held by the test so that an activity is caught half-way
 * through its transaction, and what Temporal says is running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import IORedis from 'ioredis';
import { Client as PgClient } from 'pg';
import { eventually } from './case-flows';
import type { TestSystem } from './test-system';

const WORKER_MAIN = join(__dirname, '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Kills a child with `signal` and waits until it is gone; a child already gone is left alone. */
export async function killProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/**
 * The compiled worker (dist, as in production) as its own process on the system's task queue;
 * resolves once it polls. Its metrics port is off, so two of these never collide.
 */
export function startWorkerProcess(system: TestSystem): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: { ...process.env, ...system.env, LOG_LEVEL: 'info', METRICS_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Temporal worker running')) resolve(child);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`worker exited early (${code}): ${output.slice(-2000)}`)),
    );
  });
}

/** A Redis of the test's own that keeps nothing on disk: a kill loses every queued job. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await eventually(async () => {
    const client = new IORedis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
  });
  return redis;
}

/** A Temporal client on the system's server, to ask what its workflows are doing. */
export async function temporalClient(
  system: TestSystem,
): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: system.env.TEMPORAL_ADDRESS! });
  return { client: new Client({ connection }), close: () => connection.close() };
}

/** The activity types a workflow has started (a worker took them) and not completed. */
export async function startedActivities(client: Client, workflowId: string): Promise<string[]> {
  const { raw } = await client.workflow.getHandle(workflowId).describe();
  return (raw.pendingActivities ?? [])
    .filter(
      (a) => a.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
    )
    .map((a) => a.activityType?.name ?? '');
}

/**
 * Rows locked FOR UPDATE by the test in an open transaction: an activity that writes them waits
 * on the lock inside its own transaction, which is how a test holds it in the middle.
 */
export interface HeldLock {
  /** The statements (their first words) of the system database's backends waiting on a lock. */
  waiters(): Promise<string[]>;
  release(): Promise<void>;
}

export async function holdRowLock(
  system: TestSystem,
  select: string,
  parameters: unknown[],
): Promise<HeldLock> {
  const holder = new PgClient({ connectionString: system.databaseUrl });
  await holder.connect();
  await holder.query('BEGIN');
  const locked = await holder.query(`${select} FOR UPDATE`, parameters);
  if (locked.rowCount !== 1) throw new Error(`expected to lock one row, locked ${locked.rowCount}`);
  const database = new URL(system.databaseUrl).pathname.slice(1);
  const holderPid = (await holder.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid as number;
  return {
    async waiters() {
      // A connection of its own: inside the holder's transaction pg_stat_activity is a snapshot
      // taken once, and would not see backends arrive at the lock.
      const observer = new PgClient({ connectionString: system.databaseUrl });
      await observer.connect();
      try {
        const { rows } = await observer.query(
          `SELECT left(regexp_replace(ltrim(query), '\\s+', ' ', 'g'), 40) AS statement
             FROM pg_stat_activity
            WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> $2`,
          [database, holderPid],
        );
        return rows.map((r: { statement: string }) => r.statement);
      } finally {
        await observer.end();
      }
    },
    async release() {
      await holder.query('ROLLBACK');
      await holder.end();
    },
  };
}

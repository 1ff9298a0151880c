import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { APP_DATABASE_ROLE } from '../../libs/persistence/src/data-source';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { testEnv } from '../setup/test-env';

// The SDK's own logs at WARN: worker state changes would drown the test output.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed by an earlier test file in this process.
}

export interface TestSystem {
  /** This system's database as the superuser: what `db()` and `withDb` connect with. */
  databaseUrl: string;
  /** The same database as the application role, as the API and the worker connect. */
  appDatabaseUrl: string;
  taskQueue: string;
  env: Record<string, string>;
  http: ReturnType<typeof request>;
  /** Where the API listens (127.0.0.1, a free port), for clients other than `http`. */
  baseUrl: string;
  api: INestApplication;
  worker: INestApplicationContext | null;
  /** Authenticated request helpers for a seeded demo user. */
  as(username: string): Promise<UserAgent>;
  db(): Promise<PgClient>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface UserAgent {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
}

/**
 * A complete system for one test file: its own database cloned from the migrated, seeded
 * template, its own task queue and Redis prefix, an in-process worker and API on the real
 * Temporal dev server, PostgreSQL and Redis.
 */
/**
 * Signs users in on the API behind `http` (the development sign-in), once each, and answers
 * requests carrying their token.
 */
export function userAgents(
  http: ReturnType<typeof request>,
): (username: string) => Promise<UserAgent> {
  const tokens = new Map<string, string>();
  return async (username) => {
    let token = tokens.get(username);
    if (!token) {
      const res = await http.post('/api/v1/auth/dev-login').send({ username }).expect(200);
      token = res.body.accessToken as string;
      tokens.set(username, token);
    }
    const auth = `Bearer ${token}`;
    return {
      get: (path) => http.get(path).set('Authorization', auth),
      post: (path, body = {}) => http.post(path).set('Authorization', auth).send(body),
      put: (path, body = {}) => http.put(path).set('Authorization', auth).send(body),
    };
  };
}

export async function startTestSystem(
  options: {
    worker?: boolean;
    /** Configuration beyond the defaults below (a low rate limit, an identity provider). */
    env?: Record<string, string>;
    /**
     * Another PostgreSQL server (one a fault test starts and stops) and the migrated, seeded
     * template database on it; the run's shared server by default.
     */
    database?: { adminUrl: string; templateDb: string };
  } = {},
): Promise<TestSystem> {
  const env = testEnv();
  const adminUrl = options.database?.adminUrl ?? env.adminUrl;
  const templateDb = options.database?.templateDb ?? env.templateDb;
  const suffix = randomBytes(4).toString('hex');
  const dbName = `ippledge_test_${env.runId}_${suffix}`;
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}" TEMPLATE "${templateDb}"`);
  await admin.end();
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  // The API and the worker run as the application role, as in production, so a missing grant
  // fails here; tests inspecting or tampering with the database directly stay superuser.
  const appDatabaseUrl = Object.assign(new URL(databaseUrl), {
    username: APP_DATABASE_ROLE,
    password: '',
  }).toString();

  const vars: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: appDatabaseUrl,
    DATABASE_OWNER_URL: databaseUrl,
    REDIS_URL: env.redisUrl,
    QUEUE_PREFIX: `test-${env.runId}-${suffix}`,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_TASK_QUEUE: `test-${suffix}`,
    WORKFLOW_BUNDLE_PATH: env.bundlePath,
    ENSURE_SCHEDULES: 'false',
    API_PORT: '0',
    // Outside development the API wants a real secret; one per run, shared by its processes.
    JWT_SECRET: `ippledge-test-secret-${env.runId}`.padEnd(48, '-'),
    // Tests drive hundreds of steps per user in seconds; the limits get their own test.
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    // The outbox is dispatched every 100 ms, so a test sees its notifications within a poll.
    NOTIFY_DISPATCH_INTERVAL_MS: '100',
    // A compiled worker serves no metrics port unless its test asks: runs on one machine share ports.
    METRICS_PORT: '0',
    ...options.env,
  };
  Object.assign(process.env, vars);

  const api = await createApiApp({ logs: false });
  await api.init();
  // Listening once: on a server that is not listening, supertest listens and closes around each
  // request, and one of several concurrent requests can connect as another closes it (ECONNRESET).
  await api.listen(0, '127.0.0.1');
  const { port } = api.getHttpServer().address() as { port: number };
  const http = request(api.getHttpServer());

  const system: TestSystem = {
    databaseUrl,
    appDatabaseUrl,
    taskQueue: vars.TEMPORAL_TASK_QUEUE!,
    env: vars,
    http,
    baseUrl: `http://127.0.0.1:${port}`,
    api,
    worker: null,
    as: userAgents(http),
    async db() {
      const client = new PgClient({ connectionString: databaseUrl });
      await client.connect();
      return client;
    },
    async startWorker() {
      Object.assign(process.env, vars);
      const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
      await worker.init();
      system.worker = worker;
    },
    async stopWorker() {
      await system.worker?.close();
      system.worker = null;
    },
    async close() {
      await system.stopWorker();
      await api.close();
    },
  };
  if (options.worker !== false) await system.startWorker();
  return system;
}

/* Brings up the real services for the integration tests: a Temporal dev server on a free port,
 * a template PostgreSQL database (migrated and seeded) that each test system clones, and one
 * prebuilt workflow bundle. Redis is the local server; each test system gets its own key prefix. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import IORedis from 'ioredis';
import { migrateAndSeed } from '../../libs/persistence/src/seed/seeded-database';
import { envFileForRun, type TestEnv } from './test-env';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const temporal = require('../../scripts/lib/temporal.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeWorkflowBundle } = require('../../scripts/bundle-workflows.js');

export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const adminUrl =
    process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  mkdirSync(join(root, '.tmp'), { recursive: true });

  // Fail early and by name when a service is missing.
  const pg = new Client({ connectionString: adminUrl });
  await pg.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${adminUrl}: ${error.message}`);
  });
  await pg.end();
  const redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect().catch((error: Error) => {
    throw new Error(`Redis is not reachable at ${redisUrl}: ${error.message}`);
  });
  redis.disconnect();

  const cli = temporal.ensureTemporalCli((line: string) => console.log(line));
  const port = await temporal.freePort();
  const server = await temporal.startDevServer({
    cli,
    port,
    headless: true,
    logFile: join(root, '.tmp', `temporal-test-${runId}.log`),
  });
  (globalThis as Record<string, unknown>).__TEMPORAL_SERVER__ = server;

  // Migrated and seeded as the owner (the admin URL); the migrations create and grant the
  // application role that each test system's API and worker then connect as.
  const templateDb = `ippledge_test_${runId}_tpl`;
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateDb}`;
  await migrateAndSeed(templateUrl.toString());

  // The bundle production workers load, tracing interceptors included.
  const bundlePath = join(root, '.tmp', `workflow-bundle-${runId}.js`);
  await writeWorkflowBundle(join(root, 'workflows'), bundlePath, { quiet: true });

  const env: TestEnv = {
    runId,
    adminUrl,
    templateDb,
    redisUrl,
    temporalAddress: server.address,
    bundlePath,
    temporalCli: cli,
  };
  writeFileSync(envFileForRun(runId), JSON.stringify(env));
}

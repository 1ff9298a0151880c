import { Client } from 'pg';
import { rmSync } from 'node:fs';
import IORedis from 'ioredis';
import { currentEnvFile, testEnv } from './test-env';

/** Stops the dev server and drops every database and Redis key this run created. */
export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__TEMPORAL_SERVER__ as
    | { stop(): Promise<void> }
    | undefined;
  await server?.stop();
  const env = testEnv();
  const pg = new Client({ connectionString: env.adminUrl });
  await pg.connect();
  try {
    const rows = await pg.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `ippledge_test_${env.runId}_%`,
    ]);
    for (const { datname } of rows.rows as { datname: string }[]) {
      await pg.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await pg.end();
  }
  const redis = new IORedis(env.redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `test-${env.runId}-*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  rmSync(env.bundlePath, { force: true });
  rmSync(currentEnvFile(), { force: true });
}

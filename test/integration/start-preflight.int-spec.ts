import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** `npm start` refuses to come up without its services, naming the service and the URL. */
describe('npm start preflight', () => {
  const startScript = join(__dirname, '..', '..', 'scripts', 'start.js');
  // Port 9 (discard) is closed on this machine: a stand-in for a stopped service.
  const deadPostgres = 'postgres://postgres@127.0.0.1:9/ip_pledge';
  const deadRedis = 'redis://127.0.0.1:9/0';

  function start(env: Record<string, string>) {
    return spawnSync(process.execPath, [startScript], {
      // No owner URL unless a test gives one: it then derives from DATABASE_URL.
      env: { ...process.env, DATABASE_OWNER_URL: '', ...env, TEMPORAL_ADDRESS: '127.0.0.1:9' },
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  it('exits non-zero naming PostgreSQL and its URL when PostgreSQL is down', () => {
    const result = start({ DATABASE_URL: deadPostgres, REDIS_URL: 'redis://127.0.0.1:6379/0' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`PostgreSQL is not reachable at ${deadPostgres}`);
    expect(result.stderr).toContain('pg_ctlcluster');
    expect(result.stderr).not.toContain('Redis is not reachable');
  });

  it('checks the owner URL the migrations use, naming DATABASE_OWNER_URL when it is set', () => {
    const result = start({
      DATABASE_URL: 'postgres://ippledge_app@127.0.0.1:5432/ip_pledge',
      DATABASE_OWNER_URL: deadPostgres,
      REDIS_URL: 'redis://127.0.0.1:6379/0',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`PostgreSQL is not reachable at ${deadPostgres}`);
    expect(result.stderr).toContain('point DATABASE_OWNER_URL at a running server');
  });

  it('exits non-zero naming Redis and its URL when Redis is down', () => {
    const result = start({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ip_pledge',
      REDIS_URL: deadRedis,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`Redis is not reachable at ${deadRedis}`);
    expect(result.stderr).toContain('redis-server');
  });
});

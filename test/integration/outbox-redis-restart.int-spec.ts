import type { ChildProcess } from 'node:child_process';
import IORedis from 'ioredis';
import { raiseWorkItem } from '../../libs/persistence/src/repositories/work/work-items';
import { act, eventually, openCase, USERS, withDb } from '../support/case-flows';
import { freePort, killProcess, startRedis } from '../support/fault-processes';
import { startHttpSink, type HttpSink } from '../support/notification-sinks';
import { startTestSystem, type TestSystem } from '../support/test-system';

const BANK = 'BANK-SHCB';

const runIdOf = (info: string) => /run_id:(\w+)/.exec(info)?.[1];

/**
 * The outbox survives a Redis restart: events whose deliveries were queued (and had failed once)
 * when Redis was killed, and an event written while it was down, are each delivered exactly once
 * after it comes back empty.
 */
describe('outbox across a Redis restart', () => {
  let port: number;
  let redis: ChildProcess;
  let system: TestSystem;
  let hooks: HttpSink;
  let accepting = false;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    hooks = await startHttpSink(() => (accepting ? 200 : 503));
    system = await startTestSystem({
      env: {
        REDIS_URL: `redis://127.0.0.1:${port}/0`,
        NOTIFY_RETRY_BASE_MS: '50',
        NOTIFY_RETRY_MAX_MS: '200',
        NOTIFY_MAX_ATTEMPTS: '100000',
        NOTIFY_SWEEP_INTERVAL_MS: '200',
      },
    });
  });

  afterAll(async () => {
    await system?.close();
    await hooks?.close();
    if (redis) await killProcess(redis, 'SIGKILL');
  });

  async function bankDeliveries(): Promise<
    { eventId: string; status: string; attempts: number }[]
  > {
    return withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT d.event_id::text AS "eventId", d.status, d.attempts FROM notification_delivery d
            WHERE d.channel = 'WEBHOOK' AND d.organisation_id = $1 ORDER BY d.event_id`,
            [BANK],
          )
        ).rows,
    );
  }

  it('delivers every event exactly once after Redis is killed and restarted empty', async () => {
    const approver = await system.as(USERS.approver);
    const endpoint = await approver.post('/api/v1/webhooks/endpoints', {
      url: `${hooks.url}/hook`,
    });
    expect(endpoint.status).toBe(201);

    const cases = [await openCase(system), await openCase(system)];
    for (const c of cases) await act(system, c.caseNumber, '/submit');

    // Every event's delivery is queued and has failed at least once: its next attempt is a job in Redis.
    await eventually(async () => {
      const rows = await bankDeliveries();
      expect(rows.length).toBeGreaterThanOrEqual(4);
      expect(rows.every((r) => r.status === 'PENDING' && r.attempts >= 1)).toBe(true);
    }, 20_000);
    const probe = new IORedis(port, '127.0.0.1');
    const queued = await probe.keys(`${system.env.QUEUE_PREFIX}:notifications:delivery-*`);
    const runBefore = runIdOf(await probe.info('server'));
    probe.disconnect();
    expect(queued.length).toBeGreaterThan(0);

    await killProcess(redis, 'SIGKILL');
    // While Redis is away, a change writes its event: the outbox takes it all the same.
    const raised = await withDb(system, (db) =>
      raiseWorkItem(
        // The repositories' SQL runner answers rows, as TypeORM does.
        { query: async (sql, parameters) => (await db.query(sql, parameters)).rows },
        {
          kind: 'REDIS_RESTART_CHECK',
          subject: `redis-restart-${port}`,
          organisationId: BANK,
          role: 'CREDIT_APPROVER',
          createdOn: '2026-01-05',
        },
      ),
    );
    expect(raised).toBe(true);
    await eventually(async () => {
      const rows = await bankDeliveries();
      const events = await withDb(system, async (db) =>
        (
          await db.query(
            `SELECT id::text AS id FROM outbox_event WHERE $1 = ANY(recipient_org_ids) AND dispatched_at IS NOT NULL`,
            [BANK],
          )
        ).rows.map((r) => r.id),
      );
      // The dispatcher fanned the new event out without Redis; nothing was delivered.
      expect(new Set(rows.map((r) => r.eventId))).toEqual(new Set(events));
      expect(rows.some((r) => r.status === 'DELIVERED')).toBe(false);
    });

    redis = await startRedis(port);
    // A new server, not the old one's memory: every job queued before the kill is gone.
    const fresh = new IORedis(port, '127.0.0.1');
    expect(runIdOf(await fresh.info('server'))).not.toBe(runBefore);
    fresh.disconnect();
    accepting = true;

    const events = await withDb(system, async (db) =>
      (
        await db.query(
          `SELECT id::text AS id FROM outbox_event WHERE $1 = ANY(recipient_org_ids)`,
          [BANK],
        )
      ).rows.map((r) => r.id as string),
    );
    expect(events.length).toBeGreaterThanOrEqual(5);
    await eventually(async () => {
      const rows = await bankDeliveries();
      expect(rows.map((r) => r.status)).toEqual(events.map(() => 'DELIVERED'));
    }, 30_000);
    const accepted = hooks.receipts.filter((r) => r.status === 200);
    const perEvent = new Map<string, number>();
    for (const r of accepted) {
      const id = String(r.headers['x-ippledge-event-id']);
      perEvent.set(id, (perEvent.get(id) ?? 0) + 1);
    }
    expect([...perEvent.keys()].sort()).toEqual([...events].sort());
    expect([...perEvent.values()].every((n) => n === 1)).toBe(true);
    // Nothing is left to send: no delivery is pending, so none can go out a second time.
    const pending = await withDb(system, async (db) =>
      Number(
        (await db.query(`SELECT count(*) FROM notification_delivery WHERE status = 'PENDING'`))
          .rows[0].count,
      ),
    );
    expect(pending).toBe(0);
  });
});

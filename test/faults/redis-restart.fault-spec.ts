import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { QUEUES } from '../../libs/queue/src/queue.constants';
import {
  advanceTo,
  businessDate,
  eventually,
  openCase,
  rowTotal,
  USERS,
  withDb,
} from '../support/case-flows';
import { exportWhenReady } from '../support/export-flows';
import { FaultDriver } from '../support/fault-drive';
import { freePort, killProcess, startRedis } from '../support/fault-processes';
import { reportFault } from '../support/fault-report';
import { startHttpSink, type HttpSink } from '../support/notification-sinks';
import { startTestSystem, type TestSystem } from '../support/test-system';

const CASES = 4;
const BANK = 'BANK-SHCB';
const runIdOf = (info: string) => /run_id:(\w+)/.exec(info)?.[1];

/**
 * The test's own Redis (nothing on disk) is killed with SIGKILL while cases are driven through
 * the API, kept away while steps go on, and started again empty. The outbox in PostgreSQL queues
 * again what Redis lost: every notification reaches each recipient once per channel, the webhook
 * subscriber accepts each event once, and both BullMQ queues (notifications, exports) work on the
 * new server. An export accepted before the kill, whose job Redis lost, is queued again from its
 * row and rendered. Only the restart with cases in flight is here; outbox-redis-restart.int-spec.ts
 * covers deliveries that had already failed once.
 */
describe('Redis killed and restarted empty while cases are in flight', () => {
  let port: number;
  let redis: ChildProcess;
  let system: TestSystem;
  let hooks: HttpSink;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    // The subscriber accepts everything: an event sent twice would show as two acceptances.
    hooks = await startHttpSink(() => 200);
    system = await startTestSystem({
      env: {
        REDIS_URL: `redis://127.0.0.1:${port}/0`,
        NOTIFY_RETRY_BASE_MS: '50',
        NOTIFY_RETRY_MAX_MS: '200',
        NOTIFY_MAX_ATTEMPTS: '100000',
        NOTIFY_SWEEP_INTERVAL_MS: '200',
        EXPORT_SWEEP_INTERVAL_MS: '200',
        EXPORT_REQUEUE_AFTER_MS: '1000',
      },
    });
  });

  afterAll(async () => {
    // The system's queues close cleanly only with a Redis to talk to.
    if (redis && (redis.exitCode !== null || redis.signalCode !== null))
      redis = await startRedis(port);
    await system?.close();
    await hooks?.close();
    if (redis) await killProcess(redis, 'SIGKILL');
  });

  it('loses no notification and sends none twice; every case completes', async () => {
    const count = async (sql: string, parameters: unknown[] = []) =>
      withDb(system, async (db) => Number((await db.query(sql, parameters)).rows[0].n));
    const seeded = {
      disbursements: await count(`SELECT count(*)::int AS n FROM disbursement`),
      repayments: await count(`SELECT count(*)::int AS n FROM repayment`),
    };
    const acknowledged = { disbursements: 0, repayments: 0 };
    const approver = await system.as(USERS.approver);
    expect(
      (await approver.post('/api/v1/webhooks/endpoints', { url: `${hooks.url}/hook` })).status,
    ).toBe(201);

    const driver = new FaultDriver(system);
    const today = await businessDate(system);
    const opened = await Promise.all(Array.from({ length: CASES }, () => openCase(system)));
    const driving = Promise.all(
      opened.map(async (c) => {
        const active = await driver.driveToDisbursement(c, today);
        expect(active.status).toBe('ACTIVE');
        acknowledged.disbursements += 1;
        return active;
      }),
    );

    await eventually(async () => expect(driver.done).toBeGreaterThanOrEqual(CASES * 3), 60_000);
    const inFlightAtFault = driver.inFlight;

    // An export accepted while no worker has taken its job yet: the queue is paused so that the
    // job is still waiting in Redis when Redis dies, as a job behind a busy worker would be.
    const officer = await system.as(USERS.officer);
    const exportQueue = new Queue(QUEUES.exports.name, {
      connection: { host: '127.0.0.1', port },
      prefix: system.env.QUEUE_PREFIX,
    });
    await exportQueue.pause();
    const lostExport = await officer
      .post('/api/v1/exports', { kind: 'case-register', format: 'csv' })
      .expect(202);
    expect(lostExport.body.status).toBe('QUEUED');
    expect(['waiting', 'paused']).toContain(await exportQueue.getJobState(lostExport.body.id));
    await exportQueue.close();
    const exportStatus = async (id: string) =>
      withDb(system, async (db) => {
        const { rows } = await db.query(`SELECT status FROM export_job WHERE id = $1`, [id]);
        return rows[0]?.status as string | undefined;
      });

    const probe = new IORedis(port, '127.0.0.1');
    const keysBefore = (await probe.keys(`${system.env.QUEUE_PREFIX}:*`)).length;
    const runBefore = runIdOf(await probe.info('server'));
    probe.disconnect();
    const { rows: clock } = await withDb(system, (db) => db.query(`SELECT now() AS at`));
    await killProcess(redis, 'SIGKILL');
    // The cases' clients keep sending while Redis is away: each case answered twice more.
    const answeredAtFault = driver.answered;
    await eventually(
      async () => expect(driver.answered - answeredAtFault).toBeGreaterThanOrEqual(CASES * 2),
      60_000,
    );
    // An export cannot be accepted while Redis is away: the write limit cannot count it, so the
    // API answers 503 with Retry-After and records nothing; the client asks again later.
    const exportsBefore = await count(`SELECT count(*)::int AS n FROM export_job`);
    const refusedExport = await officer.post('/api/v1/exports', {
      kind: 'case-register',
      format: 'csv',
    });
    expect(refusedExport.status).toBe(503);
    expect(refusedExport.headers['retry-after']).toBeDefined();
    expect(await count(`SELECT count(*)::int AS n FROM export_job`)).toBe(exportsBefore);
    // The export accepted before the kill has no job any more, and no worker took it.
    expect(await exportStatus(lostExport.body.id)).toBe('QUEUED');
    const exportsQueuedWhileAway = await count(
      `SELECT count(*)::int AS n FROM export_job WHERE status = 'QUEUED'`,
    );
    const eventsWhileAway = await count(
      `SELECT count(*)::int AS n FROM outbox_event WHERE created_at >= $1`,
      [clock[0].at],
    );
    redis = await startRedis(port);
    const fresh = new IORedis(port, '127.0.0.1');
    // A new server, not the old one's memory: every job queued before the kill is gone.
    expect(runIdOf(await fresh.info('server'))).not.toBe(runBefore);
    fresh.disconnect();

    const actives = await driving;
    await advanceTo(system, actives[0].schedule[0].dueDate);
    for (const [i, active] of actives.entries()) {
      const row = active.schedule[0];
      const { caseNumber, request: body } = opened[i]!;
      const view = await driver.step(
        caseNumber,
        () =>
          system.as(USERS.officer).then((officer) =>
            officer.post(`/api/v1/cases/${caseNumber}/repayments`, {
              reference: `RP-${body.bankReference}`,
              amount: rowTotal(row),
              valueDate: row.dueDate,
            }),
          ),
        (v) => v.repayments?.length === 1,
      );
      acknowledged.repayments += 1;
      expect(view).toMatchObject({ status: 'ACTIVE', daysPastDue: 0 });
    }

    // The export whose job Redis lost is queued again from its row by the sweep and rendered.
    await eventually(async () => {
      const lost = (await officer.get(`/api/v1/exports/${lostExport.body.id}`).expect(200)).body;
      expect(lost.status).toBe('READY');
    }, 60_000);
    const renderAttempts = await withDb(system, async (db) => {
      const { rows } = await db.query(`SELECT attempts FROM export_job WHERE id = $1`, [
        lostExport.body.id,
      ]);
      return Number(rows[0].attempts);
    });
    // Rendered once: queued again, not generated twice.
    expect(renderAttempts).toBe(1);
    // The exports queue works on the new server too, for an export asked for again.
    const { job } = await exportWhenReady(system, USERS.officer, {
      kind: 'case-register',
      format: 'csv',
    });
    expect(job.rowCount).toBeGreaterThanOrEqual(CASES);
    const exportsAccepted = [lostExport.body.id as string, job.id as string];
    const exportsReady = await count(
      `SELECT count(*)::int AS n FROM export_job WHERE id = ANY($1) AND status = 'READY'`,
      [exportsAccepted],
    );

    // Every delivery of every channel is made, and none is pending any more.
    await eventually(async () => {
      const pending = await count(
        `SELECT count(*)::int AS n FROM notification_delivery WHERE status <> 'DELIVERED'`,
      );
      expect(pending).toBe(0);
    }, 60_000);
    const duplicates = await count(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM notification_delivery
          GROUP BY event_id, channel, organisation_id, user_id, endpoint_id, address
         HAVING count(*) > 1) d`,
    );
    expect(duplicates).toBe(0);
    const webhookEvents = await withDb(system, async (db) =>
      (
        await db.query(
          `SELECT event_id::text AS id FROM notification_delivery
              WHERE channel = 'WEBHOOK' AND organisation_id = $1 ORDER BY 1`,
          [BANK],
        )
      ).rows.map((r) => r.id as string),
    );
    expect(webhookEvents.length).toBeGreaterThanOrEqual(CASES * 2);
    const accepted = new Map<string, number>();
    for (const r of hooks.receipts.filter((r) => r.status === 200)) {
      const id = String(r.headers['x-ippledge-event-id']);
      accepted.set(id, (accepted.get(id) ?? 0) + 1);
    }
    expect([...accepted.keys()].sort()).toEqual([...webhookEvents].sort());
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);

    const channels = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT channel, count(*)::int AS n FROM notification_delivery GROUP BY 1 ORDER BY 1`,
          )
        ).rows,
    );
    const mismatched = reportFault({
      fault: 'Redis SIGKILL and restart empty while cases are driven',
      cases: CASES,
      inFlightAtFault,
      movements: {
        disbursements: {
          recorded:
            (await count(`SELECT count(*)::int AS n FROM disbursement`)) - seeded.disbursements,
          acknowledged: acknowledged.disbursements,
        },
        repayments: {
          recorded: (await count(`SELECT count(*)::int AS n FROM repayment`)) - seeded.repayments,
          acknowledged: acknowledged.repayments,
        },
        // Exports accepted (202): the one whose job Redis lost, and one asked for after.
        'exports READY': { recorded: exportsReady, acknowledged: exportsAccepted.length },
        'webhook notifications': {
          recorded: webhookEvents.length,
          acknowledged: [...accepted.values()].reduce((a, b) => a + b, 0),
        },
      },
      notes: {
        'Redis keys lost with the kill': keysBefore,
        'outbox events written while Redis was away': eventsWhileAway,
        'exports QUEUED while Redis was away (their jobs lost)': exportsQueuedWhileAway,
        'export requests while Redis was away': `${refusedExport.status}, nothing recorded`,
        'render attempts of the lost export': renderAttempts,
        'deliveries by channel': channels.map((c) => `${c.channel}×${c.n}`).join(', '),
        'steps sent again after a failed answer': driver.retried,
        'API answers by status': driver.answersByStatus(),
        'problems of the 5xx answers': driver.failuresByProblem(),
      },
    });
    expect(mismatched).toEqual([]);
    // While Redis was away a write could not be counted by the rate limits: it waited (503 with
    // Retry-After, retried by the driver), never an internal error.
    expect(driver.answers.get(500) ?? 0).toBe(0);
    for (const problem of driver.failures.keys())
      expect(problem).toMatch(/^503 SERVICE_UNAVAILABLE/);
  });
});

import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { QUEUES } from '../../libs/queue/src/queue.constants';
import { eventually, USERS, withDb } from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

/**
 * An export recorded in PostgreSQL reaches a worker even when its BullMQ job is gone: the
 * worker's sweep queues again a RUNNING export whose lease lapsed (its worker died), and a job of
 * an export someone holds or has finished does nothing.
 */
describe('export sweep', () => {
  let system: TestSystem;
  let redis: IORedis;
  let queue: Queue;

  beforeAll(async () => {
    system = await startTestSystem({ env: { EXPORT_SWEEP_INTERVAL_MS: '200' } });
    redis = new IORedis(system.env.REDIS_URL!, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUES.exports.name, { connection: redis, prefix: system.env.QUEUE_PREFIX });
  });

  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await system?.close();
  });

  const row = (id: string) =>
    withDb(system, async (db) => {
      const { rows } = await db.query(
        `SELECT status, attempts, completed_at AS "completedAt" FROM export_job WHERE id = $1`,
        [id],
      );
      return rows[0] as { status: string; attempts: number; completedAt: Date | null };
    });
  /** Leaves the export as a worker leaves it when it dies mid-render: RUNNING, lease as given. */
  const heldBy = (id: string, attempts: number, leaseSeconds: number) =>
    withDb(system, (db) =>
      db.query(
        `UPDATE export_job SET status = 'RUNNING', attempts = $2,
                lease_until = now() + $3 * interval '1 second' WHERE id = $1`,
        [id, attempts, leaseSeconds],
      ),
    );
  const requestWhilePaused = async () => {
    await queue.pause();
    const officer = await system.as(USERS.officer);
    const res = await officer
      .post('/api/v1/exports', { kind: 'case-register', format: 'csv' })
      .expect(202);
    return res.body.id as string;
  };

  it('renders an export whose worker died, once its lease lapsed, from its row alone', async () => {
    const id = await requestWhilePaused();
    // The dead worker's job is gone from Redis; only the row says what is left to do.
    await queue.remove(id);
    await heldBy(id, 1, -1);
    await queue.resume();
    await eventually(async () => expect((await row(id)).status).toBe('READY'), 20_000);
    // One more attempt than the dead one: rendered once by the sweep's job.
    expect((await row(id)).attempts).toBe(2);
  });

  it('a job of an export another worker holds does nothing; the sweep brings it in once the lease lapses', async () => {
    const id = await requestWhilePaused();
    await heldBy(id, 1, 3600);
    await queue.resume();
    await eventually(async () => expect(await queue.getJobState(id)).toBe('completed'), 20_000);
    expect(await row(id)).toMatchObject({ status: 'RUNNING', attempts: 1 });
    // The holder died: its lease lapses, and the completed job is replaced by a new one.
    await heldBy(id, 1, -1);
    await eventually(async () => expect((await row(id)).status).toBe('READY'), 20_000);
    expect((await row(id)).attempts).toBe(2);
  });

  it('a job of a finished export does nothing', async () => {
    const id = await requestWhilePaused();
    await queue.resume();
    await eventually(async () => expect((await row(id)).status).toBe('READY'), 20_000);
    const ready = await row(id);
    await eventually(async () => expect(await queue.getJobState(id)).toBe('completed'), 20_000);
    await queue.remove(id);
    await queue.add('generate', { exportId: id }, { jobId: id });
    await eventually(async () => expect(await queue.getJobState(id)).toBe('completed'), 20_000);
    expect(await row(id)).toEqual(ready);
  });
});

import { Client, Connection } from '@temporalio/client';
import { CLOSE_OF_BUSINESS_SCHEDULE_ID } from '../../workflows/close-of-business/close-of-business.shared';
import { startTestSystem, type TestSystem } from '../support/test-system';

/** The nightly close of business is a Temporal Schedule in Asia/Shanghai that advances the date. */
describe('close of business', () => {
  let system: TestSystem;
  let connection: Connection;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    // This worker owns the Schedule; unique schedule ids are not needed: one test file does this.
    process.env.ENSURE_SCHEDULES = 'true';
    system.env.ENSURE_SCHEDULES = 'true';
    await system.startWorker();
    connection = await Connection.connect({ address: system.env.TEMPORAL_ADDRESS! });
  });

  afterAll(async () => {
    const client = new Client({ connection });
    await client.schedule
      .getHandle(CLOSE_OF_BUSINESS_SCHEDULE_ID)
      .delete()
      .catch(() => undefined);
    await connection.close();
    await system.close();
  });

  it('runs nightly at 23:30 Asia/Shanghai, and a run advances the business date by one day', async () => {
    const client = new Client({ connection });
    const schedule = await client.schedule.getHandle(CLOSE_OF_BUSINESS_SCHEDULE_ID).describe();
    expect(schedule.spec.timezone).toBe('Asia/Shanghai');
    expect(schedule.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 23, end: 23, step: 1 }],
      minute: [{ start: 30, end: 30, step: 1 }],
    });
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'closeOfBusinessWorkflow',
      taskQueue: system.taskQueue,
    });

    const admin = await system.as('admin.ipo');
    const before = (await admin.get('/api/v1/business-date').expect(200)).body
      .businessDate as string;
    await client.schedule.getHandle(CLOSE_OF_BUSINESS_SCHEDULE_ID).trigger();
    const deadline = Date.now() + 20_000;
    let after = before;
    while (after === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = (await admin.get('/api/v1/business-date').expect(200)).body.businessDate;
    }
    const expected = new Date(`${before}T00:00:00Z`);
    expected.setUTCDate(expected.getUTCDate() + 1);
    expect(after).toBe(expected.toISOString().slice(0, 10));
  });

  it('refuses to move the business date backwards', async () => {
    const admin = await system.as('admin.ipo');
    const res = await admin.post('/api/v1/admin/business-date/advance', { to: '2020-01-01' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('BUSINESS_DATE_NOT_FORWARD');
  });
});

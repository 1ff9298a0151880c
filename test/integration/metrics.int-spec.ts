import request from 'supertest';
import { getCase, openCase, withDb } from '../support/case-flows';
import {
  DIST_MAIN,
  sampleValue,
  startDistProcess,
  type DistProcess,
} from '../support/dist-process';
import { startTestSystem, type TestSystem } from '../support/test-system';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../scripts/lib/temporal.js');

/**
 * The API's /metrics (in process, as the API tests run it) and the worker's /metrics and
 * /health, the compiled worker started as production starts it, with the Temporal Runtime's
 * exporter merged in.
 */
describe('Prometheus metrics of the API and the worker', () => {
  let system: TestSystem;
  let worker: DistProcess;
  let workerUrl: string;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const [metricsPort, temporalMetricsPort] = [await freePort(), await freePort()];
    workerUrl = `http://127.0.0.1:${metricsPort}`;
    worker = await startDistProcess(
      DIST_MAIN.worker,
      {
        ...system.env,
        LOG_LEVEL: 'info',
        METRICS_PORT: String(metricsPort),
        METRICS_HOST: '127.0.0.1',
        TEMPORAL_METRICS_PORT: String(temporalMetricsPort),
      },
      'Temporal worker running',
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await system?.close();
  });

  it('labels latency by route template, counts the case by state, and reports the queues', async () => {
    const { caseNumber } = await openCase(system, { bankReference: 'METRICS-0001' });
    const opened = await getCase(system, caseNumber);

    const res = await system.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;

    // Route templates, never raw paths: the case number appears in no label.
    const created = sampleValue(text, 'http_server_request_duration_seconds_count', {
      method: 'POST',
      route: '/api/v1/cases',
      status: '201',
    });
    expect(created).toBeGreaterThanOrEqual(1);
    const read = sampleValue(text, 'http_server_request_duration_seconds_count', {
      method: 'GET',
      route: '/api/v1/cases/:id',
      status: '200',
    });
    expect(read).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(caseNumber);
    expect(sampleValue(text, 'process_cpu_user_seconds_total', { service: 'api' })).toBeDefined();

    // The gauge is what the read model holds, the new case among it.
    const inState = await withDb(system, async (db) => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM loan_case WHERE status = $1`,
        [opened.status],
      );
      return rows[0].n as number;
    });
    expect(inState).toBeGreaterThanOrEqual(1);
    expect(sampleValue(text, 'ippledge_cases', { status: opened.status })).toBe(inState);

    for (const queue of ['notifications', 'exports']) {
      expect(sampleValue(text, 'ippledge_queue_jobs', { queue, state: 'waiting' })).toBeDefined();
      expect(sampleValue(text, 'ippledge_queue_jobs', { queue, state: 'failed' })).toBeDefined();
      expect(
        sampleValue(text, 'ippledge_queue_oldest_waiting_age_seconds', { queue }),
      ).toBeGreaterThanOrEqual(0);
    }
    expect(sampleValue(text, 'ippledge_tasks_late')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE ippledge_claims gauge');

    const pools = await withDb(system, async (db) => {
      const { rows } = await db.query(
        `SELECT district_code, kind, budget_year::text AS year,
                (total_fen - reserved_fen - paid_fen)::text AS remaining FROM budget_pool`,
      );
      return rows as { district_code: string; kind: string; year: string; remaining: string }[];
    });
    for (const pool of pools)
      expect(
        sampleValue(text, 'ippledge_budget_remaining_fen', {
          district: pool.district_code,
          kind: pool.kind,
          year: pool.year,
        }),
      ).toBe(Number(pool.remaining));
  });

  it('is public and the scrape is not audited', async () => {
    const before = await withDb(system, async (db) => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM audit_log`);
      return rows[0].n as number;
    });
    await system.http.get('/metrics').expect(200);
    await system.http.get('/metrics').expect(200);
    const after = await withDb(system, async (db) => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM audit_log`);
      return rows[0].n as number;
    });
    expect(after).toBe(before);
  });

  it('serves the worker health and the Temporal SDK metrics on the worker port', async () => {
    await request(workerUrl).get('/health').expect(200, { status: 'up' });
    const res = await request(workerUrl).get('/metrics').expect(200);
    expect(
      sampleValue(res.text, 'process_cpu_user_seconds_total', { service: 'worker' }),
    ).toBeDefined();
    // The case above ran its workflow tasks and activities on this worker.
    expect(sampleValue(res.text, 'temporal_workflow_task_execution_latency_count')).toBeGreaterThan(
      0,
    );
    expect(sampleValue(res.text, 'temporal_activity_execution_latency_count')).toBeGreaterThan(0);
  });
});

import { createServer, type Server } from 'node:http';
import request from 'supertest';
import { eventually, expectOk, openCase, USERS } from '../support/case-flows';
import { DIST_MAIN, startDistProcess, type DistProcess } from '../support/dist-process';
import { startTestSystem, type TestSystem } from '../support/test-system';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../scripts/lib/temporal.js');

/** One span as the OTLP/HTTP JSON exporter sends it, with its process's service name. */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  service: string;
  attributes: Record<string, unknown>;
}

const SERVER_KIND = 2;

/** An OTLP receiver of the test's own: POST /v1/traces with JSON bodies, spans kept in order. */
async function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; server: Server }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const payload = JSON.parse(body);
      for (const resourceSpans of payload.resourceSpans ?? []) {
        const service = resourceSpans.resource?.attributes?.find(
          (a: { key: string }) => a.key === 'service.name',
        )?.value?.stringValue;
        for (const scope of resourceSpans.scopeSpans ?? [])
          for (const span of scope.spans ?? [])
            spans.push({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId || undefined,
              name: span.name,
              kind: span.kind,
              service,
              attributes: Object.fromEntries(
                (span.attributes ?? []).map(
                  (a: { key: string; value: Record<string, unknown> }) => [
                    a.key,
                    Object.values(a.value)[0],
                  ],
                ),
              ),
            });
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  const port: number = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, spans, server };
}

/**
 * One case step through the compiled API and worker, each exporting to the test's receiver as
 * production would (OTEL_EXPORTER_OTLP_ENDPOINT): the whole step is one connected trace.
 */
describe('tracing: API → Temporal client → workflow → activity → PostgreSQL', () => {
  let system: TestSystem;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let api: DistProcess;
  let worker: DistProcess;
  let apiUrl: string;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    receiver = await startReceiver();
    const apiPort: number = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    const env = {
      ...system.env,
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      // Spans leave within a tenth of a second, so the test waits on them briefly.
      OTEL_BSP_SCHEDULE_DELAY: '100',
      METRICS_PORT: '0',
    };
    [worker, api] = await Promise.all([
      startDistProcess(DIST_MAIN.worker, env, 'Temporal worker running'),
      startDistProcess(
        DIST_MAIN.api,
        { ...env, API_PORT: String(apiPort) },
        'Nest application successfully started',
      ),
    ]);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await system?.close();
    receiver?.server.close();
  });

  it('a case step yields one trace whose every span has its parent in it', async () => {
    // Opened through the in-process API (untraced): the traced request is the step alone.
    const { caseNumber } = await openCase(system, { bankReference: 'TRACE-0001' });
    const login = await request(apiUrl)
      .post('/api/v1/auth/dev-login')
      .send({ username: USERS.officer });
    expectOk(login, 200);
    const path = `/api/v1/cases/${caseNumber}/submit`;
    const submitted = await request(apiUrl)
      .post(path)
      .set('Authorization', `Bearer ${login.body.accessToken as string}`)
      .send({});
    expectOk(submitted, 200);

    let chain: ReceivedSpan[] = [];
    await eventually(async () => {
      const server = receiver.spans.find(
        (s) =>
          s.kind === SERVER_KIND &&
          s.service === 'ip-pledge-api' &&
          s.name.startsWith('POST') &&
          (s.attributes['http.target'] ?? s.attributes['url.path']) === path,
      );
      expect(server).toBeDefined();
      const trace = receiver.spans.filter((s) => s.traceId === server!.traceId);
      const byId = new Map(trace.map((s) => [s.spanId, s]));
      const parentOf = (span: ReceivedSpan) =>
        span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
        const line: ReceivedSpan[] = [];
        for (let at = parentOf(span); at; at = parentOf(at)) line.push(at);
        return line;
      };
      // The deepest: a query an activity ran, traced back to the HTTP request unbroken.
      const query = trace.find(
        (s) =>
          s.service === 'ip-pledge-worker' &&
          s.name.startsWith('pg.query') &&
          s.attributes['db.system'] === 'postgresql' &&
          ancestors(s).some((a) => a.name.startsWith('RunActivity:')),
      );
      expect(query).toBeDefined();
      chain = [query!, ...ancestors(query!)].reverse();
      expect(chain[0]).toBe(server);
    }, 20_000);

    const names = chain.map((s) => `${s.service}:${s.name}`);
    const index = (pattern: RegExp) => names.findIndex((n) => pattern.test(n));
    const steps = [
      /^ip-pledge-api:POST/,
      /^ip-pledge-api:UpdateWorkflow:/,
      /^ip-pledge-worker:HandleUpdate:/,
      /^ip-pledge-worker:StartActivity:/,
      /^ip-pledge-worker:RunActivity:/,
      /^ip-pledge-worker:pg\.query/,
    ];
    const positions = steps.map(index);
    // Each step present, in this order from the request down.
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // One trace: every span of the chain shares the request's trace id and has its parent.
    expect(new Set(chain.map((s) => s.traceId)).size).toBe(1);
    for (const span of chain.slice(1)) expect(span.parentSpanId).toBeDefined();
  });

  it('work no caller traced leaves no span: the untraced opening exported none from the worker', async () => {
    // The first test's opening ran the workflow and its activities with empty trace headers.
    const tracedByApi = new Set(
      receiver.spans.filter((s) => s.service === 'ip-pledge-api').map((s) => s.traceId),
    );
    const workerSpans = receiver.spans.filter(
      (s) =>
        s.service === 'ip-pledge-worker' &&
        /^(RunWorkflow|HandleUpdate|StartActivity|RunActivity|pg\.query)/.test(s.name),
    );
    expect(workerSpans.length).toBeGreaterThan(0);
    const orphans = workerSpans.filter((s) => !tracedByApi.has(s.traceId));
    expect(orphans.map((s) => s.name)).toEqual([]);
  });
});

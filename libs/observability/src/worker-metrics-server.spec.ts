import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter } from 'prom-client';
import { createRegistry } from './metrics';
import { startWorkerMetricsServer } from './worker-metrics-server';

/** The worker's port with a stand-in for the Temporal Runtime's exporter (a real HTTP server). */
describe('worker metrics server', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
  });

  async function listen(server: Server): Promise<string> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function start(running: () => boolean, temporalMetricsUrl: string | null) {
    const registry = createRegistry('worker');
    new Counter({ name: 'own_total', help: 'a metric of this process', registers: [registry] }).inc(
      3,
    );
    const server = await startWorkerMetricsServer({
      port: 0,
      host: '127.0.0.1',
      registry,
      temporalMetricsUrl,
      running,
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('answers /metrics with its own metrics and the Runtime exporter text appended', async () => {
    const runtime = await listen(
      createServer((_req, res) => res.end('# TYPE temporal_request counter\ntemporal_request 7\n')),
    );
    const url = await start(() => true, `${runtime}/metrics`);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^own_total\{service="worker"\} 3$/m);
    expect(text).toMatch(/^temporal_request 7$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total/m);
  });

  it('still answers /metrics with its own metrics when the Runtime exporter is away', async () => {
    const url = await start(() => true, 'http://127.0.0.1:1/metrics');
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^own_total\{service="worker"\} 3$/m);
  });

  it('answers /health 200 while the worker runs and 503 once it stops', async () => {
    let running = true;
    const url = await start(() => running, null);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    running = false;
    const down = await fetch(`${url}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'down' });
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  });
});

#!/usr/bin/env node
'use strict';
// `npm run start:cluster`: the system as it runs beyond one machine, here — a Temporal cluster on
// PostgreSQL (frontend, history, matching and internal worker as separate processes), the
// Temporal UI, two worker processes and two API processes. Ctrl-C stops everything.
const path = require('node:path');
const starter = require('./start');
const { canConnect } = require('./lib/temporal');
const temporalCluster = require('./lib/temporal-cluster');

const log = (line) => console.log(`[cluster] ${line}`);
// Two of each from the single-process defaults. A worker's Temporal SDK exporter takes the port
// after its METRICS_PORT, so the workers' metrics ports are two apart.
const apiPort = Number(process.env.API_PORT || 3000);
const API_PORTS = [apiPort, apiPort + 1];
const metricsPort = Number(process.env.METRICS_PORT || 9464);
const WORKER_METRICS_PORTS = [metricsPort, metricsPort + 2];

async function main() {
  const env = await starter.prepareEnvironment();
  starter.buildAll(env);

  // The cluster creates its own databases, so it needs a role that may create them.
  const adminUrl = process.env.TEMPORAL_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = process.env.TEMPORAL_CLUSTER_NAME || 'local';
  const frontendPort = Number(process.env.TEMPORAL_PORT || 7233);
  if (await canConnect('127.0.0.1', frontendPort)) {
    throw new Error(`port ${frontendPort} is taken (a dev server of \`npm start\`?): stop it or set TEMPORAL_PORT`);
  }
  log(`starting the Temporal cluster "${name}" (databases temporal_${name}, temporal_visibility_${name}; logs in ${starter.dataDir})...`);
  const started = Date.now();
  const cluster = await temporalCluster.startCluster({ adminUrl, name, log, logDir: starter.dataDir, frontendPort });
  starter.onShutdown(() => cluster.stop());
  log(`cluster serving in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  env.TEMPORAL_ADDRESS = cluster.address;
  env.TEMPORAL_NAMESPACE = cluster.namespace;

  const uiBinary = temporalCluster.ensureTemporalUi(log);
  let uiUrl = null;
  if (uiBinary) {
    const ui = await temporalCluster.startTemporalUi({
      binary: uiBinary,
      address: cluster.address,
      port: Number(process.env.TEMPORAL_UI_PORT || 8233),
      logDir: starter.dataDir,
      name,
    });
    starter.track('temporal-ui', ui.child);
    uiUrl = ui.url;
  } else {
    log('no Go to build the Temporal UI server: see docs/cluster.md to point temporalio/ui at the frontend');
  }
  env.TEMPORAL_UI_URL = uiUrl || '';

  starter.migrateAndSeed(env);

  // One worker keeps the schedules (close of business); two would race to create them.
  WORKER_METRICS_PORTS.forEach((port, i) => {
    starter.start(`worker-${i + 1}`, path.join(starter.root, 'dist', 'apps', 'worker', 'src', 'main.js'), {
      ...env,
      ENSURE_SCHEDULES: i === 0 ? 'true' : 'false',
      METRICS_PORT: String(port),
    });
  });
  const apiUrls = API_PORTS.map((port, i) => {
    starter.start(`api-${i + 1}`, path.join(starter.root, 'dist', 'apps', 'api', 'src', 'main.js'), { ...env, API_PORT: String(port) });
    return `http://${env.API_HOST || '127.0.0.1'}:${port}`;
  });
  for (const url of apiUrls) await starter.waitForHealth(`${url}/health`);
  starter.run('node', [path.join(starter.root, 'scripts', 'demo-case.js'), apiUrls[0]], { env });

  console.log('');
  apiUrls.forEach((url, i) => log(`API ${i + 1}        ${url}/  (console, ${url}/api/v1, ${url}/docs)`));
  WORKER_METRICS_PORTS.forEach((port, i) => log(`Worker ${i + 1}     metrics http://127.0.0.1:${port}/metrics${i === 0 ? ' (keeps the schedules)' : ''}`));
  log(`Temporal     ${cluster.address} (namespace ${cluster.namespace})`);
  for (const service of temporalCluster.SERVICES) {
    log(`  ${service.padEnd(10)} pid ${cluster.services[service].pid}, port ${cluster.services[service].port}, log ${cluster.services[service].logFile}`);
  }
  if (uiUrl) log(`Temporal UI  ${uiUrl}`);
  log('Ctrl-C stops everything.');
}

starter.stopOnSignals();
main().catch((error) => {
  console.error(`[cluster] ${error.message}`);
  starter.shutdown(1);
});

'use strict';
// Finds or builds the Temporal server (and its SQL tool) from the Go module and runs it as a
// cluster on PostgreSQL: frontend, history, matching and internal worker as separate processes.
// Plain Node (no build step), shared by `npm run start:cluster` and the cluster tests.
const { Buffer } = require('node:buffer');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { SEARCH_ATTRIBUTES, ensureTemporalCli, canConnect, delay } = require('./temporal');

const TEMPORAL_SERVER_VERSION = '1.29.1';
const SERVER_MODULE = `go.temporal.io/server@v${TEMPORAL_SERVER_VERSION}`;
const SERVER_PACKAGES = [
  `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
  `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
];
// The UI server the CLI 1.5.1 embeds; the CLI serves it only for its own dev server.
const UI_SERVER_VERSION = '2.42.1';
const UI_SERVER_PACKAGE = `github.com/temporalio/ui-server/v2/cmd/server@v${UI_SERVER_VERSION}`;

/** Started in this order; stopped in the reverse. */
const SERVICES = ['history', 'matching', 'frontend', 'worker'];

function cacheBase() {
  return process.env.TEMPORAL_CLI_HOME || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'ip-pledge');
}

function findGo() {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, 'go');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null;
}

/** The version a Go binary of this family reports (`temporal version 1.29.1`), or null. */
function binaryVersion(binary) {
  if (!fs.existsSync(binary)) return null;
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  const match = /version (\S+)/.exec(result.stdout);
  return match ? match[1] : null;
}

/** `go install` with the CLI's fallback: when the checksum DB is unreachable, skip it for `noSumPrefix` only. */
function goInstall(go, gobin, packages, noSumPrefix, log) {
  const env = { ...process.env, GOBIN: gobin, CGO_ENABLED: process.env.CGO_ENABLED || '0' };
  let result = spawnSync(go, ['install', ...packages], { env, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0 && /sum\.golang\.org|checksum|verifying module/i.test(result.stderr || '')) {
    // The module's own go.sum still verifies every dependency; only the top module skips the sum DB.
    log(`Checksum database unreachable; retrying with GONOSUMDB for ${noSumPrefix} only.`);
    result = spawnSync(go, ['install', ...packages], {
      env: { ...env, GONOSUMDB: noSumPrefix },
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
    });
  }
  if (result.status !== 0) {
    process.stderr.write(result.stderr || '');
    throw new Error(`go install ${packages.join(' ')} failed (exit ${result.status})`);
  }
}

/** The schema files shipped in the server module (downloaded into the module cache if absent). */
function schemaDir(go) {
  const modCache = go ? spawnSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim() : '';
  const dir = path.join(modCache || path.join(os.homedir(), 'go', 'pkg', 'mod'), SERVER_MODULE, 'schema', 'postgresql', 'v12');
  if (fs.existsSync(path.join(dir, 'temporal', 'versioned'))) return dir;
  if (!go) throw new Error(`the Temporal schema files are not at ${dir} and Go is not installed to download them`);
  const result = spawnSync(go, ['mod', 'download', SERVER_MODULE], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0 || !fs.existsSync(path.join(dir, 'temporal', 'versioned'))) {
    throw new Error(`go mod download ${SERVER_MODULE} did not provide ${dir}`);
  }
  return dir;
}

/**
 * Returns `{ server, sqlTool, schemaDir }` for Temporal server 1.29.1: the binaries cached in
 * ~/.cache/ip-pledge/temporal-server-1.29.1, built there with `go install` the first time
 * (minutes, once).
 */
function ensureTemporalServer(log = console.log) {
  const go = findGo();
  const dir = path.join(cacheBase(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const server = path.join(dir, 'server');
  const sqlTool = path.join(dir, 'sql');
  const marker = path.join(dir, 'module-version.txt');
  const built = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : null;
  // Unlike the CLI, the server and the SQL tool report their release, so binaries built before
  // the marker existed are recognised by their version and get the marker now.
  const runs = binaryVersion(server) === TEMPORAL_SERVER_VERSION && binaryVersion(sqlTool) === TEMPORAL_SERVER_VERSION;
  if (runs && built !== SERVER_MODULE) fs.writeFileSync(marker, `${SERVER_MODULE}\n`);
  if (!runs) {
    if (!go) {
      throw new Error(
        `No Temporal server ${TEMPORAL_SERVER_VERSION} in ${dir} and Go is not installed to build one.\n` +
          '  Install Go (https://go.dev/dl) and run again, or run the cluster elsewhere and point TEMPORAL_ADDRESS at it.',
      );
    }
    fs.mkdirSync(dir, { recursive: true });
    log(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with go install (first time only, several minutes)...`);
    goInstall(go, dir, SERVER_PACKAGES, 'go.temporal.io/server', log);
    if (binaryVersion(server) !== TEMPORAL_SERVER_VERSION) throw new Error(`built ${server} but it does not report ${TEMPORAL_SERVER_VERSION}`);
    fs.writeFileSync(marker, `${SERVER_MODULE}\n`);
  }
  return { server, sqlTool, schemaDir: schemaDir(go) };
}

/** The Temporal UI server binary, built with `go install` the first time; null when Go is missing. */
function ensureTemporalUi(log = console.log) {
  const dir = path.join(cacheBase(), `temporal-ui-server-${UI_SERVER_VERSION}`);
  const binary = path.join(dir, 'server');
  const marker = path.join(dir, 'module-version.txt');
  const built = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : null;
  if (fs.existsSync(binary) && (built === UI_SERVER_PACKAGE || binaryVersion(binary))) {
    if (built !== UI_SERVER_PACKAGE) fs.writeFileSync(marker, `${UI_SERVER_PACKAGE}\n`);
    return binary;
  }
  const go = findGo();
  if (!go) return null;
  fs.mkdirSync(dir, { recursive: true });
  log(`Building the Temporal UI server ${UI_SERVER_VERSION} with go install (first time only)...`);
  goInstall(go, dir, [UI_SERVER_PACKAGE], 'github.com/temporalio/ui-server', log);
  fs.writeFileSync(marker, `${UI_SERVER_PACKAGE}\n`);
  return binary;
}

const taken = new Set();

/**
 * A free port below 32768: the cluster's membership table stores ports as `smallint`, so the
 * kernel's ephemeral range (what port 0 hands out) is refused. Each port is handed out once.
 */
async function freeServerPort() {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (taken.has(port)) continue;
    const free = await new Promise((resolve) => {
      const probe = net.createServer();
      probe.unref();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port between 20000 and 32000');
}

function sqlConnection(adminUrl) {
  const url = new URL(adminUrl);
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password || ''),
  };
}

function runSqlTool(sqlTool, connection, database, args) {
  const base = ['--plugin', 'postgres12', '--ep', connection.host, '-p', String(connection.port), '-u', connection.user, '--db', database];
  if (connection.password) base.push('--pw', connection.password);
  const result = spawnSync(sqlTool, [...base, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`temporal-sql-tool ${args.join(' ')} on ${database} failed: ${result.stderr || result.stdout}`);
}

/**
 * Whether the cluster's metadata record is written as this configuration has it: the record
 * (a protobuf blob) names the cluster's frontend address, which is new at every start.
 */
async function clusterMetadataNames(adminUrl, database, frontendAddress) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString() });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT data FROM cluster_metadata_info');
    // A protobuf string is its length (one byte up to 127) and its bytes.
    const field = Buffer.concat([Buffer.from([frontendAddress.length]), Buffer.from(frontendAddress)]);
    return rows.some((row) => row.data.includes(field));
  } finally {
    await client.end();
  }
}

/**
 * Forgets the hosts of an earlier start: none of this cluster's services runs yet, and a stopped
 * host's membership row (kept two days) has ringpop try to join it for 30 s before it gives up.
 */
async function forgetEarlierHosts(adminUrl, database) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString() });
  await client.connect();
  try {
    await client.query('DELETE FROM cluster_membership');
  } finally {
    await client.end();
  }
}

async function databaseExists(adminUrl, database) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    return found.rowCount > 0;
  } finally {
    await client.end();
  }
}

/** Creates the database and its schema if it is new; brings an existing one to the module's version. */
async function prepareDatabase({ sqlTool, adminUrl, database, schema, log }) {
  const connection = sqlConnection(adminUrl);
  if (!(await databaseExists(adminUrl, database))) {
    log(`creating ${database} (Temporal schema ${path.basename(schema)})...`);
    runSqlTool(sqlTool, connection, database, ['create-database']);
    runSqlTool(sqlTool, connection, database, ['setup-schema', '-v', '0.0']);
  }
  runSqlTool(sqlTool, connection, database, ['update-schema', '-d', path.join(schema, 'versioned')]);
}

function serverConfig({ connection, databases, ports, dynamicConfigFile, logLevel }) {
  const datastore = (databaseName, maxConns) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${connection.host}:${connection.port}`,
      connectProtocol: 'tcp',
      user: connection.user,
      password: connection.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (name) => ({
    rpc: {
      grpcPort: ports[name].grpc,
      membershipPort: ports[name].membership,
      bindOnLocalHost: true,
      ...(ports[name].http ? { httpPort: ports[name].http } : {}),
    },
  });
  const frontend = `127.0.0.1:${ports.frontend.grpc}`;
  return {
    log: { stdout: true, level: logLevel },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      // Shards are the unit of history ownership; a handful is plenty on one machine.
      numHistoryShards: 4,
      datastores: { default: datastore(databases.main, 20), visibility: datastore(databases.visibility, 10) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: Object.fromEntries(SERVICES.map((name) => [name, rpc(name)])),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: frontend } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    publicClient: { hostPort: frontend },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

// Search attributes are visible the moment they are created (as on the dev server, which sets
// the same); the persistence QPS limits are raised to carry the extra reads, as the dev server does.
const DYNAMIC_CONFIG = {
  'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true, constraints: {} }],
  'frontend.persistenceMaxQPS': [{ value: 10000, constraints: {} }],
  'history.persistenceMaxQPS': [{ value: 45000, constraints: {} }],
  'frontend.enableExecuteMultiOperation': [{ value: true, constraints: {} }],
  'limit.maxIDLength': [{ value: 255, constraints: {} }],
};

function cli(cliPath, args) {
  return spawnSync(cliPath, args, { encoding: 'utf8' });
}

/** Resolves once `probe()` returns true; throws with `what` after `timeoutMs`. */
async function waitUntil(what, probe, timeoutMs, exited) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const early = exited && exited();
    if (early) throw new Error(`${what}: the process exited (${early})`);
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`${what} within ${Math.round(timeoutMs / 1000)} s`);
    await delay(250);
  }
}

/**
 * Starts a Temporal cluster on PostgreSQL: its own databases `temporal_<name>` and
 * `temporal_visibility_<name>` (kept across runs; `drop()` removes them), one process per
 * service, the `default` namespace and the case search attributes. Each service can be killed
 * and started again on the same ports. `frontendPort` defaults to a free port.
 */
async function startCluster({ adminUrl, name, log = console.log, logDir, frontendPort, namespace = 'default', logLevel = 'warn' }) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`cluster name ${JSON.stringify(name)}: use lower-case letters, digits and _`);
  const { server, sqlTool, schemaDir: schema } = ensureTemporalServer(log);
  const cliPath = ensureTemporalCli(log);
  const connection = sqlConnection(adminUrl);
  const databases = { main: `temporal_${name}`, visibility: `temporal_visibility_${name}` };
  await prepareDatabase({ sqlTool, adminUrl, database: databases.main, schema: path.join(schema, 'temporal'), log });
  await prepareDatabase({ sqlTool, adminUrl, database: databases.visibility, schema: path.join(schema, 'visibility'), log });
  await forgetEarlierHosts(adminUrl, databases.main);

  const ports = {};
  for (const service of SERVICES) ports[service] = { grpc: await freeServerPort(), membership: await freeServerPort() };
  if (frontendPort) ports.frontend.grpc = frontendPort;
  ports.frontend.http = await freeServerPort();

  const root = path.join(logDir, `temporal-cluster-${name}`);
  fs.mkdirSync(path.join(root, 'config'), { recursive: true });
  const dynamicConfigFile = path.join(root, 'dynamic-config.yaml');
  const YAML = require('yaml');
  fs.writeFileSync(dynamicConfigFile, YAML.stringify(DYNAMIC_CONFIG));
  fs.writeFileSync(path.join(root, 'config', 'cluster.yaml'), YAML.stringify(serverConfig({ connection, databases, ports, dynamicConfigFile, logLevel })));

  const address = `127.0.0.1:${ports.frontend.grpc}`;
  const on = ['--address', address];
  const probes = {
    frontend: async () => {
      if (!(await canConnect('127.0.0.1', ports.frontend.grpc))) return false;
      const health = cli(cliPath, ['operator', 'cluster', 'health', ...on]);
      return health.status === 0 && /SERVING/.test(health.stdout);
    },
    // A describe of a workflow that does not exist goes to the history shard of its id: "not
    // found" means that shard's owner answered; "unavailable" or a timeout means no host owns it
    // yet. Eight ids spread over the 4 shards, so a restarted host has taken them all (most likely).
    history: async () => {
      if (!(await canConnect('127.0.0.1', ports.history.grpc))) return false;
      if (!(await probes.frontend())) return false;
      for (let i = 0; i < 8; i += 1) {
        const args = ['workflow', 'describe', '--namespace', namespace, '--workflow-id', `cluster-probe-${Date.now()}-${i}`, '--command-timeout', '5s', ...on];
        const answer = cli(cliPath, args);
        if (!/workflow not found|sql: no rows/i.test(answer.stderr + answer.stdout)) return false;
      }
      return true;
    },
    matching: async () => {
      if (!(await canConnect('127.0.0.1', ports.matching.grpc))) return false;
      if (!(await probes.frontend())) return false;
      const answer = cli(cliPath, ['task-queue', 'describe', '--namespace', namespace, '--task-queue', 'cluster-probe', '--command-timeout', '5s', ...on]);
      return answer.status === 0;
    },
    // The internal worker serves no gRPC; it is up once it listens on its membership port.
    worker: async () => canConnect('127.0.0.1', ports.worker.membership),
  };

  function makeService(service) {
    const logFile = path.join(logDir, `temporal-${name}-${service}.log`);
    let child = null;
    let exited = null;
    const handle = {
      name: service,
      port: ports[service].grpc,
      logFile,
      get pid() {
        return child && !exited ? child.pid : null;
      },
      /** Spawns the process if it is not running, without waiting for it. */
      launch() {
        if (child && !exited) return;
        const out = fs.openSync(logFile, 'a');
        exited = null;
        const current = spawn(server, ['--root', root, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start', '--service', service], {
          stdio: ['ignore', out, out],
        });
        fs.closeSync(out);
        child = current;
        current.once('exit', (code, signal) => {
          if (current === child) exited = signal || `exit ${code}`;
        });
      },
      /** Waits until the service serves (see `probes`). */
      ready() {
        return waitUntil(`Temporal ${service} (${name}) did not serve; see ${logFile}`, probes[service], 90_000, () => exited);
      },
      /** Starts the process (if it is not running) on its ports and waits until it serves. */
      async start() {
        handle.launch();
        await handle.ready();
      },
      /** Sends `signal` and resolves once the process has exited. */
      async kill(signal = 'SIGTERM') {
        if (!child || exited) return;
        const current = child;
        const gone = new Promise((resolve) => current.once('exit', resolve));
        current.kill(signal);
        const force = setTimeout(() => current.kill('SIGKILL'), 15_000);
        await gone;
        clearTimeout(force);
      },
    };
    return handle;
  }

  const services = Object.fromEntries(SERVICES.map((service) => [service, makeService(service)]));
  const stop = async () => {
    for (const service of [...SERVICES].reverse()) await services[service].kill('SIGTERM');
  };

  try {
    // Every service writes the cluster's metadata record when it is missing or differs from its
    // configuration (a restart on the same databases has a new frontend address), and two racing
    // writers fail one another. History writes it first; the rest then find it as configured.
    services.history.launch();
    await waitUntil(
      `Temporal history (${name}) did not write the cluster metadata; see ${services.history.logFile}`,
      () => clusterMetadataNames(adminUrl, databases.main, address),
      60_000,
      () => (services.history.pid ? null : 'history is not running'),
    );
    // History, matching and the frontend wait on each other's membership; they start together.
    for (const service of SERVICES) services[service].launch();
    await services.frontend.ready();
    ensureNamespace(cliPath, namespace, on);
    await ensureSearchAttributes(cliPath, namespace, on);
    for (const service of SERVICES) await services[service].ready();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    address,
    namespace,
    ports,
    databases,
    services,
    stop,
    /** Removes the cluster's databases (after `stop()`). */
    async drop() {
      const { Client } = require('pg');
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        for (const database of [databases.main, databases.visibility]) await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

function ensureNamespace(cliPath, namespace, on) {
  const found = cli(cliPath, ['operator', 'namespace', 'describe', '--namespace', namespace, ...on]);
  if (found.status === 0) return;
  const created = cli(cliPath, ['operator', 'namespace', 'create', '--namespace', namespace, '--retention', '72h', ...on]);
  if (created.status !== 0 && !/already|exists/i.test(created.stderr)) throw new Error(`creating namespace ${namespace}: ${created.stderr}`);
}

/** Registers the case search attributes that are missing; retries while the new namespace propagates. */
async function ensureSearchAttributes(cliPath, namespace, on) {
  let lastError = '';
  await waitUntil(
    'registering the search attributes did not succeed',
    async () => {
      const listed = cli(cliPath, ['operator', 'search-attribute', 'list', '--namespace', namespace, '--output', 'json', ...on]);
      if (listed.status !== 0) {
        lastError = listed.stderr;
        return false;
      }
      const missing = Object.entries(SEARCH_ATTRIBUTES).filter(([attribute]) => !listed.stdout.includes(`"${attribute}"`));
      if (missing.length === 0) return true;
      const args = ['operator', 'search-attribute', 'create', '--namespace', namespace, ...on];
      for (const [attribute, type] of missing) args.push('--name', attribute, '--type', type);
      const created = cli(cliPath, args);
      lastError = created.stderr;
      return false;
    },
    60_000,
  ).catch((error) => {
    throw new Error(`${error.message}: ${lastError}`);
  });
}

/** Serves the Temporal UI for `address` on `port`; resolves once it answers. */
async function startTemporalUi({ binary, address, port, logDir, name }) {
  const root = path.join(logDir, `temporal-ui-${name}`);
  fs.mkdirSync(path.join(root, 'config'), { recursive: true });
  const YAML = require('yaml');
  fs.writeFileSync(
    path.join(root, 'config', 'cluster.yaml'),
    YAML.stringify({ temporalGrpcAddress: address, host: '127.0.0.1', port, enableUi: true, defaultNamespace: 'default', cors: { cookieInsecure: true } }),
  );
  const logFile = path.join(logDir, `temporal-ui-${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(binary, ['--root', root, '--config', 'config', '--env', 'cluster', 'start'], { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  child.once('exit', (code, signal) => (exited = signal || `exit ${code}`));
  await waitUntil(`the Temporal UI did not answer on port ${port}; see ${logFile}`, () => canConnect('127.0.0.1', port), 30_000, () => exited);
  return { child, url: `http://127.0.0.1:${port}` };
}

module.exports = { TEMPORAL_SERVER_VERSION, SERVICES, ensureTemporalServer, ensureTemporalUi, startCluster, startTemporalUi };

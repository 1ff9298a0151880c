'use strict';
// Finds or builds the Temporal CLI and runs its dev server. Plain Node (no build step), shared
// by `npm start` and the test harness.
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const TEMPORAL_CLI_VERSION = '1.5.1';
const TEMPORAL_CLI_MODULE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;

/** The search attributes every loan case carries (registered on the dev server at start). */
const SEARCH_ATTRIBUTES = {
  CaseNumber: 'Keyword',
  CaseStatus: 'Keyword',
  CaseDistrict: 'Keyword',
  CaseBank: 'Keyword',
  CaseEnterprise: 'Keyword',
  CaseAmountFen: 'Int',
};

function cacheDir() {
  const base = process.env.TEMPORAL_CLI_HOME || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'ip-pledge');
  return path.join(base, `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

function cliVersion(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  const match = /temporal version (\S+)/.exec(result.stdout);
  return match ? match[1] : 'unknown';
}

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Returns the path of a Temporal CLI: $TEMPORAL_CLI, else `temporal` on the PATH, else the
 * binary built earlier at the pinned version, else builds it with `go install` (minutes, once).
 */
function ensureTemporalCli(log = console.log) {
  if (process.env.TEMPORAL_CLI) {
    if (!cliVersion(process.env.TEMPORAL_CLI)) throw new Error(`TEMPORAL_CLI=${process.env.TEMPORAL_CLI} does not run`);
    return process.env.TEMPORAL_CLI;
  }
  const fromPath = onPath('temporal');
  if (fromPath && cliVersion(fromPath)) return fromPath;

  const dir = cacheDir();
  const cached = path.join(dir, 'temporal');
  // `go install` builds report "0.0.0-DEV", so the pinned version is recorded beside the binary.
  const marker = path.join(dir, 'module-version.txt');
  const built = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : null;
  if (fs.existsSync(cached) && built === TEMPORAL_CLI_MODULE && cliVersion(cached)) return cached;

  const go = onPath('go') || (fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
  if (!go) {
    throw new Error(
      'No Temporal CLI found and Go is not installed to build one.\n' +
        '  Either install the CLI (https://docs.temporal.io/cli, e.g. `brew install temporal`) and put it on the PATH,\n' +
        '  set TEMPORAL_CLI=/path/to/temporal, or point TEMPORAL_ADDRESS at a running Temporal server.',
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (first time only, several minutes)...`);
  const env = { ...process.env, GOBIN: dir, CGO_ENABLED: process.env.CGO_ENABLED || '0' };
  let result = spawnSync(go, ['install', TEMPORAL_CLI_MODULE], { env, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0 && /sum\.golang\.org|checksum|verifying module/i.test(result.stderr || '')) {
    // The module's own go.sum still verifies every dependency; only the top module skips the sum DB.
    log('Checksum database unreachable; retrying with GONOSUMDB for the CLI module only.');
    result = spawnSync(go, ['install', TEMPORAL_CLI_MODULE], {
      env: { ...env, GONOSUMDB: 'github.com/temporalio/cli' },
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
    });
  }
  if (result.status !== 0) {
    process.stderr.write(result.stderr || '');
    throw new Error(`go install ${TEMPORAL_CLI_MODULE} failed (exit ${result.status})`);
  }
  if (!cliVersion(cached)) throw new Error(`built ${cached} but it does not run`);
  fs.writeFileSync(marker, `${TEMPORAL_CLI_MODULE}\n`);
  return cached;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canConnect(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The dev server's SQLite file, in write-ahead-log mode synced at checkpoints. A server that
 * dies loses nothing it acknowledged (the log is replayed when it starts again); a power loss
 * or an OS crash can lose its last commits. Without them SQLite keeps a rollback journal and
 * syncs twice at every commit: about a quarter of the cases per second, on either kind of
 * workflow (docs/benchmarks-lifecycle.md).
 */
const SQLITE_PRAGMAS = ['journal_mode=WAL', 'synchronous=NORMAL'];

/**
 * Starts `temporal server start-dev` and resolves once the frontend answers a health check.
 * With `dbFile` the server keeps workflows across restarts (in a file with SQLITE_PRAGMAS);
 * without it, it runs in memory.
 */
async function startDevServer({ cli, port, uiPort, dbFile, logFile, namespace = 'default', headless = false }) {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace, '--log-level', 'warn'];
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (dbFile) {
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
    for (const pragma of SQLITE_PRAGMAS) args.push('--sqlite-pragma', pragma);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  // Activity and workflow task timeouts in tests rely on the server's default dynamic config.
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(cli, args, { stdio: ['ignore', out, out], detached: false });
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));

  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`temporal server start-dev exited early (${JSON.stringify(exited)})${logFile ? `; see ${logFile}` : ''}`);
    if (await canConnect('127.0.0.1', port)) {
      const health = spawnSync(cli, ['operator', 'cluster', 'health', '--address', address], { encoding: 'utf8' });
      if (health.status === 0 && /SERVING/.test(health.stdout)) break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Temporal dev server did not become healthy on ${address} within 90 s`);
    }
    await delay(300);
  }
  return {
    child,
    address,
    /** The CLI arguments it was started with, for a benchmark's record of its settings. */
    args,
    uiUrl: headless ? null : `http://127.0.0.1:${uiPort}`,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await new Promise((resolve) => (exited ? resolve() : child.once('exit', resolve)));
      clearTimeout(killTimer);
    },
  };
}

module.exports = { TEMPORAL_CLI_VERSION, SEARCH_ATTRIBUTES, ensureTemporalCli, startDevServer, freePort, canConnect, delay, cliVersion, execFileSync };

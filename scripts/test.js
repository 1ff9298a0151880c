#!/usr/bin/env node
'use strict';
// `npm test`: installs what is missing, checks the services, builds, and runs every Jest
// project (unit, integration on the real Temporal dev server, PostgreSQL and Redis, and the
// browser tests driving the built console in headless Chromium).
// Extra arguments go to Jest (`npm test -- test/integration/lifecycle.int-spec.ts`).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const log = (line) => console.log(`[test] ${line}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main() {
  if (!fs.existsSync(path.join(root, 'node_modules', '@temporalio', 'worker'))) {
    log('installing npm dependencies...');
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
  const { checkServices } = require('./lib/preflight');
  const problems = await checkServices({
    databaseUrl: process.env.TEST_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    databaseVariable: 'TEST_DATABASE_ADMIN_URL',
    redisUrl: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/0',
  });
  if (problems.length > 0) {
    for (const problem of problems) console.error(`[test] ${problem}`);
    process.exit(2);
  }
  // Built here, outside Jest, so the one-time `go install` prints its progress.
  require('./lib/temporal').ensureTemporalCli(log);
  // The cluster project's Temporal server and SQL tool, the same way (minutes, once).
  require('./lib/temporal-cluster').ensureTemporalServer(log);
  log('building (tsc) for the process-level tests...');
  run('npm', ['run', '--silent', 'build']);
  // The console is built from the committed OpenAPI document and its types, never regenerated
  // here: test/unit/openapi.spec.ts generates them afresh and fails when the committed ones drift.
  log('building the web console (vite) for the browser tests...');
  run('npm', ['run', '--silent', 'build:console']);
  // --forceExit: the Temporal SDK's native runtime keeps a handle open after the last worker stops.
  run('npx', ['jest', '--runInBand', '--forceExit', ...process.argv.slice(2)], { env: { ...process.env, FORCE_COLOR: '0' } });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

#!/usr/bin/env node
'use strict';
// `npm start`: brings the whole system up on this machine — dependencies, build, Temporal dev
// server (unless TEMPORAL_ADDRESS points at a cluster), database, migrations, seed, worker, API.
// Ctrl-C stops every child process.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dataDir = process.env.DATA_DIR || path.join(root, '.data');
const log = (line) => console.log(`[start] ${line}`);
const children = [];
// Run after the children have stopped (a Temporal cluster stops its own processes).
const cleanups = [];
let stopping = false;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

function ensureDependencies() {
  if (fs.existsSync(path.join(root, 'node_modules', '@temporalio', 'worker'))) return;
  log('installing npm dependencies...');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

/** The environment of every child: defaults for the database and Redis, checked before anything starts. */
async function prepareEnvironment() {
  ensureDependencies();
  const { checkServices, ownerUrlOf } = require('./lib/preflight');
  // The API and the worker connect as the application role; migrations and the seed as the owner.
  const databaseUrl = process.env.DATABASE_URL || 'postgres://ippledge_app@127.0.0.1:5432/ip_pledge';
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_OWNER_URL: process.env.DATABASE_OWNER_URL || ownerUrlOf(databaseUrl),
    REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379/0',
    NODE_ENV: process.env.NODE_ENV || 'development',
  };
  // The owner is checked: the application role only exists once the migrations have run.
  const problems = await checkServices({
    databaseUrl: env.DATABASE_OWNER_URL,
    databaseVariable: process.env.DATABASE_OWNER_URL ? 'DATABASE_OWNER_URL' : 'DATABASE_URL',
    redisUrl: env.REDIS_URL,
  });
  if (problems.length > 0) {
    for (const problem of problems) console.error(`[start] ${problem}`);
    process.exit(2);
  }
  return env;
}

/** Compiles the apps, the console and the workflow bundle (whose path goes into `env`). */
function buildAll(env) {
  log('building (tsc)...');
  run('npm', ['run', '--silent', 'build']);
  // The console is typed by the API's OpenAPI document: regenerated first, so drift fails the build.
  log('generating the OpenAPI document and the console types...');
  run('npm', ['run', '--silent', 'openapi']);
  log('building the web console (vite)...');
  run('npm', ['run', '--silent', 'build:console']);
  log('bundling workflows...');
  const bundlePath = path.join(root, 'dist', 'workflow-bundle.js');
  run('node', [path.join(root, 'scripts', 'bundle-workflows.js'), bundlePath]);
  env.WORKFLOW_BUNDLE_PATH = bundlePath;
}

function migrateAndSeed(env) {
  log('migrating and seeding the database...');
  run('node', [path.join(root, 'dist', 'libs', 'persistence', 'src', 'cli', 'migrate.js'), '--seed'], { env });
}

async function main() {
  const env = await prepareEnvironment();
  buildAll(env);

  let temporalUi = process.env.TEMPORAL_UI_URL || null;
  if (!process.env.TEMPORAL_ADDRESS) {
    const temporal = require('./lib/temporal');
    const cli = temporal.ensureTemporalCli(log);
    const port = Number(process.env.TEMPORAL_PORT || 7233);
    const uiPort = Number(process.env.TEMPORAL_UI_PORT || 8233);
    fs.mkdirSync(dataDir, { recursive: true });
    log(`starting Temporal dev server on 127.0.0.1:${port} (data in ${path.join(dataDir, 'temporal.db')})...`);
    const server = await temporal.startDevServer({ cli, port, uiPort, dbFile: path.join(dataDir, 'temporal.db'), logFile: path.join(dataDir, 'temporal.log') });
    children.push({ name: 'temporal', child: server.child });
    env.TEMPORAL_ADDRESS = server.address;
    temporalUi = server.uiUrl;
  }
  env.TEMPORAL_UI_URL = temporalUi || '';

  migrateAndSeed(env);

  start('worker', path.join(root, 'dist', 'apps', 'worker', 'src', 'main.js'), env);
  start('api', path.join(root, 'dist', 'apps', 'api', 'src', 'main.js'), env);
  const apiUrl = `http://${env.API_HOST || '127.0.0.1'}:${env.API_PORT || 3000}`;
  await waitForHealth(`${apiUrl}/health`);
  await run('node', [path.join(root, 'scripts', 'demo-case.js'), apiUrl], { env });

  console.log('');
  log(`Console      ${apiUrl}/`);
  log(`API          ${apiUrl}/api/v1`);
  log(`OpenAPI docs ${apiUrl}/docs`);
  log(`Health       ${apiUrl}/health`);
  if (temporalUi) log(`Temporal UI  ${temporalUi}`);
  log('Ctrl-C stops everything.');
}

function start(name, script, env) {
  const child = spawn(process.execPath, ['--enable-source-maps', script], { cwd: root, env, stdio: 'inherit' });
  children.push({ name, child });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[start] ${name} exited (${signal || code}); stopping everything`);
    shutdown(1);
  });
}

async function waitForHealth(url) {
  const deadline = Date.now() + 120_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = JSON.stringify(await res.json());
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the API did not become healthy at ${url}: ${last}`);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  // API and worker first (they drain), the Temporal server last.
  for (const { child } of [...children].reverse()) {
    if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch((error) => console.error(`[start] ${error.message}`));
  }
  process.exit(code);
}

/** Children are tracked here (see `start`) so that `shutdown` stops them all. */
function track(name, child) {
  children.push({ name, child });
}

function onShutdown(cleanup) {
  cleanups.push(cleanup);
}

function stopOnSignals() {
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
}

module.exports = { root, dataDir, run, prepareEnvironment, buildAll, migrateAndSeed, start, track, onShutdown, waitForHealth, shutdown, stopOnSignals };

if (require.main === module) {
  stopOnSignals();
  main().catch((error) => {
    console.error(`[start] ${error.message}`);
    shutdown(1);
  });
}

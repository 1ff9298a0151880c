#!/usr/bin/env node
'use strict';
// Prints the README's architecture block, derived from the tree: the top-level folders, then
// each process's folders (one home per process). The one-line descriptions live here.
//   node scripts/architecture-tree.js           print the block
//   node scripts/architecture-tree.js --write   replace the block in README.md between
//                                               <!-- architecture:begin --> and <!-- architecture:end -->
// test/unit/architecture-tree.spec.ts fails when README.md's block differs from the output.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const BEGIN = '<!-- architecture:begin -->';
const END = '<!-- architecture:end -->';
const SKIPPED = new Set(['node_modules', 'dist', 'coverage', 'test-output', 'lint-fixtures']);
const UNDESCRIBED = '(no description yet: add one to scripts/architecture-tree.js)';

/** Top-level folders, in reading order. Folders found in the tree but not here come last. */
const FOLDERS = [
  ['apps/api', 'NestJS HTTP API: JWT auth, roles, validation, problem JSON, OpenAPI; one module per process'],
  ['apps/worker', 'NestJS application context running the Temporal worker; /metrics and /health on METRICS_PORT'],
  ['apps/console', 'the zh-CN web console (React, Ant Design, Vite), served by the API at /; typed by the OpenAPI schema'],
  ['workflows', 'deterministic workflow code, one folder per process; imports only @temporalio/workflow and libs/domain'],
  ['activities', 'activities as NestJS providers, grouped by the organisation performing them; use cases beside them'],
  ['libs/domain', 'pure TypeScript: money, decimals, business dates, identifiers, schedules, errors, one folder per process'],
  ['libs/persistence', 'PostgreSQL: hand-written migrations, SQL repositories (one folder per process), seed'],
  ['libs/audit', 'hash-chained audit log: canonical JSON and hash, append, verifier, CLI'],
  ['libs/queue', 'BullMQ producers and processors: notifications, exports'],
  ['libs/auth', 'JWT guard, roles decorator, current user'],
  ['libs/common', 'configuration, logging, Temporal client, HTTP status of each error code, problem JSON'],
  ['libs/documents', 'printable PDF layout'],
  ['libs/observability', 'Prometheus metrics (prom-client), OpenTelemetry tracing, the worker\'s metrics server'],
  ['docs', 'architecture.md (layers, folders, a request end to end), domain.md (the rules), one guide per feature (inbox, indicators, …)'],
  ['deploy', 'Dockerfile, compose file, Kubernetes manifests, values for Temporal\'s Helm chart; checked by unit tests'],
  ['scripts', 'npm start / start:cluster / npm test orchestration, Temporal CLI and server builds, workflow bundling, benchmarks, this block'],
  ['bench', 'benchmark results (JSON and Markdown) and the bare workflow the lifecycle benchmark compares against'],
  ['test', 'integration tests (real services), fault tests, the cluster suite, browser tests, fast workflow tests, recorded histories, lint fixtures'],
];

/** The processes, in reading order. A process found in the tree but not here comes last. */
const PROCESSES = [
  ['loan-case', 'one loan from application to closure (workflow loan-case-<case number>)'],
  ['compensation-claim', "insurance and fund claims on a defaulted loan (Updates of the loan case)"],
  ['disposal', "the sale of a defaulted case's pledged IP (workflow disposal-<case number>)"],
  ['subsidy-claim', 'an interest or premium subsidy claim (workflow subsidy-claim-<claim id>)'],
  ['subsidy-policy', "a district's versioned subsidy policies, the LPR table, what-if runs"],
  ['close-of-business', 'the nightly move of the business date (workflow close-of-business-…)'],
  ['calendar', 'the working calendar: State Council holiday notices, working days and deadlines'],
  ['top-up', "the fund's budget top-ups, proposed and approved"],
  ['tasks', 'the work inbox: what waits on whom, its working-day deadline and escalation (GET /tasks)'],
  ['work', 'work items and the outbox, written in the transaction of the change; the inbox query'],
  ['notifications', 'outbox delivery: in-app inbox, e-mail, SMS, signed webhooks (docs/notifications.md)'],
  ['collateral', "legal events on pledged assets, impairment, coverage, revaluation, covenants (a close-of-business step)"],
];

/** Where a process may have a home; `*` is the process name. */
const PROCESS_HOMES = [
  'libs/domain/src/*',
  'workflows/*',
  'activities/<organisation>/*.activities.ts',
  'apps/api/src/*',
  'libs/persistence/src/repositories/*',
];
const NOT_PROCESSES = new Set(['shared', 'errors']);

const exists = (rel) => fs.existsSync(path.join(ROOT, rel));
const isDir = (rel) => exists(rel) && fs.statSync(path.join(ROOT, rel)).isDirectory();

/** Sub-folders of `rel` that hold at least one file (git keeps no empty folder). */
function folders(rel) {
  if (!isDir(rel)) return [];
  return fs
    .readdirSync(path.join(ROOT, rel))
    .filter((name) => !name.startsWith('.') && !SKIPPED.has(name))
    .filter((name) => isDir(`${rel}/${name}`) && holdsFiles(`${rel}/${name}`))
    .sort();
}

function holdsFiles(rel) {
  return fs.readdirSync(path.join(ROOT, rel)).some((name) => {
    const child = `${rel}/${name}`;
    return isDir(child) ? holdsFiles(child) : true;
  });
}

function topLevelFolders() {
  const found = new Set();
  for (const name of folders('.').map((n) => n.replace(/^\.\//, ''))) {
    if (name === 'apps' || name === 'libs') for (const sub of folders(name)) found.add(`${name}/${sub}`);
    else found.add(name);
  }
  const known = FOLDERS.filter(([rel]) => found.has(rel));
  const unknown = [...found].filter((rel) => !FOLDERS.some(([k]) => k === rel)).sort();
  return [...known, ...unknown.map((rel) => [rel, UNDESCRIBED])];
}

function processHomes(name) {
  const homes = [];
  for (const home of PROCESS_HOMES) {
    if (home.startsWith('activities/')) {
      for (const organisation of folders('activities')) {
        const rel = `activities/${organisation}/${name}.activities.ts`;
        if (exists(rel)) homes.push(rel);
        if (exists(rel) && isDir(`activities/${organisation}/use-cases`))
          homes.push(`activities/${organisation}/use-cases/`);
      }
    } else {
      const rel = home.replace('*', name);
      if (isDir(rel)) homes.push(`${rel}/`);
    }
  }
  return homes;
}

function processes() {
  const found = new Set(
    ['libs/domain/src', 'workflows', 'libs/persistence/src/repositories']
      .flatMap(folders)
      .filter((name) => !NOT_PROCESSES.has(name)),
  );
  const known = PROCESSES.filter(([name]) => found.has(name));
  const unknown = [...found].filter((name) => !PROCESSES.some(([k]) => k === name)).sort();
  return [...known, ...unknown.map((name) => [name, UNDESCRIBED])];
}

/** The block as it belongs between the markers (without them). */
function block() {
  const lines = ['```text'];
  const folderRows = topLevelFolders();
  const width = Math.max(...folderRows.map(([rel]) => rel.length)) + 2;
  for (const [rel, text] of folderRows) lines.push(`${`${rel}/`.padEnd(width)}${text}`);
  lines.push('', 'One home per process:');
  for (const [name, text] of processes()) {
    lines.push('', `${name} — ${text}`);
    for (const home of processHomes(name)) lines.push(`  ${home}`);
  }
  lines.push('```');
  return lines.join('\n');
}

/** README.md with its block replaced by `content`. */
function withBlock(readme, content) {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${BEGIN} … ${END} block`);
  return `${readme.slice(0, begin + BEGIN.length)}\n${content}\n${readme.slice(end)}`;
}

/** The block currently in README.md (without the markers). */
function readmeBlock(readme) {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) return null;
  return readme.slice(begin + BEGIN.length, end).replace(/^\n/, '').replace(/\n$/, '');
}

module.exports = { block, withBlock, readmeBlock };

if (require.main === module) {
  if (process.argv.includes('--write')) {
    const file = path.join(ROOT, 'README.md');
    fs.writeFileSync(file, withBlock(fs.readFileSync(file, 'utf8'), block()));
    console.log('README.md: architecture block written');
  } else {
    console.log(block());
  }
}

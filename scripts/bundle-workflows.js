#!/usr/bin/env node
'use strict';
// Bundles the compiled workflows once, so production workers load a file instead of running
// webpack at start. Usage: node scripts/bundle-workflows.js [out] [--workflows <dir>]
// (default: dist/workflows into dist/workflow-bundle.js). Any failure exits 1 with a message
// and leaves no bundle behind, so a build cannot ship a stale or partial one.
const { bundleWorkflowCode } = require('@temporalio/worker');
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const path = require('node:path');

function parseArguments(argv) {
  const args = {
    out: path.join(__dirname, '..', 'dist', 'workflow-bundle.js'),
    workflows: path.join(__dirname, '..', 'dist', 'workflows'),
  };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--workflows') {
      args.workflows = argv[i + 1];
      i += 1;
    } else {
      args.out = argv[i];
    }
  }
  if (!args.workflows) throw new Error('--workflows needs a directory');
  return args;
}

/** Webpack's chatter is noise in tests and benchmarks; its warnings and errors are not. */
const QUIET_LOGGER = {
  trace() {},
  debug() {},
  info() {},
  warn: console.warn,
  error: console.error,
  log() {},
};

/**
 * Bundles the workflows at `workflowsPath` (a folder or its index, compiled or TypeScript) into
 * `out`, with the tracing interceptors when they are there, as production workers load it. The
 * bundle is written whole or not at all. Returns its size in bytes.
 */
async function writeWorkflowBundle(workflowsPath, out, { quiet = false } = {}) {
  const resolved = require.resolve(path.resolve(workflowsPath));
  fs.rmSync(out, { force: true });
  // Tracing of workflows: a bundle carries its interceptors (the worker cannot add them).
  let interceptors = [];
  try {
    interceptors = [
      require.resolve(path.join(path.dirname(resolved), 'shared', 'tracing.interceptors')),
    ];
  } catch {
    interceptors = [];
  }
  const { code } = await bundleWorkflowCode({
    workflowsPath: resolved,
    workflowInterceptorModules: interceptors,
    ...(quiet ? { logger: QUIET_LOGGER } : {}),
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  fs.writeFileSync(partial, code);
  fs.renameSync(partial, out);
  return Buffer.byteLength(code);
}

async function main() {
  const { out, workflows } = parseArguments(process.argv.slice(2));
  try {
    require.resolve(path.resolve(workflows));
  } catch {
    throw new Error(`no workflows at ${workflows} (run npm run build first)`);
  }
  const bytes = await writeWorkflowBundle(workflows, out);
  console.log(`workflow bundle written to ${out} (${bytes} bytes)`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(
      `bundle-workflows: bundling failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  });
}

module.exports = { writeWorkflowBundle };

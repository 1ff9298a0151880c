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

async function main() {
  const { out, workflows } = parseArguments(process.argv.slice(2));
  let workflowsPath;
  try {
    workflowsPath = require.resolve(path.resolve(workflows));
  } catch {
    throw new Error(`no workflows at ${workflows} (run npm run build first)`);
  }
  fs.rmSync(out, { force: true });
  // Tracing of workflows: a bundle carries its interceptors (the worker cannot add them).
  const interceptors = path.join(path.dirname(workflowsPath), 'shared', 'tracing.interceptors.js');
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: fs.existsSync(interceptors) ? [interceptors] : [],
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  fs.writeFileSync(partial, code);
  fs.renameSync(partial, out);
  console.log(`workflow bundle written to ${out} (${Buffer.byteLength(code)} bytes)`);
}

main().catch((error) => {
  console.error(
    `bundle-workflows: bundling failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});

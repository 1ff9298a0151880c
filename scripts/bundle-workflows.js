#!/usr/bin/env node
'use strict';
// Bundles the compiled workflows once, so workers start fast. Exits non-zero on any failure.
const { bundleWorkflowCode } = require('@temporalio/worker');
const fs = require('node:fs');
const path = require('node:path');

const out = process.argv[2] || path.join(__dirname, '..', 'dist', 'workflow-bundle.js');
const dist = path.join(__dirname, '..', 'dist');
bundleWorkflowCode({
  workflowsPath: require.resolve(path.join(dist, 'workflows')),
  // Tracing of workflows (a bundle carries its interceptors; the worker cannot add them).
  workflowInterceptorModules: [
    require.resolve(path.join(dist, 'workflows', 'shared', 'tracing.interceptors')),
  ],
})
  .then(({ code }) => {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

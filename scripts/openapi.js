#!/usr/bin/env node
'use strict';
// `npm run openapi`: writes apps/console/src/api/openapi.json and schema.d.ts from the API's
// controllers (scripts/openapi/generate.ts), without a build and without any service: the
// TypeScript sources are compiled on load with SWC, as the tests do. `--out <dir>` writes the
// two files elsewhere (the OpenAPI test compares a fresh generation with the committed files).
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.join(__dirname, '..');
const options = JSON.parse(fs.readFileSync(path.join(root, '.swcrc.jest.json'), 'utf8'));
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, { ...options, swcrc: false, filename });
  module._compile(code, filename);
};

const out = process.argv.indexOf('--out');
require('./openapi/generate.ts')
  .writeOpenApi(out > 0 ? path.resolve(process.argv[out + 1]) : undefined)
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

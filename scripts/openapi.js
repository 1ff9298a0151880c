#!/usr/bin/env node
'use strict';
// `npm run openapi`: writes apps/console/src/api/openapi.json and schema.d.ts from the API's
// controllers (scripts/openapi/generate.ts), without a build and without any service: the
// TypeScript sources are compiled on load with SWC, as the tests do.
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

require('./openapi/generate.ts')
  .writeOpenApi()
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

#!/usr/bin/env node
// `npm run bench`: builds, then runs the benchmarks; figures land in bench/results/.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
execFileSync('node', [join(root, 'dist', 'scripts', 'bench', 'run-benchmarks.js')], {
  cwd: root,
  stdio: 'inherit',
});

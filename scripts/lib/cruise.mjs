// Runs dependency-cruiser's API with the project's rules (.dependency-cruiser.js) on the given
// files or folders and prints the violations as JSON: [{ rule, from, to }]. Used by
// test/unit/lint-rules.spec.ts (dependency-cruiser is an ES module; Jest runs CommonJS).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root);
const ruleSet = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.js'));
const targets = process.argv.slice(2);
const result = await cruise(
  targets.length > 0 ? targets : ['apps', 'libs', 'workflows', 'activities'],
  { ...ruleSet.options, ruleSet, validate: true, outputType: 'json' },
  {},
  { tsConfig: extractTSConfig(path.join(root, 'tsconfig.json')) },
);
const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
const violations = output.summary.violations.map((v) => ({
  rule: v.rule.name,
  from: v.from,
  to: v.to,
}));
process.stdout.write(`${JSON.stringify(violations)}\n`);

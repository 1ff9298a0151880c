import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'bundle-workflows.js');

/** Runs the bundle script on a workflows folder of its own, as the Dockerfile's build does. */
function bundle(dir: string, workflowsSource: string | null) {
  const workflows = join(dir, 'workflows');
  if (workflowsSource !== null) {
    mkdirSync(workflows);
    writeFileSync(join(workflows, 'index.js'), workflowsSource);
  }
  const out = join(dir, 'out', 'workflow-bundle.js');
  const run = spawnSync(process.execPath, [script, out, '--workflows', workflows], {
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr, out };
}

describe('scripts/bundle-workflows.js', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bundle-workflows-'));
    // The workflow resolves @temporalio/workflow from its own folder, as dist/workflows does.
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a bundle of workflow-safe code and exits 0', () => {
    const run = bundle(
      dir,
      "const { sleep } = require('@temporalio/workflow');\n" +
        'exports.waits = async function waits() { await sleep(1); return 1; };\n',
    );
    expect(run.status).toBe(0);
    expect(readFileSync(run.out, 'utf8')).toContain('waits');
  });

  it('exits 1 naming the forbidden module when a workflow imports a Node built-in', () => {
    const run = bundle(
      dir,
      "const fs = require('fs');\n" +
        "exports.reads = async function reads() { return fs.readFileSync('/etc/hostname'); };\n",
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /bundle-workflows: bundling failed: .*disallowed modules:\s+- 'fs'/s,
    );
    expect(existsSync(run.out)).toBe(false);
  });

  it('exits 1 when the workflows were not built', () => {
    const run = bundle(dir, null);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no workflows at .* \(run npm run build first\)/);
    expect(existsSync(run.out)).toBe(false);
  });

  it('removes a bundle of an earlier build when this one fails', () => {
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'workflow-bundle.js'), 'stale');
    const run = bundle(dir, "require('child_process');\n");
    expect(run.status).toBe(1);
    expect(existsSync(run.out)).toBe(false);
  });
});

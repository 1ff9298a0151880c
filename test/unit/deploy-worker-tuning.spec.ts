import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noopMetricMeter } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';
// The SDK's own option compiler (what Worker.create runs): it proves the options are the ones
// it reads, since it ignores some it still declares (maxConcurrentWorkflowTaskPolls in 1.13).
import { compileWorkerOptions } from '@temporalio/worker/lib/worker-options';
import { validateConfig, workerBundlePath } from '../../libs/common/src/config';
import { workflowSourceOf } from '../../apps/worker/src/temporal-worker.service';

const secret = 'a-production-secret-of-forty-characters!';

describe('worker tuning variables', () => {
  it('leaves every SDK default when nothing is set', () => {
    expect(validateConfig({}).workerTuning).toEqual({});
  });

  it('passes each variable to the Worker.create option it names', () => {
    const config = validateConfig({
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '60',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '200',
      WORKER_MAX_CACHED_WORKFLOWS: '600',
      WORKER_WORKFLOW_TASK_POLLERS: '30',
      WORKER_ACTIVITY_TASK_POLLERS: '20',
    });
    expect(config.workerTuning).toEqual({
      maxConcurrentWorkflowTaskExecutions: 60,
      maxConcurrentActivityTaskExecutions: 200,
      maxCachedWorkflows: 600,
      workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 30 },
      activityTaskPollerBehavior: { type: 'simple-maximum', maximum: 20 },
    });
  });

  it('reaches the slots, cache and pollers the SDK compiles for the worker', () => {
    const { workerTuning } = validateConfig({
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '50',
      WORKER_MAX_CACHED_WORKFLOWS: '100',
      WORKER_WORKFLOW_TASK_POLLERS: '4',
      WORKER_ACTIVITY_TASK_POLLERS: '5',
    });
    const compiled = compileWorkerOptions(
      { taskQueue: 'tuning', workflowsPath: __dirname, ...workerTuning },
      new DefaultLogger('ERROR'),
      noopMetricMeter,
    );
    expect(compiled.tuner).toMatchObject({
      workflowTaskSlotSupplier: { type: 'fixed-size', numSlots: 20 },
      activityTaskSlotSupplier: { type: 'fixed-size', numSlots: 50 },
    });
    expect(compiled.maxCachedWorkflows).toBe(100);
    expect(compiled.workflowTaskPollerBehavior).toEqual({ type: 'simple-maximum', maximum: 4 });
    expect(compiled.activityTaskPollerBehavior).toEqual({ type: 'simple-maximum', maximum: 5 });
  });

  it('accepts a cache of 0 (sticky execution off) with any number of slots', () => {
    const config = validateConfig({
      WORKER_MAX_CACHED_WORKFLOWS: '0',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '80',
    });
    expect(config.workerTuning).toEqual({
      maxCachedWorkflows: 0,
      maxConcurrentWorkflowTaskExecutions: 80,
    });
  });

  it.each([
    // Not numbers, or not whole numbers: the message names the variable.
    ['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 'many' }],
    ['WORKER_MAX_CONCURRENT_ACTIVITIES', { WORKER_MAX_CONCURRENT_ACTIVITIES: '2.5' }],
    ['WORKER_MAX_CACHED_WORKFLOWS', { WORKER_MAX_CACHED_WORKFLOWS: '-1' }],
    // The SDK raises 1 to 2 silently; refused so the log shows what runs.
    ['WORKER_MAX_CACHED_WORKFLOWS', { WORKER_MAX_CACHED_WORKFLOWS: '1' }],
    // Fewer than two workflow pollers cannot serve the sticky and the normal queue.
    ['WORKER_WORKFLOW_TASK_POLLERS', { WORKER_WORKFLOW_TASK_POLLERS: '1' }],
    ['WORKER_ACTIVITY_TASK_POLLERS', { WORKER_ACTIVITY_TASK_POLLERS: '0' }],
    ['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' }],
    // Slots above the cache: the SDK would lower them to the cache size.
    [
      'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS \\(50\\) must not exceed WORKER_MAX_CACHED_WORKFLOWS \\(20\\)',
      { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '50', WORKER_MAX_CACHED_WORKFLOWS: '20' },
    ],
    // The default 40 slots against a smaller cache.
    ['must not exceed WORKER_MAX_CACHED_WORKFLOWS \\(10\\)', { WORKER_MAX_CACHED_WORKFLOWS: '10' }],
    [
      'WORKER_WORKFLOW_TASK_POLLERS \\(12\\) must not exceed WORKER_MAX_CONCURRENT_WORKFLOW_TASKS \\(8\\)',
      { WORKER_WORKFLOW_TASK_POLLERS: '12', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8' },
    ],
    [
      'WORKER_ACTIVITY_TASK_POLLERS \\(101\\) must not exceed WORKER_MAX_CONCURRENT_ACTIVITIES \\(100\\)',
      { WORKER_ACTIVITY_TASK_POLLERS: '101' },
    ],
  ])('refuses to start, naming %s', (message, env) => {
    expect(() => validateConfig(env)).toThrow(new RegExp(`Invalid configuration[^]*${message}`));
  });
});

describe('the workflow bundle a worker loads', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a production worker without WORKFLOW_BUNDLE_PATH, naming the fix', () => {
    const config = validateConfig({ NODE_ENV: 'production', JWT_SECRET: secret });
    expect(() => workerBundlePath(config)).toThrow(
      /NODE_ENV=production requires WORKFLOW_BUNDLE_PATH[^]*bundle-workflows\.js/,
    );
    expect(() => workflowSourceOf(config)).toThrow(/requires WORKFLOW_BUNDLE_PATH/);
  });

  it('lets the API share a production configuration without a bundle', () => {
    expect(() => validateConfig({ NODE_ENV: 'production', JWT_SECRET: secret })).not.toThrow();
  });

  it('bundles the sources at start outside production', () => {
    expect(workflowSourceOf(validateConfig({}))).toEqual({
      workflowsPath: expect.stringMatching(/workflows/),
    });
  });

  it('loads a readable bundle file', () => {
    const bundle = join(dir, 'workflow-bundle.js');
    writeFileSync(bundle, 'module.exports = {};');
    const config = validateConfig({
      NODE_ENV: 'production',
      JWT_SECRET: secret,
      WORKFLOW_BUNDLE_PATH: bundle,
    });
    expect(workflowSourceOf(config)).toEqual({ workflowBundle: { codePath: bundle } });
  });

  it.each([
    ['a missing file', (d: string) => join(d, 'absent.js'), /ENOENT/],
    ['a directory', (d: string) => d, /not a file/],
    [
      'an empty file',
      (d: string) => {
        writeFileSync(join(d, 'empty.js'), '');
        return join(d, 'empty.js');
      },
      /empty file/,
    ],
  ])('fails loudly on %s', (_label, make, reason) => {
    const bundle = make(dir);
    const config = validateConfig({ WORKFLOW_BUNDLE_PATH: bundle });
    expect(() => workflowSourceOf(config)).toThrow(
      new RegExp(`WORKFLOW_BUNDLE_PATH=${bundle} cannot be loaded`),
    );
    expect(() => workflowSourceOf(config)).toThrow(reason);
  });
});

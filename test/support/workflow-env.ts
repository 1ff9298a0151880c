/*
 * Fast workflow tests: one process workflow on the real Temporal dev server of this test run,
 * with stub activities in place of the NestJS services, so a workflow rule is tested in seconds
 * without PostgreSQL or Redis. The SDK's time-skipping server is a separate binary downloaded
 * from the internet, which this project cannot fetch; our workflows wait on business dates
 * (Updates), not timers, so the dev server loses nothing here.
 */
import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { testEnv } from '../setup/test-env';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed by an earlier test file in this process.
}

/** Stub activities: every activity the workflow under test may call, by name. */
export type StubActivities = Record<string, (...args: never[]) => Promise<unknown>>;

export interface WorkflowTestEnv {
  client: Client;
  taskQueue: string;
  /** A fresh workflow id with a prefix, so tests of one file never collide. */
  newId(prefix: string): string;
  /** Runs `work` while a worker with these activities polls this file's task queue. */
  withWorker<T>(activities: StubActivities, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function startWorkflowTestEnv(): Promise<WorkflowTestEnv> {
  const env = testEnv();
  const testing = await TestWorkflowEnvironment.createFromExistingServer({
    address: env.temporalAddress,
  });
  const taskQueue = `wf-test-${randomBytes(4).toString('hex')}`;
  return {
    client: testing.client,
    taskQueue,
    newId: (prefix) => `${prefix}-${randomBytes(5).toString('hex')}`,
    async withWorker(activities, work) {
      const worker = await Worker.create({
        connection: testing.nativeConnection,
        taskQueue,
        workflowBundle: { codePath: env.bundlePath },
        activities,
      });
      return worker.runUntil(work);
    },
    close: () => testing.teardown(),
  };
}

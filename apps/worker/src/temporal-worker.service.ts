import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { accessSync, constants, statSync } from 'node:fs';
import { AppConfig, workerBundlePath } from '../../../libs/common/src/config';
import { TEMPORAL_CLIENT } from '../../../libs/common/src/temporal.module';
import { activityMethods } from '../../../activities/shared/activity-failure';
import {
  CLOSE_OF_BUSINESS_SCHEDULE_ID,
  CLOSE_OF_BUSINESS_WORKFLOW,
} from '../../../workflows/close-of-business/close-of-business.shared';
import { workerTracingOptions } from '../../../libs/observability/src/temporal-worker-tracing';
import { ACTIVITY_SERVICES } from './activities.module';

/**
 * Runs the Temporal worker inside the Nest application context: activities are Nest providers,
 * so they get repositories and queues by injection. The run promise is kept; shutdown drains it.
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TemporalWorker');
  private worker: Worker | null = null;
  private connection: NativeConnection | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly modules: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const activities = Object.assign(
      {},
      ...ACTIVITY_SERVICES.map((service) =>
        activityMethods(this.modules.get(service, { strict: false })),
      ),
    );
    // Before connecting: a missing bundle is a deployment error, not something to retry.
    const workflowSource = workflowSourceOf(this.config);
    const tuning = this.config.workerTuning;
    this.connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      activities,
      ...workflowSource,
      ...tuning,
      ...workerTracingOptions({ bundled: 'workflowBundle' in workflowSource }),
    });
    this.running = this.worker.run();
    // A worker that dies on its own must take the process down, not idle silently.
    this.running.catch((error: unknown) => {
      this.logger.error({ err: error }, 'Temporal worker stopped with an error');
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.logger.log(
      {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        activities: Object.keys(activities).length,
        workflows:
          'workflowBundle' in workflowSource
            ? workflowSource.workflowBundle.codePath
            : 'bundled at start',
        // The options given; an absent one is the SDK's default.
        tuning,
      },
      'Temporal worker running',
    );
    if (this.config.ENSURE_SCHEDULES === 'true') await this.ensureCloseOfBusinessSchedule();
  }

  /** The nightly close of business in Asia/Shanghai; created once, left alone when present. */
  private async ensureCloseOfBusinessSchedule(): Promise<void> {
    try {
      await this.client.schedule.create({
        scheduleId: CLOSE_OF_BUSINESS_SCHEDULE_ID,
        spec: {
          calendars: [{ hour: 23, minute: 30, comment: '日终 close of business' }],
          timezone: 'Asia/Shanghai',
        },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
        action: {
          type: 'startWorkflow',
          workflowType: CLOSE_OF_BUSINESS_WORKFLOW,
          workflowId: 'close-of-business-nightly',
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          args: [{ requestedBy: 'schedule' }],
        },
      });
      this.logger.log('close-of-business schedule created');
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }

  /** Whether the Temporal worker polls its task queue (the worker's /health). */
  isRunning(): boolean {
    return this.worker?.getState() === 'RUNNING';
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}

/**
 * Where the worker's workflow code comes from: the prebuilt bundle when configured (required in
 * production), which must be a readable file, or the sources bundled at start.
 */
export function workflowSourceOf(
  config: AppConfig,
): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = workerBundlePath(config);
  if (bundle === undefined) return { workflowsPath: require.resolve('../../../workflows') };
  try {
    accessSync(bundle, constants.R_OK);
    const stat = statSync(bundle);
    if (!stat.isFile()) throw new Error('not a file');
    if (stat.size === 0) throw new Error('empty file');
  } catch (error) {
    throw new Error(
      `WORKFLOW_BUNDLE_PATH=${bundle} cannot be loaded (${(error as Error).message}); build it with node scripts/bundle-workflows.js ${bundle}`,
    );
  }
  return { workflowBundle: { codePath: bundle } };
}

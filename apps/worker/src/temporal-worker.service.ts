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
import { AppConfig } from '../../../libs/common/src/config';
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
    this.connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
    const workflowSource = this.config.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: this.config.WORKFLOW_BUNDLE_PATH } }
      : { workflowsPath: require.resolve('../../../workflows') };
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      activities,
      ...workflowSource,
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
      { taskQueue: this.config.TEMPORAL_TASK_QUEUE, activities: Object.keys(activities).length },
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

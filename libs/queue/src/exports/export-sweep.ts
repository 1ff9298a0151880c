import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../../../common/src/config';
import { ExportJobRepository } from '../../../persistence/src/repositories/export-job.repository';
import { Periodic } from '../periodic';
import { QueueService } from '../queue.service';

const SWEEP_BATCH = 200;

/**
 * Brings every export recorded in PostgreSQL to a worker (worker process): queues again the
 * jobs left QUEUED for a while (the API's enqueue failed, or Redis lost the job) and the RUNNING
 * ones whose lease lapsed (their worker died). The BullMQ job id is the export id, so a job still
 * in Redis is not queued twice, and a run of a finished export does nothing.
 */
@Injectable()
export class ExportSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ExportSweep');
  private readonly periodic = new Periodic(this.logger);

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly jobs: ExportJobRepository,
    @Inject(QueueService) private readonly queues: QueueService,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.every(this.config.EXPORT_SWEEP_INTERVAL_MS, 'export sweep failed', async () => {
      await this.sweep();
    });
  }

  /** Queues the stranded exports; with Redis away they stay for the next sweep. Answers how many. */
  async sweep(): Promise<number> {
    const stranded = await this.jobs.stranded(this.config.EXPORT_REQUEUE_AFTER_MS, SWEEP_BATCH);
    for (const [done, exportId] of stranded.entries()) {
      try {
        await this.queues.requeueExport({ exportId });
      } catch (error) {
        this.logger.warn(
          { err: error instanceof Error ? error.message : String(error), pending: stranded.length },
          'queue unavailable; the next sweep will queue the exports',
        );
        return done;
      }
    }
    if (stranded.length > 0) this.logger.log({ exports: stranded.length }, 'exports queued again');
    return stranded.length;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
  }
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../common/src/config';
import { ExportJobRepository } from '../../../persistence/src/repositories/export-job.repository';
import { QUEUES, type ExportJob } from '../queue.constants';
import { assertEveryJobHandled, QueueConsumer, type JobHandlers } from '../queue-consumer';
import { renderCsv, renderXlsx } from './render';
import { exportReport } from './reports';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * Consumer of the exports queue (worker process): loads the report's rows with the filter the
 * API scoped, renders CSV or XLSX and stores the file on the export_job row for download.
 */
@Injectable()
export class ExportProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ExportProcessor');
  private consumer: QueueConsumer<ExportJob> | null = null;
  private readonly handlers: JobHandlers<ExportJob> = {
    generate: (job) => this.generate(job),
  };

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly jobs: ExportJobRepository,
  ) {
    assertEveryJobHandled(QUEUES.exports, this.handlers, 'ExportProcessor');
  }

  onApplicationBootstrap(): void {
    this.consumer = new QueueConsumer(this.config, QUEUES.exports, this.handlers, {
      concurrency: 2,
      logger: this.logger,
      failureMessage: 'export failed',
    });
  }

  private async generate(job: Job<ExportJob>): Promise<void> {
    const leaseMs = this.config.EXPORT_LEASE_MS;
    const row = await this.jobs.start(job.data.exportId, leaseMs);
    if (!row) return; // finished, or another attempt holds it
    // Renewed while rendering, so only a dead worker's lease lapses and is queued again.
    const renewal = setInterval(() => {
      this.jobs
        .renew(row.id, row.attempt, leaseMs)
        .catch((error: unknown) =>
          this.logger.warn(
            { exportId: row.id, err: error instanceof Error ? error.message : String(error) },
            'export lease not renewed',
          ),
        );
    }, leaseMs / 3);
    try {
      const report = exportReport(row.kind);
      if (!report) throw new Error(`Unknown export kind ${row.kind}`);
      const rows = await report.load(this.db, row.filter);
      const content =
        row.format === 'csv'
          ? renderCsv(report.columns, rows)
          : await renderXlsx(report.title, report.columns, rows);
      await this.jobs.complete(row.id, row.attempt, rows.length, {
        fileName: `${row.kind}-${row.id}.${row.format}`,
        contentType: CONTENT_TYPES[row.format],
        content,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // Only the last attempt marks the export failed; earlier ones leave it for the retry.
      if (lastAttempt) await this.jobs.fail(row.id, row.attempt, message);
      else await this.jobs.release(row.id, row.attempt);
      throw error;
    } finally {
      clearInterval(renewal);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.close();
  }
}

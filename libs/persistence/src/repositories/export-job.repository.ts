import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportStatus = 'QUEUED' | 'RUNNING' | 'READY' | 'FAILED';

export interface ExportJobRow {
  id: string;
  kind: string;
  format: ExportFormat;
  filter: Record<string, string>;
  requestedBy: string;
  requestedOrgId: string;
  status: ExportStatus;
  rowCount: number | null;
  fileName: string | null;
  error: string | null;
  requestedAt: string;
  completedAt: string | null;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

const COLUMNS = `id, kind, format, filter, requested_by AS "requestedBy", requested_org_id AS "requestedOrgId",
  status, row_count AS "rowCount", file_name AS "fileName", error,
  requested_at AS "requestedAt", completed_at AS "completedAt"`;

/**
 * Export jobs and their files. PostgreSQL holds the truth of each job; BullMQ only carries
 * attempts. Each transition is conditional, so a redelivered job is harmless.
 */
@Injectable()
export class ExportJobRepository {
  constructor(private readonly db: DataSource) {}

  async create(job: {
    id: string;
    kind: string;
    format: ExportFormat;
    filter: Record<string, string>;
    requestedBy: string;
    requestedOrgId: string;
  }): Promise<ExportJobRow> {
    const rows: ExportJobRow[] = await this.db.query(
      `INSERT INTO export_job (id, kind, format, filter, requested_by, requested_org_id, status)
       VALUES ($1,$2,$3,$4,$5,$6,'QUEUED') RETURNING ${COLUMNS}`,
      [
        job.id,
        job.kind,
        job.format,
        JSON.stringify(job.filter),
        job.requestedBy,
        job.requestedOrgId,
      ],
    );
    return rows[0]!;
  }

  async find(id: string): Promise<ExportJobRow | null> {
    const rows: ExportJobRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM export_job WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Claims the job for one attempt of generation, for `leaseMs`: only a QUEUED job, or a RUNNING
   * one whose lease lapsed (its worker died). Null when someone holds it or it is finished, so a
   * duplicated or late job does nothing. The attempt number fences the outcome of that attempt.
   */
  async start(id: string, leaseMs: number): Promise<(ExportJobRow & { attempt: number }) | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows]: [(ExportJobRow & { attempt: number })[], number] = await this.db.query(
      `UPDATE export_job
          SET status = 'RUNNING', attempts = attempts + 1,
              lease_until = now() + $2 * interval '1 millisecond'
        WHERE id = $1
          AND (status = 'QUEUED' OR (status = 'RUNNING' AND lease_until < now()))
        RETURNING ${COLUMNS}, attempts AS attempt`,
      [id, leaseMs],
    );
    return rows[0] ?? null;
  }

  /** Extends the lease of an attempt still running; false once another attempt took the job. */
  async renew(id: string, attempt: number, leaseMs: number): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.db.query(
      `UPDATE export_job SET lease_until = now() + $3 * interval '1 millisecond'
        WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`,
      [id, attempt, leaseMs],
    );
    return affected === 1;
  }

  async complete(id: string, attempt: number, rowCount: number, file: ExportFile): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET status = 'READY', row_count = $3, file_name = $4, content_type = $5,
         content = $6, error = NULL, lease_until = NULL, completed_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`,
      [id, attempt, rowCount, file.fileName, file.contentType, file.content],
    );
  }

  async fail(id: string, attempt: number, error: string): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET status = 'FAILED', error = $3, lease_until = NULL, completed_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`,
      [id, attempt, error.slice(0, 2000)],
    );
  }

  /** Ends an attempt that failed but will be retried: the retry may claim the job at once. */
  async release(id: string, attempt: number): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET lease_until = now()
        WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`,
      [id, attempt],
    );
  }

  /**
   * Jobs that may have no job in Redis: QUEUED for longer than `queuedForMs` (the enqueue failed
   * or Redis lost the job) and RUNNING with a lapsed lease (the worker died). Oldest first.
   */
  async stranded(queuedForMs: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM export_job
        WHERE status IN ('QUEUED','RUNNING')
          AND CASE status
                WHEN 'QUEUED' THEN requested_at < now() - $1 * interval '1 millisecond'
                ELSE lease_until < now()
              END
        ORDER BY requested_at LIMIT $2`,
      [queuedForMs, limit],
    );
    return rows.map((r) => r.id);
  }

  async file(id: string): Promise<ExportFile | null> {
    const rows: ExportFile[] = await this.db.query(
      `SELECT file_name AS "fileName", content_type AS "contentType", content
       FROM export_job WHERE id = $1 AND status = 'READY'`,
      [id],
    );
    return rows[0] ?? null;
  }
}

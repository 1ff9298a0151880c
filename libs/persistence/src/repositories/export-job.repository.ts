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

/** Export jobs and their files. Each transition is conditional, so a redelivered job is harmless. */
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

  /** Claims the job for generation; null when it is already READY (nothing left to do). */
  async start(id: string): Promise<ExportJobRow | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows]: [ExportJobRow[], number] = await this.db.query(
      `UPDATE export_job SET status = 'RUNNING', attempts = attempts + 1
       WHERE id = $1 AND status <> 'READY' RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async complete(id: string, rowCount: number, file: ExportFile): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET status = 'READY', row_count = $2, file_name = $3, content_type = $4,
         content = $5, error = NULL, completed_at = now()
       WHERE id = $1 AND status = 'RUNNING'`,
      [id, rowCount, file.fileName, file.contentType, file.content],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET status = 'FAILED', error = $2, completed_at = now()
       WHERE id = $1 AND status = 'RUNNING'`,
      [id, error.slice(0, 2000)],
    );
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

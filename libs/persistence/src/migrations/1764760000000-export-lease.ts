import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lease on a RUNNING export: the worker renders the file under it and renews it while it
 * works, so a job whose worker died shows as a lapsed lease and the sweep queues it again. The
 * partial index serves that sweep, which reads only unfinished jobs.
 */
export class ExportLease1764760000000 implements MigrationInterface {
  name = 'ExportLease1764760000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE export_job ADD COLUMN lease_until timestamptz`);
    await db.query(
      `CREATE INDEX export_job_unfinished_idx ON export_job (requested_at)
        WHERE status IN ('QUEUED','RUNNING')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX export_job_unfinished_idx`);
    await db.query(`ALTER TABLE export_job DROP COLUMN lease_until`);
  }
}

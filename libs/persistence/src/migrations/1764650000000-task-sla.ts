import type { MigrationInterface, QueryRunner } from 'typeorm';
import { defaultTaskSlas } from '../../../domain/src/tasks/tasks';

/**
 * The work inbox's time limits: per kind of organisation and kind of task, the working days a
 * task may take and the days left from which it is due soon, seeded with the defaults and
 * changed by administrators (the CHECKs hold the bounds whatever writes the row). Indexes for
 * the inbox's reads at scale: a bank's cases by state, and the proposed top-ups of an
 * organisation.
 */
export class TaskSla1764650000000 implements MigrationInterface {
  name = 'TaskSla1764650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE task_sla (
        organisation_kind  text NOT NULL,
        task_kind          text NOT NULL,
        working_days       integer NOT NULL CONSTRAINT task_sla_working_days CHECK (working_days BETWEEN 1 AND 60),
        due_soon_days      integer NOT NULL,
        updated_by         text NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_kind, task_kind),
        CONSTRAINT task_sla_due_soon_days CHECK (due_soon_days >= 0 AND due_soon_days < working_days)
      )`);
    const defaults = defaultTaskSlas();
    await db.query(
      `INSERT INTO task_sla (organisation_kind, task_kind, working_days, due_soon_days, updated_by)
       SELECT * , 'SEED' FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])`,
      [
        defaults.map((d) => d.organisationKind),
        defaults.map((d) => d.taskKind),
        defaults.map((d) => d.workingDays),
        defaults.map((d) => d.dueSoonDays),
      ],
    );
    await db.query(`CREATE INDEX loan_case_bank_status_idx ON loan_case (bank_org_id, status)`);
    await db.query(
      `CREATE INDEX top_up_proposed_idx ON top_up (organisation_id) WHERE status = 'PROPOSED'`,
    );
    await db.query(
      `CREATE INDEX case_event_entered_idx ON case_event (case_number, to_status, business_date)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX case_event_entered_idx`);
    await db.query(`DROP INDEX top_up_proposed_idx`);
    await db.query(`DROP INDEX loan_case_bank_status_idx`);
    await db.query(`DROP TABLE task_sla`);
  }
}

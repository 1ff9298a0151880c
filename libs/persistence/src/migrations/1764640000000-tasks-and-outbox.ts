import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Work items grow what the inbox shows (the case they belong to, a due date, a title and the
 * action that does them), and an outbox receives every event of interest in the same
 * transaction as the change that caused it; the queue only delivers what the outbox holds.
 */
export class TasksAndOutbox1764640000000 implements MigrationInterface {
  name = 'TasksAndOutbox1764640000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE work_item
        ADD COLUMN IF NOT EXISTS case_number text,
        ADD COLUMN IF NOT EXISTS due_on date,
        ADD COLUMN IF NOT EXISTS detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN IF NOT EXISTS done_by text`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS work_item_open ON work_item (organisation_id, role) WHERE done_on IS NULL`,
    );
    await db.query(`
      CREATE TABLE outbox_event (
        id                bigserial PRIMARY KEY,
        event_key         text NOT NULL UNIQUE CHECK (length(btrim(event_key)) > 0),
        event_type        text NOT NULL CHECK (length(btrim(event_type)) > 0),
        subject           text NOT NULL CHECK (length(btrim(subject)) > 0),
        case_number       text,
        recipient_org_ids text[] NOT NULL,
        payload           jsonb NOT NULL DEFAULT '{}'::jsonb,
        business_date     date NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        dispatched_at     timestamptz
      )`);
    await db.query(
      `CREATE INDEX outbox_event_undispatched ON outbox_event (id) WHERE dispatched_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outbox_event`);
    await db.query(`DROP INDEX IF EXISTS work_item_open`);
    await db.query(`
      ALTER TABLE work_item
        DROP COLUMN IF EXISTS case_number, DROP COLUMN IF EXISTS due_on,
        DROP COLUMN IF EXISTS detail, DROP COLUMN IF EXISTS done_by`);
  }
}

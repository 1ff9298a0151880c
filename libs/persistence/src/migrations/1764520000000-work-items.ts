import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Work items: something a role of an organisation has to do, for the future inbox to read.
 * The year close writes one per budget pool it opens at zero, for the district approver to
 * fund it. One open item per (kind, subject).
 */
export class WorkItems1764520000000 implements MigrationInterface {
  name = 'WorkItems1764520000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE work_item (
        id               bigserial PRIMARY KEY,
        kind             text NOT NULL CHECK (length(btrim(kind)) > 0),
        subject          text NOT NULL CHECK (length(btrim(subject)) > 0),
        organisation_id  text NOT NULL REFERENCES organisation(id),
        role             text NOT NULL,
        created_on       date NOT NULL,
        done_on          date,
        CHECK (done_on IS NULL OR done_on >= created_on),
        CONSTRAINT work_item_once UNIQUE (kind, subject)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE work_item`);
  }
}

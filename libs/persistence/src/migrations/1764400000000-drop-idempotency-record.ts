import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops `idempotency_record`: made with the foundation for an Idempotency-Key header the API
 * never implemented; nothing reads or writes it. `down` makes the empty table again.
 */
export class DropIdempotencyRecord1764400000000 implements MigrationInterface {
  name = 'DropIdempotencyRecord1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_record`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_record (
        key           text PRIMARY KEY,
        request_hash  text NOT NULL,
        status_code   integer NOT NULL,
        body          jsonb NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_record TO ippledge_app`);
  }
}

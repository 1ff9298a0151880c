import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The requests that create something (opening a case, submitting a subsidy claim) and the claim
 * steps, by the actor's Idempotency-Key: what the key was first used for (operation and a hash of
 * the body) and what it created, so that a retry answers the same and a reuse for another request
 * is refused.
 */
export class IdempotentRequest1764761000000 implements MigrationInterface {
  name = 'IdempotentRequest1764761000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotent_request (
        request_key   text PRIMARY KEY,
        operation     text NOT NULL,
        fingerprint   text NOT NULL,
        resource_id   text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        completed_at  timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotent_request`);
  }
}

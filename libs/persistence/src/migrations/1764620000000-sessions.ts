import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions of the API's bearer tokens. Each token the API issues has a session row keyed by
 * its `jti`; a token of the external identity provider gets one on first use. Logging out
 * revokes one session; an administrator's "revoke all sessions" revokes every session of the
 * user and moves `sessions_valid_from`, so that a provider token issued before then (not yet
 * seen) is refused as well. `external_subject` maps the provider's subject to a directory user.
 */
export class Sessions1764620000000 implements MigrationInterface {
  name = 'Sessions1764620000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE app_user
        ADD COLUMN sessions_valid_from timestamptz NOT NULL DEFAULT 'epoch',
        ADD COLUMN external_subject text UNIQUE`);
    await db.query(`
      CREATE TABLE user_session (
        jti        text PRIMARY KEY,
        user_id    text NOT NULL REFERENCES app_user(id),
        issuer     text NOT NULL,
        issued_at  timestamptz NOT NULL,
        expires_at timestamptz NOT NULL CHECK (expires_at > issued_at),
        revoked_at timestamptz,
        revoked_by text REFERENCES app_user(id)
      )`);
    await db.query(
      `CREATE INDEX user_session_live ON user_session (user_id) WHERE revoked_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE user_session`);
    await db.query(
      `ALTER TABLE app_user DROP COLUMN external_subject, DROP COLUMN sessions_valid_from`,
    );
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only, hash-chained audit log, and the application's own database role.
 *
 * The API and the worker connect as `ippledge_app`, which may read and write the business
 * tables but only read and insert audit rows. A trigger refuses UPDATE, DELETE and TRUNCATE
 * on the audit log for everyone, the owner included; only someone who disables triggers can
 * change a row, and the verifier then names it. Runs after every other migration so that its
 * grants cover every table; default privileges cover tables that later migrations create.
 */
export class Audit1764100000000 implements MigrationInterface {
  name = 'Audit1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_log (
        seq                    bigint PRIMARY KEY CHECK (seq > 0),
        occurred_at            text NOT NULL
                               CHECK (occurred_at ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$'),
        actor_user_id          text,
        actor_username         text,
        actor_role             text,
        actor_organisation_id  text,
        action                 text NOT NULL,
        subject_type           text NOT NULL,
        subject_id             text NOT NULL,
        payload                jsonb NOT NULL,
        source_key             text UNIQUE,
        prev_hash              text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash                   text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        CHECK (num_nulls(actor_user_id, actor_username, actor_role, actor_organisation_id) IN (0, 4))
      )`);
    await db.query(`COMMENT ON TABLE audit_log IS
      'Append-only. hash = sha256 of the canonical JSON of the entry and prev_hash; see libs/audit'`);
    await db.query(
      `CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, seq)`,
    );
    await db.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is refused', TG_OP
          USING HINT = 'Audit entries are never changed; append a correcting entry instead.';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER audit_log_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);

    // Roles are cluster-wide: another database (or a concurrent migration) may have made it.
    await db.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ippledge_app') THEN
          CREATE ROLE ippledge_app LOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END
      $$`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ippledge_app`);
    await db.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ippledge_app`,
    );
    await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ippledge_app`);
    await db.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ippledge_app`,
    );
    await db.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ippledge_app`,
    );
    // The audit log: read and append only. The schema history is not the application's.
    await db.query(`REVOKE ALL ON audit_log FROM PUBLIC`);
    await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ippledge_app`);
    await db.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM ippledge_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    // The role stays: it is cluster-wide and other databases may use it.
    await db.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ippledge_app`,
    );
    await db.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ippledge_app`,
    );
    await db.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ippledge_app`);
    await db.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ippledge_app`);
    await db.query(`REVOKE USAGE ON SCHEMA public FROM ippledge_app`);
    await db.query(`DROP TABLE IF EXISTS audit_log`);
    await db.query(`DROP FUNCTION IF EXISTS audit_log_refuse_change()`);
  }
}

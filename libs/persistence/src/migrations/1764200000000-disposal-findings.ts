import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Administrators' findings on a disposal file. Insert-only: a finding, once recorded, is
 * evidence; a correction is a new finding. The application's role (made by the audit migration,
 * which runs first) may only read and insert; a trigger refuses UPDATE, DELETE and TRUNCATE for
 * everyone else too.
 */
export class DisposalFindings1764200000000 implements MigrationInterface {
  name = 'DisposalFindings1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE disposal_finding (
        id                bigserial PRIMARY KEY,
        case_number       text NOT NULL REFERENCES disposal(case_number),
        severity          text NOT NULL CHECK (severity IN ('INFO','OBSERVATION','FINDING','SERIOUS')),
        title             text NOT NULL CHECK (length(btrim(title)) > 0),
        text              text NOT NULL CHECK (length(btrim(text)) > 0),
        recorded_by       text NOT NULL,
        recorded_by_role  text NOT NULL,
        recorded_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX disposal_finding_case_idx ON disposal_finding (case_number, id)`);
    await db.query(`
      CREATE FUNCTION disposal_finding_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'disposal_finding is insert-only: % is refused', TG_OP
          USING HINT = 'A finding is never changed; record a new finding instead.';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER disposal_finding_insert_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON disposal_finding
        FOR EACH STATEMENT EXECUTE FUNCTION disposal_finding_refuse_change()`);
    // The audit migration's default privileges granted the application every right on new tables.
    await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON disposal_finding FROM ippledge_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS disposal_finding`);
    await db.query(`DROP FUNCTION IF EXISTS disposal_finding_refuse_change()`);
  }
}

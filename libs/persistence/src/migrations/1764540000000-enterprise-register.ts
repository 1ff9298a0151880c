import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The enterprise register (企业名录): one row per firm, keyed by its USCC, holding the facts a
 * case must take from it (legal name, registered district, SME class, legal representative).
 * A district that differs from the Shanghai district the USCC names stays PENDING_CONFIRMATION
 * until a second user confirms it; the CHECKs make a self-confirmation or an ACTIVE row with an
 * unconfirmed mismatch impossible whatever the application does. Also the read model's
 * `owner_user_id` (who a case belongs to, for "my cases").
 */
export class EnterpriseRegister1764540000000 implements MigrationInterface {
  name = 'EnterpriseRegister1764540000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE enterprise (
        uscc                   text PRIMARY KEY CHECK (uscc ~ '^[0-9A-HJ-NP-RTUW-Y]{18}$'),
        legal_name             text NOT NULL CHECK (length(legal_name) >= 2),
        district_code          text NOT NULL CHECK (district_code ~ '^3101[0-9]{2}$'),
        sme_class              text NOT NULL CHECK (sme_class IN ('MICRO','SMALL','MEDIUM','NOT_SME')),
        legal_rep_name         text NOT NULL,
        legal_rep_id_number    text NOT NULL CHECK (legal_rep_id_number ~ '^[0-9]{17}[0-9X]$'),
        contact_name           text NOT NULL,
        contact_phone          text NOT NULL,
        contact_email          text NOT NULL,
        uscc_check_override    jsonb,
        usccs_district         text,
        status                 text NOT NULL CHECK (status IN ('ACTIVE','PENDING_CONFIRMATION')),
        registered_by          text NOT NULL,
        registered_by_org      text NOT NULL REFERENCES organisation(id),
        registered_at          timestamptz NOT NULL DEFAULT now(),
        district_confirmed_by  text,
        district_confirmed_at  timestamptz,
        CONSTRAINT enterprise_confirmed_by_second_person
          CHECK (district_confirmed_by IS NULL OR district_confirmed_by <> registered_by),
        CONSTRAINT enterprise_mismatch_confirmed
          CHECK (status = 'PENDING_CONFIRMATION' OR usccs_district IS NULL
                 OR usccs_district = district_code OR district_confirmed_by IS NOT NULL)
      )`);
    await db.query(
      `CREATE INDEX enterprise_name_idx ON enterprise (lower(legal_name) text_pattern_ops)`,
    );

    // The case's owner: the officer who opened it unless the snapshot names another. Derived by
    // the database from what the workflow projects, so cases opened before owners existed have
    // their preparer as owner without a new step in their histories.
    await db.query(`
      ALTER TABLE loan_case ADD COLUMN owner_user_id text
        GENERATED ALWAYS AS (COALESCE(detail->'owner'->>'userId', preparer_user_id)) STORED`);
    await db.query(
      `CREATE INDEX loan_case_owner_idx ON loan_case (owner_user_id, created_at DESC, case_number)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE loan_case DROP COLUMN owner_user_id`);
    await db.query(`DROP TABLE enterprise`);
  }
}

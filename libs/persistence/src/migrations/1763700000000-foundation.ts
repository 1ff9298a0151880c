import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, users, the case read model and timeline, notifications, business date. */
export class Foundation1763700000000 implements MigrationInterface {
  name = 'Foundation1763700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organisation (
        id            text PRIMARY KEY,
        kind          text NOT NULL CHECK (kind IN ('BANK','VALUATION_FIRM','REGISTRATION_OFFICE','DISTRICT',
                                                   'INSURER','COMPENSATION_FUND','MUNICIPAL_IP_OFFICE','ENTERPRISE')),
        name          text NOT NULL,
        name_zh       text NOT NULL,
        district_code text,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE app_user (
        id              text PRIMARY KEY,
        username        text NOT NULL UNIQUE,
        display_name    text NOT NULL,
        organisation_id text NOT NULL REFERENCES organisation(id),
        role            text NOT NULL,
        active          boolean NOT NULL DEFAULT true,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE loan_case (
        case_number       text PRIMARY KEY,
        workflow_id       text NOT NULL UNIQUE,
        status            text NOT NULL,
        bank_org_id       text NOT NULL REFERENCES organisation(id),
        district_code     text NOT NULL,
        enterprise_uscc   text NOT NULL,
        enterprise_name   text NOT NULL,
        amount            numeric(20,2) NOT NULL CHECK (amount > 0),
        term_months       integer NOT NULL,
        annual_rate       text NOT NULL,
        repayment_method  text NOT NULL,
        preparer_user_id  text NOT NULL,
        detail            jsonb NOT NULL,
        version           integer NOT NULL,
        application_date  date NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX loan_case_status_idx ON loan_case (status)`);
    await db.query(
      `CREATE INDEX loan_case_bank_idx ON loan_case (bank_org_id, created_at DESC, case_number)`,
    );
    await db.query(`CREATE INDEX loan_case_district_idx ON loan_case (district_code)`);
    await db.query(`CREATE INDEX loan_case_enterprise_idx ON loan_case (enterprise_uscc)`);
    await db.query(`
      CREATE TABLE case_event (
        id             bigserial PRIMARY KEY,
        case_number    text NOT NULL,
        seq            integer NOT NULL,
        event          text NOT NULL,
        from_status    text,
        to_status      text NOT NULL,
        actor_user_id  text,
        actor_role     text,
        business_date  date NOT NULL,
        occurred_at    timestamptz NOT NULL,
        payload        jsonb NOT NULL DEFAULT '{}',
        UNIQUE (case_number, seq)
      )`);
    await db.query(`
      CREATE TABLE notification (
        id                bigserial PRIMARY KEY,
        job_key           text NOT NULL UNIQUE,
        case_number       text,
        template          text NOT NULL,
        recipient_org_id  text NOT NULL,
        transport         text NOT NULL,
        payload           jsonb NOT NULL,
        delivered_at      timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE business_calendar (
        id             text PRIMARY KEY,
        business_date  date NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE business_date_history (
        business_date  date PRIMARY KEY,
        previous_date  date,
        advanced_by    text NOT NULL,
        advanced_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE idempotency_record (
        key           text PRIMARY KEY,
        request_hash  text NOT NULL,
        status_code   integer NOT NULL,
        body          jsonb NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_record',
      'business_date_history',
      'business_calendar',
      'notification',
      'case_event',
      'loan_case',
      'app_user',
      'organisation',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

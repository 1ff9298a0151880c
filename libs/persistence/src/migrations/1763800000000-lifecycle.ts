import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Loan products, the IP asset register, the pledge register, filings, valuations, money movements. */
export class Lifecycle1763800000000 implements MigrationInterface {
  name = 'Lifecycle1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE loan_product (
        code          text PRIMARY KEY,
        bank_org_id   text NOT NULL REFERENCES organisation(id),
        name          text NOT NULL,
        terms         jsonb NOT NULL,
        active        boolean NOT NULL DEFAULT true
      )`);
    await db.query(`
      CREATE TABLE ip_asset (
        number               text PRIMARY KEY,
        kind                 text NOT NULL CHECK (kind IN ('INVENTION_PATENT','UTILITY_MODEL_PATENT','DESIGN_PATENT','TRADEMARK','SOFTWARE_COPYRIGHT')),
        title                text NOT NULL,
        owners               text[] NOT NULL CHECK (cardinality(owners) > 0),
        grant_date           date,
        expiry_date          date,
        annual_fee_paid_until date,
        legal_status         text NOT NULL CHECK (legal_status IN ('PENDING','IN_FORCE','LAPSED','INVALIDATED','INVALIDATION_PENDING','FROZEN','OWNERSHIP_DISPUTE')),
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE ip_asset_history (
        id          bigserial PRIMARY KEY,
        number      text NOT NULL REFERENCES ip_asset(number),
        change      text NOT NULL,
        before      jsonb,
        after       jsonb NOT NULL,
        changed_by  text NOT NULL,
        changed_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ip_asset_history_number_idx ON ip_asset_history (number, id)`);
    await db.query(`
      CREATE TABLE registration_filing (
        filing_number        text PRIMARY KEY,
        case_number          text NOT NULL,
        bank_org_id          text NOT NULL,
        pledgor_uscc         text NOT NULL,
        assets               jsonb NOT NULL,
        filed_on             date NOT NULL,
        outcome              text NOT NULL CHECK (outcome IN ('PENDING','ACCEPTED','REFUSED')),
        registration_number  text UNIQUE,
        registered_on        date,
        refusal_reason       text,
        refusal_note         text,
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX registration_filing_outcome_idx ON registration_filing (outcome, filed_on)`,
    );
    // The pledge register: at most one ACTIVE pledge per asset, enforced by the database.
    await db.query(`
      CREATE TABLE pledge (
        id                   bigserial PRIMARY KEY,
        asset_number         text NOT NULL REFERENCES ip_asset(number),
        case_number          text NOT NULL,
        filing_number        text NOT NULL REFERENCES registration_filing(filing_number),
        registration_number  text NOT NULL,
        pledgee_org_id       text NOT NULL,
        pledgor_uscc         text NOT NULL,
        status               text NOT NULL CHECK (status IN ('ACTIVE','RELEASED')),
        registered_on        date NOT NULL,
        released_on          date,
        release_ground       text,
        cancellation_number  text,
        UNIQUE (asset_number, filing_number)
      )`);
    await db.query(
      `CREATE UNIQUE INDEX pledge_one_active_per_asset ON pledge (asset_number) WHERE status = 'ACTIVE'`,
    );
    await db.query(`
      CREATE TABLE valuation_report (
        report_number   text PRIMARY KEY,
        case_number     text NOT NULL,
        firm_org_id     text NOT NULL,
        evaluator_id    text NOT NULL,
        method          text NOT NULL CHECK (method IN ('INCOME','MARKET','COST')),
        base_date       date NOT NULL,
        valid_until     date NOT NULL,
        total_value     numeric(20,2) NOT NULL CHECK (total_value > 0),
        max_loan        numeric(20,2) NOT NULL,
        assets          jsonb NOT NULL,
        submitted_on    date NOT NULL
      )`);
    await db.query(
      `CREATE INDEX valuation_report_case_idx ON valuation_report (case_number, base_date)`,
    );
    await db.query(`
      CREATE TABLE disbursement (
        case_number  text PRIMARY KEY,
        reference    text NOT NULL UNIQUE,
        amount       numeric(20,2) NOT NULL CHECK (amount > 0),
        value_date   date NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE schedule_instalment (
        case_number  text NOT NULL,
        seq          integer NOT NULL,
        period_start date NOT NULL,
        due_date     date NOT NULL,
        principal    numeric(20,2) NOT NULL,
        interest     numeric(20,2) NOT NULL,
        PRIMARY KEY (case_number, seq)
      )`);
    await db.query(`
      CREATE TABLE repayment (
        case_number  text NOT NULL,
        reference    text NOT NULL,
        amount       numeric(20,2) NOT NULL CHECK (amount > 0),
        value_date   date NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('SCHEDULED','SETTLEMENT')),
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_number, reference)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'repayment',
      'schedule_instalment',
      'disbursement',
      'valuation_report',
      'pledge',
      'registration_filing',
      'ip_asset_history',
      'ip_asset',
      'loan_product',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The collateral watch: the legal events the registration office records on an asset, the
 * watch's state of every pledged asset of a live loan and of each such loan (impaired or not,
 * coverage, the hold on new subsidy claims), the loan's collateral events, the bank's decisions
 * on an impairment, and the covenants of a loan.
 */
export class CollateralWatch1764690000000 implements MigrationInterface {
  name = 'CollateralWatch1764690000000';

  async up(db: QueryRunner): Promise<void> {
    // The outcome of the last invalidation decision: a partly invalidated patent stays in force.
    await db.query(`
      ALTER TABLE ip_asset ADD COLUMN invalidation_outcome text
        CHECK (invalidation_outcome IN ('UPHELD','PARTLY_INVALID','WHOLLY_INVALID'))`);
    await db.query(`
      CREATE TABLE ip_asset_legal_event (
        id             bigserial PRIMARY KEY,
        asset_number   text NOT NULL REFERENCES ip_asset(number),
        event          text NOT NULL CHECK (event IN ('ANNUAL_FEE_PAID','LAPSED','RESTORED','INVALIDATION_REQUESTED',
                         'INVALIDATION_DECIDED','OWNERSHIP_CHANGED','FROZEN','FREEZE_RELEASED','RENEWED','EXPIRED')),
        occurred_on    date NOT NULL,
        detail         jsonb NOT NULL DEFAULT '{}'::jsonb,
        status_before  text NOT NULL,
        status_after   text NOT NULL,
        source         text NOT NULL CHECK (source IN ('API','CSV')),
        recorded_by    text NOT NULL,
        recorded_on    date NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX ip_asset_legal_event_asset_idx ON ip_asset_legal_event (asset_number, id)`,
    );
    await db.query(`
      CREATE TABLE collateral_asset (
        case_number   text NOT NULL,
        asset_number  text NOT NULL REFERENCES ip_asset(number),
        condition     text NOT NULL CHECK (condition IN ('SOUND','FEE_DUE','FEE_IN_GRACE','RENEWAL_DUE','RENEWAL_IN_GRACE','IMPAIRED')),
        impairment    text CHECK (impairment IN ('LAPSED','INVALIDATED','PARTLY_INVALIDATED','FROZEN','EXPIRED')),
        due_on        date,
        since         date NOT NULL,
        CHECK ((condition = 'IMPAIRED') = (impairment IS NOT NULL)),
        PRIMARY KEY (case_number, asset_number)
      )`);
    await db.query(`
      CREATE TABLE collateral_case (
        case_number            text PRIMARY KEY,
        impaired               boolean NOT NULL,
        impaired_since         date,
        secured_value          numeric(20,2) NOT NULL,
        outstanding_principal  numeric(20,2) NOT NULL,
        coverage               numeric(12,4),
        shortfall              boolean NOT NULL,
        subsidy_hold_reason    text,
        valuation_report       text,
        updated_on             date NOT NULL,
        CHECK (impaired = (subsidy_hold_reason IS NOT NULL))
      )`);
    await db.query(`
      CREATE TABLE collateral_event (
        id             bigserial PRIMARY KEY,
        event_key      text NOT NULL UNIQUE,
        case_number    text NOT NULL,
        asset_number   text,
        event          text NOT NULL,
        business_date  date NOT NULL,
        detail         jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await db.query(`CREATE INDEX collateral_event_case_idx ON collateral_event (case_number, id)`);
    await db.query(`
      CREATE TABLE collateral_decision (
        id           bigserial PRIMARY KEY,
        case_number  text NOT NULL,
        decision     text NOT NULL CHECK (decision IN ('ADDITIONAL_SECURITY','EARLY_RECALL')),
        reason       text NOT NULL CHECK (length(btrim(reason)) >= 4),
        decided_by   text NOT NULL,
        decided_on   date NOT NULL
      )`);
    await db.query(`
      CREATE TABLE covenant (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_number            text NOT NULL,
        title                  text NOT NULL CHECK (length(btrim(title)) > 0),
        due_on                 date NOT NULL,
        reminder_working_days  integer NOT NULL CHECK (reminder_working_days BETWEEN 0 AND 60),
        status                 text NOT NULL CHECK (status IN ('OPEN','FULFILLED','BREACHED')),
        created_by             text NOT NULL,
        created_on             date NOT NULL,
        resolved_by            text,
        resolved_on            date,
        resolution_note        text,
        CHECK ((status = 'OPEN') = (resolved_on IS NULL))
      )`);
    await db.query(`CREATE INDEX covenant_open_idx ON covenant (due_on) WHERE status = 'OPEN'`);
    await db.query(`CREATE INDEX covenant_case_idx ON covenant (case_number)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'covenant',
      'collateral_decision',
      'collateral_event',
      'collateral_case',
      'collateral_asset',
      'ip_asset_legal_event',
    ])
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.query(`ALTER TABLE ip_asset DROP COLUMN IF EXISTS invalidation_outcome`);
  }
}

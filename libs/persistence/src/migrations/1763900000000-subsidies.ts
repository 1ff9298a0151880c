import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * District subsidies: the LPR table, versioned policies, budget pools and their movements,
 * claims with their frozen computation, and the city-wide coverage register that makes a loan
 * period (or a premium) subsidisable at most once.
 */
export class Subsidies1763900000000 implements MigrationInterface {
  name = 'Subsidies1763900000000';

  async up(db: QueryRunner): Promise<void> {
    // btree_gist lets one exclusion constraint combine equality (case, kind) with range overlap.
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await db.query(`
      CREATE TABLE lpr_rate (
        effective_from  date PRIMARY KEY,
        one_year        numeric(9,6) NOT NULL CHECK (one_year > 0 AND one_year < 1),
        five_year       numeric(9,6) NOT NULL CHECK (five_year > 0 AND five_year < 1),
        updated_by      text NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    // Versions are immutable once published: the version in force on a date is the highest one
    // whose [effective_from, effective_to] contains it, so publishing never rewrites an old row.
    await db.query(`
      CREATE TABLE subsidy_policy (
        id              text PRIMARY KEY,
        district_code   text NOT NULL,
        kind            text NOT NULL CHECK (kind IN ('INTEREST','INSURANCE_PREMIUM')),
        version         integer NOT NULL CHECK (version >= 1),
        effective_from  date NOT NULL,
        effective_to    date,
        terms           jsonb NOT NULL,
        example         boolean NOT NULL DEFAULT false,
        published_by    text NOT NULL,
        published_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (district_code, kind, version),
        CHECK (effective_to IS NULL OR effective_to >= effective_from)
      )`);
    // The pool can never be overspent, whatever the number of processes: every change is one
    // conditional UPDATE of this row, and the CHECK is the last line of defence.
    await db.query(`
      CREATE TABLE budget_pool (
        district_code     text NOT NULL,
        kind              text NOT NULL CHECK (kind IN ('INTEREST','INSURANCE_PREMIUM')),
        budget_year       integer NOT NULL CHECK (budget_year BETWEEN 2000 AND 2999),
        total_fen         bigint NOT NULL DEFAULT 0,
        reserved_fen      bigint NOT NULL DEFAULT 0,
        paid_fen          bigint NOT NULL DEFAULT 0,
        waitlisted_count  integer NOT NULL DEFAULT 0 CHECK (waitlisted_count >= 0),
        status            text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','CLOSED')),
        closed_on         date,
        updated_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_code, kind, budget_year),
        CONSTRAINT budget_pool_never_overspent
          CHECK (reserved_fen >= 0 AND paid_fen >= 0 AND reserved_fen + paid_fen <= total_fen)
      )`);
    await db.query(`CREATE SEQUENCE subsidy_claim_submission_seq`);
    await db.query(`
      CREATE TABLE subsidy_claim (
        id                      text PRIMARY KEY,
        workflow_id             text NOT NULL UNIQUE,
        kind                    text NOT NULL CHECK (kind IN ('INTEREST','INSURANCE_PREMIUM')),
        district_code           text NOT NULL,
        budget_year             integer NOT NULL,
        case_number             text NOT NULL,
        bank_org_id             text NOT NULL,
        enterprise_uscc         text NOT NULL,
        enterprise_name         text NOT NULL,
        policy_id               text NOT NULL REFERENCES subsidy_policy(id),
        policy_version          integer NOT NULL,
        programme               text NOT NULL,
        status                  text NOT NULL CHECK (status IN ('AWAITING_INSURER','SUBMITTED','WAITLISTED','REVIEWED',
                                                                'APPROVED','PAID','REJECTED','CLAWED_BACK')),
        reserved                boolean NOT NULL DEFAULT false,
        submission_seq          bigint NOT NULL UNIQUE DEFAULT nextval('subsidy_claim_submission_seq'),
        submitted_on            date NOT NULL,
        submitted_by            text NOT NULL,
        submitted_by_org        text NOT NULL,
        from_instalment         integer,
        to_instalment           integer,
        period_start            date,
        period_end              date,
        insurer_org_id          text,
        insurance_policy_number text,
        premium_fen             bigint CHECK (premium_fen > 0),
        premium_paid_on         date,
        amount_fen              bigint NOT NULL CHECK (amount_fen > 0),
        limited_by              text CHECK (limited_by IN ('CAP','LPR')),
        paid_fen                bigint,
        computation             jsonb NOT NULL,
        proofs                  jsonb NOT NULL,
        insurer_confirmed_by    text,
        insurer_confirmed_on    date,
        reviewed_by             text,
        reviewed_on             date,
        review_note             text,
        approved_by             text,
        approved_on             date,
        payment_reference       text UNIQUE,
        paid_on                 date,
        rejection_reason        text,
        rejected_by             text,
        rejected_on             date,
        clawback_reason         text,
        clawed_back_by          text,
        clawed_back_on          date,
        version                 integer NOT NULL DEFAULT 1,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'INTEREST') = (period_start IS NOT NULL AND period_end > period_start
                                      AND from_instalment IS NOT NULL AND to_instalment >= from_instalment)),
        CHECK ((kind = 'INSURANCE_PREMIUM') = (insurance_policy_number IS NOT NULL AND premium_fen IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX subsidy_claim_queue_idx ON subsidy_claim (district_code, status, submission_seq)`,
    );
    await db.query(
      `CREATE INDEX subsidy_claim_enterprise_idx ON subsidy_claim (enterprise_uscc, district_code, kind, budget_year)`,
    );
    await db.query(`CREATE INDEX subsidy_claim_case_idx ON subsidy_claim (case_number)`);
    await db.query(
      `CREATE INDEX subsidy_claim_waitlist_idx ON subsidy_claim (district_code, kind, budget_year, submission_seq) WHERE status = 'WAITLISTED'`,
    );
    await db.query(`
      CREATE TABLE subsidy_claim_event (
        claim_id       text NOT NULL REFERENCES subsidy_claim(id),
        seq            integer NOT NULL,
        event          text NOT NULL,
        from_status    text,
        to_status      text NOT NULL,
        actor_user_id  text,
        actor_role     text,
        business_date  date NOT NULL,
        payload        jsonb NOT NULL DEFAULT '{}',
        occurred_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (claim_id, seq)
      )`);
    // City-wide uniqueness lives here, not in any workflow: two live claims can never cover
    // overlapping periods of one loan, nor the same premium, whichever districts they go to.
    await db.query(`
      CREATE TABLE subsidy_coverage (
        claim_id                 text PRIMARY KEY REFERENCES subsidy_claim(id),
        case_number              text NOT NULL,
        kind                     text NOT NULL,
        period                   daterange,
        insurer_org_id           text,
        insurance_policy_number  text,
        active                   boolean NOT NULL DEFAULT true,
        CHECK ((kind = 'INTEREST') = (period IS NOT NULL)),
        CONSTRAINT subsidy_coverage_no_overlap
          EXCLUDE USING gist (case_number WITH =, kind WITH =, period WITH &&) WHERE (active)
      )`);
    await db.query(
      `CREATE UNIQUE INDEX subsidy_coverage_one_premium ON subsidy_coverage (insurer_org_id, insurance_policy_number)
        WHERE active AND insurance_policy_number IS NOT NULL`,
    );
    // Every change of a pool, keyed so that a retried activity cannot move money twice.
    await db.query(`
      CREATE TABLE budget_movement (
        id             bigserial PRIMARY KEY,
        district_code  text NOT NULL,
        kind           text NOT NULL,
        budget_year    integer NOT NULL,
        claim_id       text REFERENCES subsidy_claim(id),
        movement       text NOT NULL CHECK (movement IN ('TOP_UP','RESERVE','RELEASE','CONSUME','CLAWBACK')),
        amount_fen     bigint NOT NULL CHECK (amount_fen > 0),
        reference      text,
        business_date  date NOT NULL,
        actor_user_id  text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (district_code, kind, budget_year) REFERENCES budget_pool (district_code, kind, budget_year),
        CHECK ((movement = 'TOP_UP') = (claim_id IS NULL)),
        CHECK (movement <> 'TOP_UP' OR reference IS NOT NULL)
      )`);
    await db.query(
      `CREATE UNIQUE INDEX budget_movement_once_per_claim ON budget_movement (claim_id, movement) WHERE claim_id IS NOT NULL`,
    );
    await db.query(
      `CREATE UNIQUE INDEX budget_movement_top_up_reference ON budget_movement (district_code, kind, budget_year, reference)
        WHERE movement = 'TOP_UP'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'budget_movement',
      'subsidy_coverage',
      'subsidy_claim_event',
      'subsidy_claim',
      'budget_pool',
      'subsidy_policy',
      'lpr_rate',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await db.query(`DROP SEQUENCE IF EXISTS subsidy_claim_submission_seq`);
  }
}

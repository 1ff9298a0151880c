import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delinquency, default, loss sharing and disposal: risk schemes, the compensation fund's pool,
 * compensation claims and payments, the disposal with its rounds and bids, the distribution of
 * the proceeds, asset transfers and write-offs. Every row the administrators' disposal audit
 * reads is kept here with its actor and instant; every write is keyed by a business key so a
 * retried activity changes nothing.
 */
export class DefaultDisposal1764000000000 implements MigrationInterface {
  name = 'DefaultDisposal1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE delinquency_bucket_move (
        case_number    text NOT NULL,
        seq            integer NOT NULL CHECK (seq > 0),
        from_bucket    text NOT NULL,
        to_bucket      text NOT NULL,
        days_past_due  integer NOT NULL CHECK (days_past_due >= 0),
        business_date  date NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_number, seq)
      )`);

    // The fund's balance is total − paid. A payment debits it by one conditional UPDATE, and the
    // CHECK makes an overdraft impossible whatever the application does.
    await db.query(`
      CREATE TABLE compensation_fund (
        code        text PRIMARY KEY,
        org_id      text NOT NULL REFERENCES organisation(id),
        name        text NOT NULL,
        total_fen   bigint NOT NULL CHECK (total_fen >= 0),
        paid_fen    bigint NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT compensation_fund_not_overdrawn CHECK (paid_fen <= total_fen)
      )`);
    // What raised the fund's total: a top-up by the fund manager or a recovery from a disposal.
    await db.query(`
      CREATE TABLE compensation_fund_credit (
        reference    text PRIMARY KEY,
        fund_code    text NOT NULL REFERENCES compensation_fund(code),
        kind         text NOT NULL CHECK (kind IN ('TOP_UP','RECOVERY')),
        amount_fen   bigint NOT NULL CHECK (amount_fen > 0),
        case_number  text,
        recorded_by  text NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'RECOVERY') = (case_number IS NOT NULL))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX compensation_fund_one_recovery_per_case ON compensation_fund_credit (case_number) WHERE kind = 'RECOVERY'`,
    );
    await db.query(`
      CREATE TABLE risk_scheme (
        code            text PRIMARY KEY,
        name            text NOT NULL,
        terms           jsonb NOT NULL,
        fund_code       text NOT NULL REFERENCES compensation_fund(code),
        insurer_org_id  text NOT NULL REFERENCES organisation(id),
        example         boolean NOT NULL DEFAULT false,
        active          boolean NOT NULL DEFAULT true
      )`);

    await db.query(`
      CREATE TABLE loan_default (
        case_number            text PRIMARY KEY,
        kind                   text NOT NULL CHECK (kind IN ('DECLARED','AUTOMATIC')),
        declared_by            text,
        reason                 text NOT NULL,
        business_date          date NOT NULL,
        days_past_due          integer NOT NULL,
        non_performing_since   date NOT NULL,
        principal_outstanding  numeric(20,2) NOT NULL,
        interest_outstanding   numeric(20,2) NOT NULL,
        ip_secured_share       text NOT NULL,
        risk_sharing           jsonb NOT NULL,
        risk_scheme_code       text NOT NULL,
        scheme_terms           jsonb NOT NULL,
        loss_base              numeric(20,2) NOT NULL,
        shares                 jsonb NOT NULL,
        recorded_at            timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE compensation_claim (
        claim_id      text PRIMARY KEY,
        case_number   text NOT NULL,
        payer         text NOT NULL CHECK (payer IN ('INSURER','FUND')),
        payer_org_id  text NOT NULL REFERENCES organisation(id),
        fund_code     text REFERENCES compensation_fund(code),
        share_fen     bigint NOT NULL CHECK (share_fen > 0),
        cap_fen       bigint CHECK (cap_fen > 0),
        status        text NOT NULL CHECK (status IN ('FILED','CONFIRMED','REVIEWED','PAID')),
        filed_on      date NOT NULL,
        eligible_on   date NOT NULL,
        steps         jsonb NOT NULL DEFAULT '[]',
        updated_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_number, payer),
        CHECK ((payer = 'FUND') = (fund_code IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX compensation_claim_payer_idx ON compensation_claim (payer_org_id, status)`,
    );
    // One payment per claim, under the payer's own unique reference.
    await db.query(`
      CREATE TABLE compensation_payment (
        claim_id             text PRIMARY KEY REFERENCES compensation_claim(claim_id),
        reference            text NOT NULL UNIQUE,
        case_number          text NOT NULL,
        payer                text NOT NULL CHECK (payer IN ('INSURER','FUND')),
        fund_code            text REFERENCES compensation_fund(code),
        share_fen            bigint NOT NULL,
        amount_fen           bigint NOT NULL CHECK (amount_fen > 0 AND amount_fen <= share_fen),
        limited_by           text CHECK (limited_by IN ('CAP','BALANCE')),
        deposit_fen          bigint NOT NULL DEFAULT 0 CHECK (deposit_fen >= 0 AND deposit_fen <= amount_fen),
        deposit_released_on  date,
        paid_on              date NOT NULL,
        paid_by              text NOT NULL,
        paid_at              timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX compensation_payment_fund_idx ON compensation_payment (fund_code) WHERE fund_code IS NOT NULL`,
    );

    // The disposal's own read model: its snapshot, every step with actor and instant, the price
    // path of every round and every bid.
    await db.query(`
      CREATE TABLE disposal (
        case_number  text PRIMARY KEY,
        workflow_id  text NOT NULL UNIQUE,
        bank_org_id  text NOT NULL,
        status       text NOT NULL,
        method       text,
        version      integer NOT NULL,
        detail       jsonb NOT NULL,
        started_on   date NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX disposal_status_idx ON disposal (status, case_number)`);
    await db.query(`
      CREATE TABLE disposal_event (
        case_number    text NOT NULL REFERENCES disposal(case_number),
        seq            integer NOT NULL,
        event          text NOT NULL,
        actor_user_id  text,
        actor_role     text,
        business_date  date NOT NULL,
        occurred_at    timestamptz NOT NULL,
        payload        jsonb NOT NULL,
        PRIMARY KEY (case_number, seq)
      )`);
    await db.query(`
      CREATE TABLE disposal_round (
        case_number      text NOT NULL REFERENCES disposal(case_number),
        round            integer NOT NULL CHECK (round > 0),
        method           text NOT NULL,
        starting_price   numeric(20,2) NOT NULL CHECK (starting_price > 0),
        minimum_price    numeric(20,2) NOT NULL,
        opened_on        date NOT NULL,
        closes_on        date NOT NULL,
        opened_by        text NOT NULL,
        opened_at        timestamptz NOT NULL,
        outcome          text NOT NULL CHECK (outcome IN ('OPEN','SOLD','UNSOLD')),
        closed_on        date,
        winning_bid_seq  integer,
        PRIMARY KEY (case_number, round),
        CHECK (closes_on > opened_on)
      )`);
    await db.query(`
      CREATE TABLE disposal_bid (
        case_number         text NOT NULL,
        seq                 integer NOT NULL,
        round               integer NOT NULL,
        bidder              text NOT NULL,
        amount              numeric(20,2) NOT NULL CHECK (amount > 0),
        bid_at              timestamptz NOT NULL,
        business_date       date NOT NULL,
        recorded_by         text NOT NULL,
        at_or_above_start   boolean NOT NULL,
        PRIMARY KEY (case_number, seq),
        FOREIGN KEY (case_number, round) REFERENCES disposal_round(case_number, round)
      )`);

    await db.query(`
      CREATE TABLE disposal_distribution (
        case_number     text PRIMARY KEY,
        outcome         text NOT NULL CHECK (outcome IN ('SOLD','WRITTEN_OFF')),
        method          text,
        buyer           text,
        proceeds        numeric(20,2) NOT NULL,
        interest_due    numeric(20,2) NOT NULL,
        principal_due   numeric(20,2) NOT NULL,
        fund_paid       numeric(20,2) NOT NULL,
        insurer_paid    numeric(20,2) NOT NULL,
        costs           numeric(20,2) NOT NULL,
        bank_interest   numeric(20,2) NOT NULL,
        bank_principal  numeric(20,2) NOT NULL,
        fund            numeric(20,2) NOT NULL,
        insurer         numeric(20,2) NOT NULL,
        pledgor         numeric(20,2) NOT NULL,
        unrecovered     numeric(20,2) NOT NULL,
        settled_on      date NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        CHECK (costs + bank_interest + bank_principal + fund + insurer + pledgor = proceeds)
      )`);
    await db.query(`
      CREATE TABLE loan_write_off (
        case_number     text PRIMARY KEY,
        amount          numeric(20,2) NOT NULL CHECK (amount > 0),
        reason          text NOT NULL,
        written_off_on  date NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // Assignment of a sold asset, registered with the release of the realised pledge.
    await db.query(`
      CREATE TABLE asset_transfer (
        transfer_number  text NOT NULL,
        asset_number     text NOT NULL REFERENCES ip_asset(number),
        case_number      text NOT NULL,
        from_owners      text[] NOT NULL,
        to_owner         text NOT NULL,
        ground           text NOT NULL,
        registered_on    date NOT NULL,
        recorded_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (transfer_number, asset_number)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'asset_transfer',
      'loan_write_off',
      'disposal_distribution',
      'disposal_bid',
      'disposal_round',
      'disposal_event',
      'disposal',
      'compensation_payment',
      'compensation_claim',
      'loan_default',
      'risk_scheme',
      'compensation_fund_credit',
      'compensation_fund',
      'delinquency_bucket_move',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

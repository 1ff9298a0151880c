import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Maker-checker on subsidy money:
 * - a claim's payment is recorded by someone other than its approver (`paid_by`, checked by the
 *   row itself), and a payment reference is unique within the paying district;
 * - a budget top-up is a proposal (`top_up`) one user makes and another approves, under the
 *   funding document's number (文号), unique per pool, with its amount bounded by the row.
 */
export class SubsidyControls1764510000000 implements MigrationInterface {
  name = 'SubsidyControls1764510000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE subsidy_claim ADD COLUMN paid_by text`);
    await db.query(`
      ALTER TABLE subsidy_claim ADD CONSTRAINT subsidy_claim_payer_not_approver
        CHECK (paid_by IS NULL OR approved_by IS NULL OR paid_by <> approved_by)`);
    await db.query(`ALTER TABLE subsidy_claim DROP CONSTRAINT subsidy_claim_payment_reference_key`);
    await db.query(`
      CREATE UNIQUE INDEX subsidy_claim_payment_reference_per_district
        ON subsidy_claim (district_code, payment_reference) WHERE payment_reference IS NOT NULL`);
    // 10,000,000,000 fen = 100,000,000.00 yuan, the most one top-up may bring (see
    // MAX_TOP_UP_YUAN in libs/domain/src/top-up).
    await db.query(`
      CREATE TABLE top_up (
        id               bigserial PRIMARY KEY,
        target           text NOT NULL CHECK (target IN ('BUDGET_POOL','COMPENSATION_FUND')),
        target_key       text NOT NULL,
        organisation_id  text NOT NULL,
        amount_fen       bigint NOT NULL CHECK (amount_fen > 0 AND amount_fen <= 10000000000),
        reference        text NOT NULL CHECK (length(btrim(reference)) > 0),
        status           text NOT NULL DEFAULT 'PROPOSED'
                           CHECK (status IN ('PROPOSED','APPROVED','REJECTED')),
        proposed_by      text NOT NULL,
        proposed_on      date NOT NULL,
        decided_by       text,
        decided_on       date,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT top_up_four_eyes CHECK (decided_by IS NULL OR decided_by <> proposed_by),
        CHECK ((status = 'PROPOSED') = (decided_by IS NULL)),
        CONSTRAINT top_up_reference_once UNIQUE (target, target_key, reference)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE top_up`);
    await db.query(`DROP INDEX subsidy_claim_payment_reference_per_district`);
    await db.query(
      `ALTER TABLE subsidy_claim ADD CONSTRAINT subsidy_claim_payment_reference_key UNIQUE (payment_reference)`,
    );
    await db.query(`ALTER TABLE subsidy_claim DROP CONSTRAINT subsidy_claim_payer_not_approver`);
    await db.query(`ALTER TABLE subsidy_claim DROP COLUMN paid_by`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Planned annual budgets and claim deadlines.
 *
 * `budget_plan`: what a district plans to put into a pool of a future year. A plan is not money:
 * nothing moves until the year's pool is opened (by the seed or the year close), which opens it
 * at the planned amount with a TOP_UP movement under the reference `PLAN:<year>`. A plan can be
 * set or changed only while the pool does not exist yet; after that, money comes by a top-up.
 *
 * `subsidy_claim.claim_deadline`: the last day of the policy's claim window, counted in working
 * days; a claim filed after it is refused, and the CHECK holds it where the row is written.
 */
export class PlannedBudgets1764610000000 implements MigrationInterface {
  name = 'PlannedBudgets1764610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE budget_plan (
        district_code  text NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('INTEREST','INSURANCE_PREMIUM')),
        budget_year    integer NOT NULL CHECK (budget_year BETWEEN 2000 AND 2999),
        planned_fen    bigint NOT NULL CONSTRAINT budget_plan_positive CHECK (planned_fen > 0),
        set_by         text NOT NULL,
        set_on         date NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_code, kind, budget_year)
      )`);
    await db.query(`ALTER TABLE subsidy_claim ADD COLUMN claim_deadline date`);
    await db.query(
      `ALTER TABLE subsidy_claim ADD CONSTRAINT subsidy_claim_within_window
         CHECK (claim_deadline IS NULL OR submitted_on <= claim_deadline)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE subsidy_claim DROP CONSTRAINT subsidy_claim_within_window`);
    await db.query(`ALTER TABLE subsidy_claim DROP COLUMN claim_deadline`);
    await db.query(`DROP TABLE budget_plan`);
  }
}

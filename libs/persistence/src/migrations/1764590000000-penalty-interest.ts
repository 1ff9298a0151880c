import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Penalty interest in the settlement: a settled case's distribution keeps how its interest was
 * made up (`interest_basis`: scheduled, contract and penalty lines, each with principal base,
 * rate, dates, days and amount; null for settlements made before the lines were kept), and the
 * products that predate the term get the penalty rate multiplier they were read with (1.5).
 */
export class PenaltyInterest1764590000000 implements MigrationInterface {
  name = 'PenaltyInterest1764590000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE disposal_distribution ADD COLUMN interest_basis jsonb`);
    await db.query(`
      UPDATE loan_product SET terms = terms || '{"penaltyRateMultiplier":"1.5"}'::jsonb
       WHERE NOT terms ? 'penaltyRateMultiplier' AND NOT terms ? 'penaltyRate'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE disposal_distribution DROP COLUMN interest_basis`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A compensation payment's reference is the payer's own: unique per payer organisation (the
 * insurer and the fund number their transfers independently). The payment row carries its
 * payer organisation (from its claim), and the unique index is on (payer organisation,
 * reference) instead of the reference alone.
 */
export class CompensationPaymentReference1764560000000 implements MigrationInterface {
  name = 'CompensationPaymentReference1764560000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE compensation_payment ADD COLUMN payer_org_id text REFERENCES organisation(id)`,
    );
    await db.query(`
      UPDATE compensation_payment p SET payer_org_id = c.payer_org_id
        FROM compensation_claim c WHERE c.claim_id = p.claim_id`);
    await db.query(`ALTER TABLE compensation_payment ALTER COLUMN payer_org_id SET NOT NULL`);
    await db.query(
      `ALTER TABLE compensation_payment DROP CONSTRAINT compensation_payment_reference_key`,
    );
    await db.query(
      `CREATE UNIQUE INDEX compensation_payment_payer_reference_key ON compensation_payment (payer_org_id, reference)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX compensation_payment_payer_reference_key`);
    await db.query(
      `ALTER TABLE compensation_payment ADD CONSTRAINT compensation_payment_reference_key UNIQUE (reference)`,
    );
    await db.query(`ALTER TABLE compensation_payment DROP COLUMN payer_org_id`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'BANK','VALUATION_FIRM','REGISTRATION_OFFICE','DISTRICT','INSURER','COMPENSATION_FUND',
               'MUNICIPAL_IP_OFFICE','ENTERPRISE'`;

/**
 * IP exchanges become organisations (kind `EXCHANGE`): their operators run a disposal's auction
 * rounds (open, record bids, close). `down` refuses while an exchange organisation exists, by
 * failing on the narrower CHECK, rather than deleting its users.
 */
export class ExchangeOperator1764530000000 implements MigrationInterface {
  name = 'ExchangeOperator1764530000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organisation DROP CONSTRAINT organisation_kind_check`);
    await db.query(
      `ALTER TABLE organisation ADD CONSTRAINT organisation_kind_check CHECK (kind IN (${KINDS},'EXCHANGE'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organisation DROP CONSTRAINT organisation_kind_check`);
    await db.query(
      `ALTER TABLE organisation ADD CONSTRAINT organisation_kind_check CHECK (kind IN (${KINDS}))`,
    );
  }
}

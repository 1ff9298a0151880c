import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables the case list and the programme indicators read. A commit that writes any of them
 * moves the read model's generation on, so an answer computed at one generation stays exact
 * until the next.
 */
export const GENERATION_TABLES = [
  'loan_case',
  'case_party',
  'case_event',
  'registration_filing',
  'disbursement',
  'schedule_instalment',
  'repayment',
  'disposal_distribution',
  'loan_write_off',
  'loan_default',
  'compensation_payment',
  'subsidy_claim',
  'budget_pool',
  'working_calendar',
  'working_calendar_year',
] as const;

/**
 * The read model's generation: one row, bumped once per transaction that writes a table the
 * list's counts or the indicators read. The bump is a deferred constraint trigger, so it runs
 * at commit, after every other lock the transaction takes (it cannot deadlock against them),
 * and becomes visible atomically with the writes it counts. A snapshot that reads generation G
 * sees exactly the writes of generations up to G. TRUNCATE (tests) bumps it too.
 *
 * Also the repayments' value date, which the indicators' ledger reads by.
 */
export class ReadModelGeneration1764740000000 implements MigrationInterface {
  name = 'ReadModelGeneration1764740000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE read_model_generation (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        generation bigint NOT NULL DEFAULT 0
      )`);
    await db.query(`INSERT INTO read_model_generation DEFAULT VALUES`);
    // The transaction-local setting remembers the bump, so a transaction writing 100,000 rows
    // updates the row once.
    await db.query(`
      CREATE FUNCTION read_model_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('ippledge.read_model_bumped', true) IS DISTINCT FROM 'on' THEN
          UPDATE read_model_generation SET generation = generation + 1;
          PERFORM set_config('ippledge.read_model_bumped', 'on', true);
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of GENERATION_TABLES) {
      await db.query(
        `CREATE CONSTRAINT TRIGGER read_model_generation AFTER INSERT OR UPDATE OR DELETE ON ${table}
           DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION read_model_generation_bump()`,
      );
      await db.query(
        `CREATE TRIGGER read_model_generation_truncate AFTER TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION read_model_generation_bump()`,
      );
    }
    await db.query(
      `CREATE INDEX repayment_value_date_idx ON repayment (value_date) INCLUDE (case_number, amount)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX repayment_value_date_idx`);
    for (const table of GENERATION_TABLES) {
      await db.query(`DROP TRIGGER read_model_generation_truncate ON ${table}`);
      await db.query(`DROP TRIGGER read_model_generation ON ${table}`);
    }
    await db.query(`DROP FUNCTION read_model_generation_bump()`);
    await db.query(`DROP TABLE read_model_generation`);
  }
}

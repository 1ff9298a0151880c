import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case list's working columns and the programme indicators' indexes.
 *
 * `loan_case` gains the loan account as columns, so the list filters and sorts on them in SQL:
 * next due date, days past due, outstanding principal and arrears, written by
 * `loan_case_refresh_account` from the ledger (schedule and repayments) on the case's business
 * date, in the transaction of every ledger booking and every projection of the case (which the
 * close of business sends for each new date). The bank's reference and the product code derive
 * from the projected snapshot. Text search uses trigram indexes (pg_trgm, a trusted extension
 * the schema owner may create).
 *
 * `working_days_between` counts working days in (from, to] as the domain's calendar does: a
 * make-up working day, or Monday to Friday unless the notice names a holiday.
 */
export class CaseListAndIndicators1764660000000 implements MigrationInterface {
  name = 'CaseListAndIndicators1764660000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE loan_case
        ADD COLUMN bank_reference text GENERATED ALWAYS AS (detail->'application'->>'bankReference') STORED,
        ADD COLUMN product_code text GENERATED ALWAYS AS (detail->'application'->'product'->>'code') STORED,
        ADD COLUMN next_due_date date,
        ADD COLUMN days_past_due integer NOT NULL DEFAULT 0 CHECK (days_past_due >= 0),
        ADD COLUMN outstanding_principal numeric(20,2) NOT NULL DEFAULT 0 CHECK (outstanding_principal >= 0),
        ADD COLUMN arrears numeric(20,2) NOT NULL DEFAULT 0 CHECK (arrears >= 0)`);

    // Repayments go to the oldest instalment first, interest before principal: what instalment
    // i has received is what is left of the total paid after the instalments before it.
    await db.query(`
      CREATE FUNCTION loan_case_refresh_account(p_case_number text) RETURNS void LANGUAGE sql AS $$
        WITH as_of AS (
          SELECT (detail->>'businessDate')::date AS day FROM loan_case WHERE case_number = p_case_number
        ), paid AS (
          SELECT COALESCE(sum(amount), 0) AS total FROM repayment WHERE case_number = p_case_number
        ), instalment AS (
          SELECT s.due_date, s.principal, s.interest, s.principal + s.interest AS due,
                 LEAST(GREATEST(paid.total - COALESCE(sum(s.principal + s.interest)
                         OVER (ORDER BY s.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0), 0),
                       s.principal + s.interest) AS received
            FROM schedule_instalment s, paid
           WHERE s.case_number = p_case_number
        )
        UPDATE loan_case SET
          outstanding_principal = COALESCE((SELECT sum(principal - GREATEST(received - interest, 0)) FROM instalment), 0),
          arrears = COALESCE((SELECT sum(due - received) FROM instalment, as_of WHERE due_date <= as_of.day), 0),
          days_past_due = COALESCE((SELECT as_of.day - min(due_date) FROM instalment, as_of
                                     WHERE received < due AND due_date < as_of.day GROUP BY as_of.day), 0),
          next_due_date = (SELECT min(due_date) FROM instalment, as_of WHERE received < due AND due_date >= as_of.day)
         WHERE case_number = p_case_number
      $$`);
    await db.query(`SELECT loan_case_refresh_account(case_number) FROM loan_case`);

    await db.query(`
      CREATE FUNCTION working_days_between(p_from date, p_to date) RETURNS integer LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN p_to < p_from THEN -working_days_between(p_to, p_from) ELSE (
          SELECT count(*)::integer
            FROM generate_series(p_from + 1, p_to, interval '1 day') AS g(day)
            LEFT JOIN working_calendar w ON w.date = g.day::date
           WHERE CASE WHEN w.kind IS NULL THEN extract(isodow FROM g.day) < 6
                      ELSE w.kind = 'MAKE_UP_WORKDAY' END) END
      $$`);

    // Keyset paging for every sort of the list: the sort value, then the case number.
    for (const [name, expression] of [
      ['next_due', `COALESCE(next_due_date, 'infinity'::date)`],
      ['days_past_due', 'days_past_due'],
      ['amount', 'amount'],
      ['updated', 'updated_at'],
      ['created', 'created_at'],
    ]) {
      await db.query(
        `CREATE INDEX loan_case_${name}_sort_idx ON loan_case ((${expression}), case_number)`,
      );
    }
    await db.query(`CREATE INDEX loan_case_product_idx ON loan_case (product_code)`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(
      `CREATE INDEX loan_case_search_trgm_idx ON loan_case
         USING gin (lower(case_number || ' ' || enterprise_name || ' ' || COALESCE(bank_reference, '')) gin_trgm_ops)`,
    );
    await db.query(
      `CREATE INDEX loan_case_enterprise_name_trgm_idx ON loan_case USING gin (lower(enterprise_name) gin_trgm_ops)`,
    );

    // The indicators read each figure by its date.
    await db.query(
      `CREATE INDEX registration_filing_registered_idx ON registration_filing (registered_on, case_number) WHERE outcome = 'ACCEPTED'`,
    );
    await db.query(`CREATE INDEX disbursement_value_date_idx ON disbursement (value_date)`);
    await db.query(
      `CREATE INDEX subsidy_claim_paid_idx ON subsidy_claim (paid_on) WHERE status = 'PAID'`,
    );
    await db.query(`CREATE INDEX loan_default_date_idx ON loan_default (business_date)`);
    await db.query(`CREATE INDEX compensation_payment_paid_idx ON compensation_payment (paid_on)`);
    await db.query(
      `CREATE INDEX disposal_distribution_settled_idx ON disposal_distribution (settled_on)`,
    );
    await db.query(
      `CREATE INDEX case_event_event_date_idx ON case_event (event, business_date, case_number)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of [
      'case_event_event_date_idx',
      'disposal_distribution_settled_idx',
      'compensation_payment_paid_idx',
      'loan_default_date_idx',
      'subsidy_claim_paid_idx',
      'disbursement_value_date_idx',
      'registration_filing_registered_idx',
      'loan_case_enterprise_name_trgm_idx',
      'loan_case_search_trgm_idx',
      'loan_case_product_idx',
      ...['next_due', 'days_past_due', 'amount', 'updated', 'created'].map(
        (name) => `loan_case_${name}_sort_idx`,
      ),
    ]) {
      await db.query(`DROP INDEX ${index}`);
    }
    await db.query(`DROP FUNCTION working_days_between(date, date)`);
    await db.query(`DROP FUNCTION loan_case_refresh_account(text)`);
    await db.query(`
      ALTER TABLE loan_case DROP COLUMN arrears, DROP COLUMN outstanding_principal,
        DROP COLUMN days_past_due, DROP COLUMN next_due_date, DROP COLUMN product_code,
        DROP COLUMN bank_reference`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The parties of every stored case, from its snapshot: the same rows the projection derives
 * (casePartiesOf). Idempotent, so it can be re-run (the visibility test compares the two).
 */
export const BACKFILL_CASE_PARTIES = `
      INSERT INTO case_party (case_number, organisation_id, party_kind)
      SELECT DISTINCT p.case_number, p.organisation_id, p.party_kind
        FROM (
          SELECT case_number, detail->'valuationRequest'->>'firmOrgId' AS organisation_id, 'VALUATION' AS party_kind
            FROM loan_case
          UNION ALL
          SELECT case_number, v->>'firmOrgId', 'VALUATION'
            FROM loan_case, jsonb_array_elements(COALESCE(detail->'valuations', '[]'::jsonb)) v
          UNION ALL
          SELECT case_number, c->>'payerOrgId',
                 CASE WHEN c->>'payer' = 'INSURER' THEN 'INSURANCE_CLAIM' ELSE 'FUND_CLAIM' END
            FROM loan_case, jsonb_array_elements(COALESCE(detail->'claims', '[]'::jsonb)) c
          UNION ALL
          SELECT l.case_number, o.id, 'REGISTRATION'
            FROM loan_case l JOIN organisation o ON o.kind = 'REGISTRATION_OFFICE'
           WHERE jsonb_array_length(COALESCE(l.detail->'filings', '[]'::jsonb)) > 0
          UNION ALL
          SELECT l.case_number, o.id, 'DISPOSAL'
            FROM loan_case l JOIN organisation o ON o.kind = 'EXCHANGE'
           WHERE jsonb_typeof(l.detail->'disposal') = 'object'
        ) p
        JOIN organisation o ON o.id = p.organisation_id
  ON CONFLICT DO NOTHING`;

/**
 * Who is party to a case (`case_party`): the valuation firm asked for a report, the insurer and
 * the fund paying a claim filed at default, the registration office holding a filing, the
 * exchange disposing of the pledged IP. Party-only roles (evaluator, insurer, fund manager,
 * registration clerk, exchange operator) see exactly the cases listed here for their
 * organisation, so the list and the lookup of a case filter by it in SQL. Rows are written with
 * the case's projection; the existing cases are backfilled from their stored snapshot.
 */
export class CaseParties1764600000000 implements MigrationInterface {
  name = 'CaseParties1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE case_party (
        case_number      text NOT NULL REFERENCES loan_case(case_number),
        organisation_id  text NOT NULL REFERENCES organisation(id),
        party_kind       text NOT NULL CHECK (party_kind IN
                           ('VALUATION','INSURANCE_CLAIM','FUND_CLAIM','REGISTRATION','DISPOSAL')),
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_number, organisation_id, party_kind)
      )`);
    // The scoped list and lookup start from the caller's organisation.
    await db.query(
      `CREATE INDEX case_party_organisation_idx ON case_party (organisation_id, party_kind, case_number)`,
    );
    await db.query(BACKFILL_CASE_PARTIES);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE case_party`);
  }
}

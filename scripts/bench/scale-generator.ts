/**
 * Loads a programme's worth of read model into a migrated, seeded database: 100,000 cases over
 * both banks, four districts and every stage of the path, with their timeline, parties,
 * filings, disbursements, schedules and exactly 1,000,000 repayments, then the account
 * columns through `loan_case_refresh_account` as every projection writes them. Set-based SQL
 * (INSERT … SELECT over generate_series), so the load takes minutes rather than hours.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import snapshot from './scale-case-snapshot.json';

export const SCALE_BUSINESS_DATE = '2026-06-15';
export const SCALE_CASES = 100_000;
export const SCALE_REPAYMENTS = 1_000_000;

/** The path a case walks, in order; a case's status says how far along it it is. */
const PATH: [event: string, toStatus: string][] = [
  ['OPEN', 'DRAFT'],
  ['SUBMIT', 'SUBMITTED'],
  ['VERIFY_IP', 'VERIFIED'],
  ['REQUEST_VALUATION', 'VALUATION'],
  ['SUBMIT_VALUATION', 'VALUED'],
  ['APPROVE_CREDIT', 'APPROVED'],
  ['SIGN_CONTRACT', 'CONTRACTED'],
  ['SUBMIT_REGISTRATION', 'REGISTERING'],
  ['ACCEPT_REGISTRATION', 'REGISTERED'],
  ['DISBURSE', 'ACTIVE'],
  ['MARK_OVERDUE', 'OVERDUE'],
  ['MARK_REPAID', 'REPAID'],
  ['REGISTER_RELEASE', 'RELEASED'],
  ['CLOSE', 'CLOSED'],
  ['REJECT', 'REJECTED'],
  ['WITHDRAW', 'WITHDRAWN'],
];

/**
 * Status per mille: 8 % before disbursement (spread over the nine stages), 4 % rejected or
 * withdrawn, 60 % active, 3 % overdue, 25 % closed — a programme running for a few years.
 */
const STATUS_BUCKETS = `CASE
  WHEN b < 10 THEN 'DRAFT' WHEN b < 20 THEN 'SUBMITTED' WHEN b < 30 THEN 'VERIFIED'
  WHEN b < 40 THEN 'VALUATION' WHEN b < 50 THEN 'VALUED' WHEN b < 60 THEN 'APPROVED'
  WHEN b < 65 THEN 'CONTRACTED' WHEN b < 75 THEN 'REGISTERING' WHEN b < 80 THEN 'REGISTERED'
  WHEN b < 100 THEN 'REJECTED' WHEN b < 120 THEN 'WITHDRAWN'
  WHEN b < 720 THEN 'ACTIVE' WHEN b < 750 THEN 'OVERDUE' ELSE 'CLOSED' END`;

const LOADED_TABLES = [
  'loan_case',
  'case_event',
  'case_party',
  'registration_filing',
  'disbursement',
  'schedule_instalment',
  'repayment',
];

export interface LoadFigure {
  step: string;
  rows: number;
  seconds: number;
}

/** Runs the load; returns each step's rows and seconds. */
export async function loadScaleData(db: DataSource): Promise<LoadFigure[]> {
  const figures: LoadFigure[] = [];
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const start = performance.now();
    await db.query(sql, params);
    // Rows are counted once the load is done (an INSERT without RETURNING answers nothing).
    figures.push({
      step: name,
      rows: 0,
      seconds: Number(((performance.now() - start) / 1000).toFixed(2)),
    });
  };
  const count = async (table: string) =>
    Number((await db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  // One row per case with everything the tables below derive from; dropped at the end.
  await step(
    'case plan (scratch table)',
    `CREATE UNLOGGED TABLE scale_case AS
     SELECT i, status, bank, district, ent,
            'SC' || lpad(i::text, 6, '0') AS case_number,
            'SC-' || lpad(i::text, 6, '0') AS bank_reference,
            '91310' || substr(district, 4, 3) || lpad(ent::text, 9, '0') || 'X' AS uscc,
            '上海' || (ARRAY['浦江','张江','徐汇','金山','杨浦','临港','漕河泾','外高桥'])[1 + ent % 8]
              || (ARRAY['智造','生物','软件','材料','光电','医疗'])[1 + ent % 6] || '科技有限公司 ' || ent AS ent_name,
            term, amount, disbursed_on,
            CASE WHEN disbursed_on IS NULL THEN $1::date - (i % 90) ELSE disbursed_on - 20 END AS application_date,
            CASE WHEN bank = 'BANK-SHCB' THEN (CASE WHEN i % 4 = 0 THEN 'SHCB-IP-GROWTH' ELSE 'SHCB-IP-STD' END)
                 ELSE 'PDIB-IP-FAST' END AS product,
            CASE WHEN i % 2 = 0 THEN 'VAL-HUAYU' ELSE 'VAL-DONGFANG' END AS firm,
            CASE WHEN bank = 'BANK-SHCB' THEN (CASE WHEN i % 3 = 0 THEN 'officer2.shcb' ELSE 'officer.shcb' END)
                 ELSE 'officer.pdib' END AS preparer,
            -- How far along the path: the last ordinal of PATH (1-based) the case reached.
            CASE status WHEN 'DRAFT' THEN 1 WHEN 'SUBMITTED' THEN 2 WHEN 'VERIFIED' THEN 3 WHEN 'VALUATION' THEN 4
                        WHEN 'VALUED' THEN 5 WHEN 'APPROVED' THEN 6 WHEN 'CONTRACTED' THEN 7 WHEN 'REGISTERING' THEN 8
                        WHEN 'REGISTERED' THEN 9 WHEN 'REJECTED' THEN 5 WHEN 'WITHDRAWN' THEN 1 ELSE 10 END AS depth
       FROM (SELECT i, status,
                    CASE WHEN i % 5 < 3 THEN 'BANK-SHCB' ELSE 'BANK-PDIB' END AS bank,
                    (ARRAY['310115','310115','310104','310116','310110'])[1 + (i * 13) % 5] AS district,
                    (i * 7) % 20000 AS ent,
                    term,
                    (term * 1000 * (10 + (i * 37) % 490))::numeric(20,2) AS amount,
                    CASE WHEN status IN ('ACTIVE', 'OVERDUE') THEN $1::date - 60 - (i % 670)
                         WHEN status = 'CLOSED' THEN ($1::date - make_interval(months => term))::date - (i % 365)
                    END AS disbursed_on
               FROM (SELECT i, ${STATUS_BUCKETS} AS status,
                            CASE WHEN ${STATUS_BUCKETS} = 'CLOSED' THEN (CASE WHEN i % 5 = 0 THEN 24 ELSE 12 END)
                                 ELSE (ARRAY[12, 24, 36])[1 + i % 3] END AS term
                       FROM (SELECT i, (i * 7919) % 1000 AS b FROM generate_series(1, $2::int) i) s) t) u`,
    [SCALE_BUSINESS_DATE, SCALE_CASES],
  );
  await db.query(`CREATE UNIQUE INDEX ON scale_case (case_number)`);

  // Secondary indexes are built once after the load (as CREATE INDEX sorts) instead of row by
  // row; the trigram ones alone made the 100,000 case rows take minutes. Constraints stay.
  const indexes: { name: string; definition: string }[] = await db.query(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)`,
    [LOADED_TABLES],
  );
  for (const index of indexes) await db.query(`DROP INDEX "${index.name}"`);

  // The read-model generation would be bumped by a trigger queued per written row (millions);
  // the load moves it on once at the end instead.
  for (const table of LOADED_TABLES)
    await db.query(`ALTER TABLE ${table} DISABLE TRIGGER read_model_generation`);

  const template = JSON.stringify(snapshot);
  await step(
    'loan_case',
    `INSERT INTO loan_case (case_number, workflow_id, status, bank_org_id, district_code, enterprise_uscc, enterprise_name,
                            amount, term_months, annual_rate, repayment_method, preparer_user_id, detail, version,
                            application_date, created_at, updated_at)
     SELECT c.case_number, 'loan-case-' || c.case_number, c.status, c.bank, c.district, c.uscc, c.ent_name,
            c.amount, c.term, '0.0345', 'EQUAL_PRINCIPAL', c.preparer,
            jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(
              $1::jsonb, '{caseNumber}', to_jsonb(c.case_number)),
              '{workflowId}', to_jsonb('loan-case-' || c.case_number)),
              '{status}', to_jsonb(c.status)),
              '{businessDate}', to_jsonb($2::text)),
              '{application,bankReference}', to_jsonb(c.bank_reference)),
              '{application,caseNumber}', to_jsonb(c.case_number)),
              '{application,product,code}', to_jsonb(c.product)),
              '{application,bankOrgId}', to_jsonb(c.bank)),
              '{valuationRequest,firmOrgId}', to_jsonb(c.firm)),
            c.depth + 1, c.application_date,
            c.application_date::timestamptz + make_interval(secs => c.i % 86400),
            LEAST(COALESCE(c.disbursed_on, c.application_date) + 30, $2::date)::timestamptz + make_interval(secs => c.i % 86400)
       FROM scale_case c`,
    [template, SCALE_BUSINESS_DATE],
  );

  // The timeline: the path up to the case's depth, then the step that ended it elsewhere.
  await step(
    'case_event',
    `WITH path AS (SELECT ord, event, to_status FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(event, to_status, ord))
     INSERT INTO case_event (case_number, seq, event, from_status, to_status, actor_user_id, actor_role, business_date, occurred_at)
     SELECT c.case_number, row_number() OVER (PARTITION BY c.case_number ORDER BY p.ord), p.event,
            lag(p.to_status) OVER (PARTITION BY c.case_number ORDER BY p.ord), p.to_status,
            CASE WHEN p.event IN ('MARK_OVERDUE', 'MARK_REPAID', 'CLOSE') THEN NULL ELSE c.preparer END,
            CASE WHEN p.event IN ('MARK_OVERDUE', 'MARK_REPAID', 'CLOSE') THEN 'SYSTEM' ELSE 'LOAN_OFFICER' END,
            d.day, d.day::timestamptz + make_interval(secs => c.i % 86400)
       FROM scale_case c
       JOIN path p ON p.ord <= c.depth
                   OR (c.status = 'OVERDUE' AND p.event = 'MARK_OVERDUE')
                   OR (c.status = 'CLOSED' AND p.event IN ('MARK_REPAID', 'REGISTER_RELEASE', 'CLOSE'))
                   OR (c.status = 'REJECTED' AND p.event = 'REJECT')
                   OR (c.status = 'WITHDRAWN' AND p.event = 'WITHDRAW')
      CROSS JOIN LATERAL (SELECT CASE
             WHEN p.event = 'DISBURSE' THEN c.disbursed_on
             WHEN p.event = 'MARK_OVERDUE' THEN $3::date - 14
             WHEN p.ord > 10 AND c.status = 'CLOSED' THEN (c.disbursed_on + make_interval(months => c.term))::date
             ELSE LEAST(c.application_date + (p.ord::int - 1) * 2, COALESCE(c.disbursed_on, $3::date)) END AS day) d`,
    [PATH.map(([event]) => event), PATH.map(([, to]) => to), SCALE_BUSINESS_DATE],
  );

  await step(
    'case_party',
    `INSERT INTO case_party (case_number, organisation_id, party_kind)
     SELECT case_number, firm, 'VALUATION' FROM scale_case WHERE depth >= 4
     UNION ALL
     SELECT case_number, 'REG-SH', 'REGISTRATION' FROM scale_case WHERE depth >= 8`,
  );

  await step(
    'registration_filing',
    `INSERT INTO registration_filing (filing_number, case_number, bank_org_id, pledgor_uscc, assets, filed_on, outcome,
                                      registration_number, registered_on)
     SELECT case_number || '-F1', case_number, bank, uscc,
            jsonb_build_array(jsonb_build_object('kind', 'INVENTION_PATENT', 'number', '2021' || lpad(i::text, 8, '0') || '.5')),
            LEAST(application_date + 14, COALESCE(disbursed_on, $1::date)),
            CASE WHEN depth >= 9 THEN 'ACCEPTED' ELSE 'PENDING' END,
            CASE WHEN depth >= 9 THEN 'RG-' || case_number END,
            CASE WHEN depth >= 9 THEN LEAST(application_date + 16, COALESCE(disbursed_on, $1::date)) END
       FROM scale_case WHERE depth >= 8`,
    [SCALE_BUSINESS_DATE],
  );

  await step(
    'disbursement',
    `INSERT INTO disbursement (case_number, reference, amount, value_date)
     SELECT case_number, 'DB-' || case_number, amount, disbursed_on FROM scale_case WHERE disbursed_on IS NOT NULL`,
  );

  // Equal principal: the same principal each month, interest on what is still owed.
  await step(
    'schedule_instalment',
    `INSERT INTO schedule_instalment (case_number, seq, period_start, due_date, principal, interest)
     SELECT c.case_number, k, (c.disbursed_on + make_interval(months => k - 1))::date,
            (c.disbursed_on + make_interval(months => k))::date, round(c.amount / c.term, 2),
            round((c.amount - round(c.amount / c.term, 2) * (k - 1)) * 0.0345 / 12, 2)
       FROM scale_case c CROSS JOIN LATERAL generate_series(1, c.term) k
      WHERE c.disbursed_on IS NOT NULL`,
  );

  // Every instalment due is paid on its due date, except an overdue case's latest one; the
  // programme has slightly more than a million of them, so the last cases in number order keep
  // their most recent instalments unpaid (they show arrears, as some loans do).
  await step(
    'repayment',
    `INSERT INTO repayment (case_number, reference, amount, value_date, kind)
     SELECT s.case_number, 'RP-' || s.case_number || '-' || s.seq, s.principal + s.interest, s.due_date, 'SCHEDULED'
       FROM schedule_instalment s JOIN scale_case c ON c.case_number = s.case_number
      WHERE s.due_date <= CASE WHEN c.status = 'OVERDUE' THEN $1::date - 45 ELSE $1::date END
      ORDER BY s.case_number, s.seq
      LIMIT $2`,
    [SCALE_BUSINESS_DATE, SCALE_REPAYMENTS],
  );

  await step(
    'account columns (loan_case_refresh_account)',
    `SELECT count(loan_case_refresh_account(case_number)) FROM scale_case WHERE disbursed_on IS NOT NULL`,
  );
  await step('drop the plan', `DROP TABLE scale_case`);
  for (const table of LOADED_TABLES)
    await db.query(`ALTER TABLE ${table} ENABLE TRIGGER read_model_generation`);
  await db.query(`UPDATE read_model_generation SET generation = generation + 1`);
  const indexStart = performance.now();
  for (const index of indexes) await db.query(index.definition);
  figures.push({
    step: `secondary indexes (${indexes.length})`,
    rows: 0,
    seconds: Number(((performance.now() - indexStart) / 1000).toFixed(2)),
  });
  // What autovacuum would have done by the time a programme has this many cases: statistics,
  // and the visibility map that lets the list's count(*) read its index alone.
  await step('vacuum (analyze)', `VACUUM (ANALYZE) ${LOADED_TABLES.join(', ')}`);

  for (const figure of figures)
    if (LOADED_TABLES.includes(figure.step)) figure.rows = await count(figure.step);
  return figures;
}

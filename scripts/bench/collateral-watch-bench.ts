/**
 * The collateral watch's close-of-business cost for 100,000 pledged patents on 50,000 live loans:
 * a generator inserts the register, the pledges, the loans, their reports and covenants by SQL;
 * then the watch step (the set-based statements of RunCollateralWatchUseCase, in one
 * transaction) is timed on a first working day (every asset seen for the first time), on the
 * next working day (the steady state) and again on that day (a rerun: nothing to raise).
 */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { watchDatesOn } from '../../libs/domain/src/collateral/collateral-watch';
import { entriesOfNotice, HOLIDAY_NOTICES } from '../../libs/domain/src/calendar/holiday-notices';
import { buildWorkingCalendar } from '../../libs/domain/src/calendar/working-calendar';
import { CollateralWatchRepository } from '../../libs/persistence/src/repositories/collateral/collateral-watch.repository';

const LOANS = 50_000;
const ASSETS_PER_LOAN = 2;

interface WatchFigure {
  name: string;
  operations: number;
  seconds: number;
  perSecond: number;
  note?: string;
}

/** Inserts the loans and their collateral: fees spread over the year, 1 % of assets frozen. */
async function generate(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO organisation (id, kind, name, name_zh) VALUES
       ('BANK-BENCH', 'BANK', 'Bench bank', '基准银行'), ('VAL-BENCH', 'VALUATION_FIRM', 'Bench valuer', '基准评估')`,
  );
  await db.query(
    `INSERT INTO ip_asset (number, kind, title, owners, grant_date, expiry_date, annual_fee_paid_until, legal_status)
     SELECT 'BENCH' || lpad(i::text, 7, '0'), 'INVENTION_PATENT', 'bench patent ' || i, ARRAY['ENT' || (i / $1)],
            DATE '2020-06-01', DATE '2040-06-01', DATE '2026-01-05' + (i % 365),
            CASE WHEN i % 100 = 0 THEN 'FROZEN' ELSE 'IN_FORCE' END
       FROM generate_series(0, $2 - 1) AS i`,
    [ASSETS_PER_LOAN, LOANS * ASSETS_PER_LOAN],
  );
  await db.query(
    `INSERT INTO loan_case (case_number, workflow_id, status, bank_org_id, district_code, enterprise_uscc, enterprise_name,
                            amount, term_months, annual_rate, repayment_method, preparer_user_id, detail, version, application_date)
     SELECT 'BENCH-' || i, 'wf-bench-' || i, 'ACTIVE', 'BANK-BENCH', '310115', 'ENT' || i, 'bench firm ' || i,
            500000.00, 12, '0.0345', 'EQUAL_INSTALMENT', 'bench',
            jsonb_build_object('application', jsonb_build_object('product', jsonb_build_object(
              'ltvByAssetKind', jsonb_build_object('INVENTION_PATENT', '0.25'))),
              'position', jsonb_build_object('outstandingPrincipal', '500000.00')),
            1, DATE '2025-12-01'
       FROM generate_series(0, $1 - 1) AS i`,
    [LOANS],
  );
  await db.query(
    `INSERT INTO registration_filing (filing_number, case_number, bank_org_id, pledgor_uscc, assets, filed_on, outcome, registration_number, registered_on)
     SELECT 'F-BENCH-' || i, 'BENCH-' || i, 'BANK-BENCH', 'ENT' || i, '[]', DATE '2025-12-01', 'ACCEPTED', 'R-BENCH-' || i, DATE '2025-12-02'
       FROM generate_series(0, $1 - 1) AS i`,
    [LOANS],
  );
  await db.query(
    `INSERT INTO pledge (asset_number, case_number, filing_number, registration_number, pledgee_org_id, pledgor_uscc, status, registered_on)
     SELECT 'BENCH' || lpad(i::text, 7, '0'), 'BENCH-' || (i / $1), 'F-BENCH-' || (i / $1), 'R-BENCH-' || (i / $1),
            'BANK-BENCH', 'ENT' || (i / $1), 'ACTIVE', DATE '2025-12-02'
       FROM generate_series(0, $2 - 1) AS i`,
    [ASSETS_PER_LOAN, LOANS * ASSETS_PER_LOAN],
  );
  // Reports valid for a year from a base date spread over the past year: some have expired.
  await db.query(
    `INSERT INTO valuation_report (report_number, case_number, firm_org_id, evaluator_id, method, base_date, valid_until,
                                   total_value, max_loan, assets, submitted_on)
     SELECT 'VR-BENCH-' || i, 'BENCH-' || i, 'VAL-BENCH', 'bench', 'INCOME', d, d + interval '1 year' - interval '1 day',
            6000000.00, 1500000.00,
            jsonb_build_array(
              jsonb_build_object('number', 'BENCH' || lpad((i * 2)::text, 7, '0'), 'value', '3000000.00'),
              jsonb_build_object('number', 'BENCH' || lpad((i * 2 + 1)::text, 7, '0'), 'value', '3000000.00')),
            d
       FROM generate_series(0, $1 - 1) AS i, LATERAL (SELECT DATE '2025-01-20' + (i % 365) AS d) x`,
    [LOANS],
  );
  await db.query(
    `INSERT INTO covenant (case_number, title, due_on, reminder_working_days, status, created_by, created_on)
     SELECT 'BENCH-' || i, 'annual financial statements', DATE '2026-01-20' + (i % 200), 5 + i % 3, 'OPEN', 'bench', DATE '2025-12-01'
       FROM generate_series(0, $1 - 1) AS i`,
    [LOANS],
  );
  await db.query(`ANALYZE`);
}

export async function collateralWatchFigures(ownerUrl: string): Promise<WatchFigure[]> {
  const db = new DataSource({ type: 'postgres', url: ownerUrl });
  await db.initialize();
  try {
    await generate(db);
    const watch = new CollateralWatchRepository(db);
    const calendar = buildWorkingCalendar({
      years: HOLIDAY_NOTICES.map((n) => n.year),
      entries: HOLIDAY_NOTICES.flatMap(entriesOfNotice),
    });
    const periods = await watch.reminderPeriods();
    const run = async (businessDate: string) => {
      const dates = watchDatesOn(calendar, businessDate, periods);
      const start = performance.now();
      const outcome = await watch.transaction(async (tx) => {
        const assessed = await watch.reassessAssets(tx, dates, null);
        return { ...assessed, dated: await watch.raiseDatedTasks(tx, dates) };
      });
      return { seconds: (performance.now() - start) / 1000, outcome };
    };
    const assets = LOANS * ASSETS_PER_LOAN;
    const figure = (name: string, r: Awaited<ReturnType<typeof run>>): WatchFigure => ({
      name,
      operations: assets,
      seconds: r.seconds,
      perSecond: Math.round(assets / r.seconds),
      note: `${r.outcome.assetsChanged} assets changed, ${r.outcome.casesRecomputed} loans recomputed, ${r.outcome.tasksRaised + r.outcome.dated} tasks raised`,
    });
    const first = await run('2026-01-19');
    const next = await run('2026-01-20');
    const rerun = await run('2026-01-20');
    return [
      figure('collateral watch, first run: 100,000 pledged assets seen (close of business)', first),
      figure('collateral watch, next working day: 100,000 pledged assets', next),
      figure('collateral watch, rerun of the same date (nothing raised twice)', rerun),
    ];
  } finally {
    await db.destroy();
  }
}

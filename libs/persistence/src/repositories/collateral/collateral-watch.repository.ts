import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LIVE_LOAN } from '../../../../domain/src/loan-case/loan-case.states';
import { COLLATERAL_WATCH_TERMS } from '../../../../domain/src/collateral/collateral-watch';
import type { SqlRunner } from '../work/outbox';

/** The dates one assessment reads: the business date and how far ahead a fee is noticed. */
export interface WatchDates {
  businessDate: string;
  /** A fee paid up to this date or earlier is due within the notice period (N working days on). */
  feeHorizon: string;
}

/** What the dated part of the watch (run on working days only) also needs. */
export interface DatedWatchDates extends WatchDates {
  /** The working day before the business date: a deadline on or before it has passed. */
  previousWorkingDay: string;
  /** Per reminder period (working days): a covenant due on or before this date is reminded. */
  reminderHorizons: Record<number, string>;
}

export interface WatchOutcome {
  assetsChanged: number;
  casesRecomputed: number;
  tasksRaised: number;
}

const PATENT_KINDS = `('INVENTION_PATENT','UTILITY_MODEL_PATENT','DESIGN_PATENT')`;
const FEE_GRACE = `interval '${COLLATERAL_WATCH_TERMS.feeGraceMonths} months'`;
const RENEWAL_WINDOW = `interval '${COLLATERAL_WATCH_TERMS.renewalWindowMonths} months'`;
const RENEWAL_GRACE = `interval '${COLLATERAL_WATCH_TERMS.renewalGraceMonths} months'`;

/** The work item kind of each condition of a pledged asset. */
const KIND_OF_CONDITION = `CASE %s WHEN 'FEE_DUE' THEN 'COLLATERAL_FEE_DUE' WHEN 'FEE_IN_GRACE' THEN 'COLLATERAL_FEE_IN_GRACE'
  WHEN 'RENEWAL_DUE' THEN 'COLLATERAL_RENEWAL_DUE' WHEN 'RENEWAL_IN_GRACE' THEN 'COLLATERAL_RENEWAL_IN_GRACE'
  WHEN 'IMPAIRED' THEN 'COLLATERAL_IMPAIRED' END`;
const kindOf = (column: string) => KIND_OF_CONDITION.replace('%s', column);

/*
 * What a task of a changed asset is keyed by: an impairment by its kind and since when (a second
 * freeze is a new task), a fee or a renewal by its due date (one task per year's fee). Events
 * carry the condition and the date it began, so a rerun of the same date appends nothing.
 */
const TASK_KEY = `coalesce(c.impairment || ':' || c.new_since, c.due_on::text, '-')`;
const OLD_TASK_KEY = `coalesce(c.old_impairment || ':' || c.old_since, c.old_due_on::text, '-')`;
const EVENT_KEY = `c.condition || ':' || coalesce(c.impairment, c.due_on::text, '-') || ':' || c.new_since`;

/**
 * Inserts the work items a SELECT yields (columns kind, subject, organisation_id, role,
 * created_on, case_number, due_on, detail) with the TASK_CREATED event of each new one, as
 * `raiseWorkItem` does one at a time; an item that exists changes nothing. Returns how many
 * were new.
 */
async function raiseWorkItemsFrom(
  db: SqlRunner,
  candidates: string,
  params: unknown[],
): Promise<number> {
  const rows = (await db.query(
    `WITH candidate AS (${candidates}),
     inserted AS (
       INSERT INTO work_item (kind, subject, organisation_id, role, created_on, case_number, due_on, detail)
       SELECT kind, subject, organisation_id, role, created_on, case_number, due_on, detail FROM candidate
       ON CONFLICT ON CONSTRAINT work_item_once DO NOTHING
       RETURNING id, kind, subject, organisation_id, role, created_on, case_number, due_on, detail),
     told AS (
       INSERT INTO outbox_event (event_key, event_type, subject, case_number, recipient_org_ids, payload, business_date)
       SELECT 'TASK_CREATED:' || id, 'TASK_CREATED', subject, case_number, ARRAY[organisation_id],
              jsonb_build_object('kind', kind, 'role', role, 'dueOn', due_on) || detail, created_on
         FROM inserted
       ON CONFLICT (event_key) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS raised FROM inserted`,
    params,
  )) as { raised: number }[];
  return rows[0]?.raised ?? 0;
}

/**
 * The collateral watch, set-based: every statement covers all pledged assets of live loans (or
 * the few a register change names) at once, so a close of business costs a handful of
 * statements whatever the number of assets. Work items and outbox events are keyed by what
 * they report, so a rerun of the same date raises nothing twice.
 */
@Injectable()
export class CollateralWatchRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Re-reads the condition of each actively pledged asset of a live loan (all of them, or those
   * of the loans that pledge one of `assetNumbers`), stores the changes, raises the bank's tasks and tells the bank and the
   * enterprise; then recomputes the coverage of every loan whose impairment changed.
   */
  async reassessAssets(
    tx: EntityManager,
    dates: WatchDates,
    assetNumbers: string[] | null,
  ): Promise<WatchOutcome> {
    const today = dates.businessDate;
    await tx.query(`DROP TABLE IF EXISTS collateral_changed`);
    // The condition of every watched asset today, compared with the one stored.
    await tx.query(
      `CREATE TEMP TABLE collateral_changed ON COMMIT DROP AS
       WITH now AS (
         SELECT p.case_number, p.asset_number, lc.bank_org_id, 'ENT-' || lc.enterprise_uscc AS enterprise_org_id,
                a.kind, x.impairment,
                CASE WHEN x.impairment IS NOT NULL THEN 'IMPAIRED'
                     WHEN a.kind IN ${PATENT_KINDS} AND a.annual_fee_paid_until < $1::date THEN 'FEE_IN_GRACE'
                     WHEN a.kind IN ${PATENT_KINDS} AND a.annual_fee_paid_until <= $2::date THEN 'FEE_DUE'
                     WHEN a.kind = 'TRADEMARK' AND a.expiry_date < $1::date THEN 'RENEWAL_IN_GRACE'
                     WHEN a.kind = 'TRADEMARK' AND a.expiry_date - ${RENEWAL_WINDOW} <= $1::date THEN 'RENEWAL_DUE'
                     ELSE 'SOUND' END AS condition,
                CASE WHEN a.kind IN ${PATENT_KINDS} THEN a.annual_fee_paid_until
                     WHEN a.kind = 'TRADEMARK' THEN a.expiry_date END AS due_on
           FROM pledge p
           JOIN loan_case lc ON lc.case_number = p.case_number AND lc.status = ANY($3)
           JOIN ip_asset a ON a.number = p.asset_number
           CROSS JOIN LATERAL (SELECT CASE
                WHEN a.legal_status = 'FROZEN' THEN 'FROZEN'
                WHEN a.legal_status = 'INVALIDATED' THEN 'INVALIDATED'
                WHEN a.legal_status = 'LAPSED' THEN 'LAPSED'
                WHEN a.invalidation_outcome = 'PARTLY_INVALID' THEN 'PARTLY_INVALIDATED'
                -- unpaid past the grace period: the patent lapses (the office records it later)
                WHEN a.kind IN ${PATENT_KINDS} AND a.annual_fee_paid_until + ${FEE_GRACE} < $1::date THEN 'LAPSED'
                WHEN a.kind = 'TRADEMARK' AND a.expiry_date + ${RENEWAL_GRACE} < $1::date THEN 'EXPIRED'
                WHEN a.kind <> 'TRADEMARK' AND a.expiry_date < $1::date THEN 'EXPIRED'
              END AS impairment) x
          WHERE p.status = 'ACTIVE'
            -- a register change: every asset of the loans that pledge a changed one (their coverage)
            AND ($4::text[] IS NULL OR p.case_number IN (
                  SELECT q.case_number FROM pledge q WHERE q.status = 'ACTIVE' AND q.asset_number = ANY($4))))
       SELECT n.*, o.condition AS old_condition, o.impairment AS old_impairment, o.due_on AS old_due_on,
              o.since AS old_since,
              CASE WHEN o.condition = n.condition THEN o.since ELSE $1::date END AS new_since
         FROM now n
         LEFT JOIN collateral_asset o ON o.case_number = n.case_number AND o.asset_number = n.asset_number
        WHERE o.case_number IS NULL OR o.condition <> n.condition
           OR o.impairment IS DISTINCT FROM n.impairment OR o.due_on IS DISTINCT FROM n.due_on`,
      [today, dates.feeHorizon, LIVE_LOAN, assetNumbers],
    );
    await tx.query(`ANALYZE collateral_changed`);
    const changed = (await tx.query(`SELECT count(*)::int AS n FROM collateral_changed`)) as {
      n: number;
    }[];
    if (changed[0]!.n === 0) return { assetsChanged: 0, casesRecomputed: 0, tasksRaised: 0 };
    await tx.query(
      `INSERT INTO collateral_asset (case_number, asset_number, condition, impairment, due_on, since)
       SELECT case_number, asset_number, condition, impairment, due_on, new_since FROM collateral_changed
       ON CONFLICT (case_number, asset_number) DO UPDATE
          SET condition = EXCLUDED.condition, impairment = EXCLUDED.impairment, due_on = EXCLUDED.due_on,
              since = EXCLUDED.since`,
    );
    // A first sight of many loans changes the table's size by orders: let the planner know.
    if (changed[0]!.n > 1000) await tx.query(`ANALYZE collateral_asset`);
    // A condition left behind (a fee paid, a freeze released, a fee escalated to its grace) ends its task.
    await tx.query(
      `UPDATE work_item w SET done_on = $1::date, done_by = 'collateral-watch'
         FROM collateral_changed c
        WHERE c.old_condition IS NOT NULL AND c.old_condition <> 'SOUND'
          AND (c.old_condition <> c.condition OR c.old_impairment IS DISTINCT FROM c.impairment
               OR c.old_due_on IS DISTINCT FROM c.due_on)
          AND w.kind = ${kindOf('c.old_condition')}
          AND w.subject = c.case_number || ':' || c.asset_number || ':' || ${OLD_TASK_KEY}
          AND w.done_on IS NULL`,
      [today],
    );
    // What is worth telling: any condition other than sound, and a return to sound.
    const told = `NOT (c.condition = 'SOUND' AND coalesce(c.old_condition, 'SOUND') = 'SOUND')`;
    const surcharge = `CASE WHEN c.condition = 'FEE_IN_GRACE'
        THEN 5 * greatest(0, (extract(year FROM age($1::date, c.due_on)) * 12 + extract(month FROM age($1::date, c.due_on)))::int - 1) END`;
    await tx.query(
      `INSERT INTO collateral_event (event_key, case_number, asset_number, event, business_date, detail)
       SELECT c.case_number || ':' || c.asset_number || ':' || ${EVENT_KEY},
              c.case_number, c.asset_number, c.condition, $1::date,
              jsonb_strip_nulls(jsonb_build_object('previous', c.old_condition, 'impairment', c.impairment,
                'dueOn', c.due_on, 'lateFeeSurchargePercent', ${surcharge}))
         FROM collateral_changed c WHERE ${told}
       ON CONFLICT (event_key) DO NOTHING`,
      [today],
    );
    await tx.query(
      `INSERT INTO outbox_event (event_key, event_type, subject, case_number, recipient_org_ids, payload, business_date)
       SELECT t.event_type || ':' || c.case_number || ':' || c.asset_number || ':' || ${EVENT_KEY},
              t.event_type, c.asset_number, c.case_number, ARRAY[c.bank_org_id, c.enterprise_org_id],
              jsonb_strip_nulls(jsonb_build_object('assetNumber', c.asset_number, 'condition', c.condition,
                'previous', c.old_condition, 'impairment', c.impairment, 'dueOn', c.due_on,
                'lateFeeSurchargePercent', ${surcharge})),
              $1::date
         FROM collateral_changed c
         CROSS JOIN LATERAL (SELECT CASE WHEN c.condition = 'IMPAIRED' OR c.old_condition = 'IMPAIRED'
                                         THEN 'COLLATERAL_CHANGED' ELSE 'COLLATERAL_NOTICE' END AS event_type) t
        WHERE ${told}
       ON CONFLICT (event_key) DO NOTHING`,
      [today],
    );
    let tasksRaised = await raiseWorkItemsFrom(
      tx,
      `SELECT ${kindOf('c.condition')} AS kind,
              c.case_number || ':' || c.asset_number || ':' || ${TASK_KEY} AS subject,
              c.bank_org_id AS organisation_id, 'LOAN_OFFICER' AS role, $1::date AS created_on, c.case_number,
              CASE c.condition WHEN 'FEE_DUE' THEN c.due_on WHEN 'RENEWAL_DUE' THEN c.due_on
                   WHEN 'FEE_IN_GRACE' THEN (c.due_on + ${FEE_GRACE})::date
                   WHEN 'RENEWAL_IN_GRACE' THEN (c.due_on + ${RENEWAL_GRACE})::date END AS due_on,
              jsonb_strip_nulls(jsonb_build_object(
                'titleZh', CASE c.condition
                  WHEN 'FEE_DUE' THEN '质押专利年费即将到期：' || c.asset_number
                  WHEN 'FEE_IN_GRACE' THEN '质押专利年费已逾期，进入滞纳期：' || c.asset_number
                  WHEN 'RENEWAL_DUE' THEN '质押商标进入续展期：' || c.asset_number
                  WHEN 'RENEWAL_IN_GRACE' THEN '质押商标已到期，进入续展宽展期：' || c.asset_number
                  ELSE '质押物受损，请决定追加担保或提前收回：' || c.asset_number END,
                'titleEn', CASE c.condition
                  WHEN 'FEE_DUE' THEN 'Annual fee of pledged patent ' || c.asset_number || ' falls due'
                  WHEN 'FEE_IN_GRACE' THEN 'Annual fee of pledged patent ' || c.asset_number || ' unpaid: in its grace period'
                  WHEN 'RENEWAL_DUE' THEN 'Pledged trademark ' || c.asset_number || ' is in its renewal window'
                  WHEN 'RENEWAL_IN_GRACE' THEN 'Pledged trademark ' || c.asset_number || ' has expired: in its grace period'
                  ELSE 'Collateral ' || c.asset_number || ' impaired (' || c.impairment || '): decide additional security or early recall' END,
                'action', CASE WHEN c.condition = 'IMPAIRED'
                  THEN jsonb_build_object('method', 'POST', 'path', '/api/v1/cases/' || c.case_number || '/collateral/decision')
                  ELSE jsonb_build_object('method', 'GET', 'path', '/api/v1/cases/' || c.case_number || '/collateral') END,
                'assetNumber', c.asset_number, 'impairment', c.impairment,
                'lateFeeSurchargePercent', ${surcharge})) AS detail
         FROM collateral_changed c
        WHERE c.condition <> 'SOUND'`,
      [today],
    );
    const cases = (await tx.query(
      `SELECT DISTINCT case_number FROM collateral_changed
        WHERE old_condition IS NULL OR impairment IS DISTINCT FROM old_impairment`,
    )) as { case_number: string }[];
    const recomputed = await this.recomputeCases(
      tx,
      cases.map((c) => c.case_number),
      today,
    );
    tasksRaised += recomputed.tasksRaised;
    return {
      assetsChanged: changed[0]!.n,
      casesRecomputed: recomputed.cases,
      tasksRaised,
    };
  }

  /**
   * The coverage of each loan: the value its latest valuation report gives the sound pledged
   * assets, times the product's LTV cap of each kind, over the outstanding principal. Below 1
   * the loan is larger than the collateral allows (a shortfall task for the bank); an impaired
   * asset holds new subsidy claims on the loan. Tells the bank and the enterprise of a change.
   */
  async recomputeCases(
    tx: EntityManager,
    caseNumbers: string[],
    today: string,
  ): Promise<{ cases: number; tasksRaised: number }> {
    if (caseNumbers.length === 0) return { cases: 0, tasksRaised: 0 };
    // A table, not `= ANY(array)`: tens of thousands of loans are joined, not scanned per row.
    await tx.query(`DROP TABLE IF EXISTS collateral_recompute`);
    await tx.query(
      `CREATE TEMP TABLE collateral_recompute ON COMMIT DROP AS SELECT DISTINCT unnest($1::text[]) AS case_number`,
      [caseNumbers],
    );
    await tx.query(`ANALYZE collateral_recompute`);
    // The figures with the stored ones beside them, in tables the planner has counted: joining
    // CTEs of 50,000 rows each (a data-modifying one among them) ran as nested loops.
    await tx.query(`DROP TABLE IF EXISTS collateral_valued`);
    await tx.query(
      `CREATE TEMP TABLE collateral_valued ON COMMIT DROP AS
       WITH latest AS (
         SELECT DISTINCT ON (v.case_number) v.case_number, v.report_number, v.assets
           FROM valuation_report v JOIN collateral_recompute r ON r.case_number = v.case_number
          ORDER BY v.case_number, v.base_date DESC, v.submitted_on DESC, v.report_number DESC)
       SELECT l.case_number, l.report_number, e->>'number' AS asset_number, (e->>'value')::numeric AS value
         FROM latest l CROSS JOIN LATERAL jsonb_array_elements(l.assets) e`,
    );
    await tx.query(`ANALYZE collateral_valued`);
    await tx.query(`DROP TABLE IF EXISTS collateral_case_changed`);
    await tx.query(
      `CREATE TEMP TABLE collateral_case_changed ON COMMIT DROP AS
       WITH figures AS (
         SELECT lc.case_number, lc.bank_org_id, 'ENT-' || lc.enterprise_uscc AS enterprise_org_id,
                bool_or(ca.impairment IS NOT NULL) AS impaired,
                coalesce(sum(CASE WHEN ca.impairment IS NULL
                  THEN round(v.value * (lc.detail->'application'->'product'->'ltvByAssetKind'->>a.kind)::numeric, 2)
                  ELSE 0 END), 0) AS secured_value,
                coalesce((lc.detail->'position'->>'outstandingPrincipal')::numeric, lc.amount) AS outstanding_principal,
                max(v.report_number) AS valuation_report,
                string_agg(ca.asset_number || ' ' || ca.impairment, ', ' ORDER BY ca.asset_number)
                  FILTER (WHERE ca.impairment IS NOT NULL) AS reasons
           FROM collateral_recompute r
           JOIN loan_case lc ON lc.case_number = r.case_number
           JOIN collateral_asset ca ON ca.case_number = lc.case_number
           JOIN pledge p ON p.case_number = ca.case_number AND p.asset_number = ca.asset_number AND p.status = 'ACTIVE'
           JOIN ip_asset a ON a.number = ca.asset_number
           LEFT JOIN collateral_valued v ON v.case_number = ca.case_number AND v.asset_number = ca.asset_number
          GROUP BY lc.case_number, lc.bank_org_id, lc.enterprise_uscc, lc.detail, lc.amount),
       computed AS (
         SELECT f.*, CASE WHEN f.outstanding_principal > 0 THEN round(f.secured_value / f.outstanding_principal, 4) END AS coverage,
                f.outstanding_principal > f.secured_value AS shortfall,
                CASE WHEN f.impaired THEN 'collateral impaired: ' || f.reasons END AS subsidy_hold_reason
           FROM figures f)
       SELECT c.*, CASE WHEN c.impaired THEN coalesce(o.impaired_since, $1::date) END AS impaired_since,
              o.case_number IS NOT NULL AS was_stored, o.coverage AS old_coverage, o.shortfall AS old_shortfall,
              o.impaired AS old_impaired
         FROM computed c LEFT JOIN collateral_case o ON o.case_number = c.case_number
        WHERE o.case_number IS NULL OR o.coverage IS DISTINCT FROM c.coverage
           OR o.impaired <> c.impaired OR o.shortfall <> c.shortfall
           OR o.subsidy_hold_reason IS DISTINCT FROM c.subsidy_hold_reason`,
      [today],
    );
    await tx.query(`ANALYZE collateral_case_changed`);
    await tx.query(
      `INSERT INTO collateral_case AS cc (case_number, impaired, impaired_since, secured_value, outstanding_principal,
                                          coverage, shortfall, subsidy_hold_reason, valuation_report, updated_on)
       SELECT case_number, impaired, impaired_since, secured_value, outstanding_principal, coverage, shortfall,
              subsidy_hold_reason, valuation_report, $1::date
         FROM collateral_case_changed
       ON CONFLICT (case_number) DO UPDATE
          SET impaired = EXCLUDED.impaired, impaired_since = EXCLUDED.impaired_since,
              secured_value = EXCLUDED.secured_value, outstanding_principal = EXCLUDED.outstanding_principal,
              coverage = EXCLUDED.coverage, shortfall = EXCLUDED.shortfall,
              subsidy_hold_reason = EXCLUDED.subsidy_hold_reason, valuation_report = EXCLUDED.valuation_report,
              updated_on = EXCLUDED.updated_on`,
      [today],
    );
    // Keyed by transaction: only a change recomputes, so a rerun that changes nothing tells nothing.
    await tx.query(
      `INSERT INTO outbox_event (event_key, event_type, subject, case_number, recipient_org_ids, payload, business_date)
       SELECT 'COLLATERAL_COVERAGE:' || c.case_number || ':' || txid_current() || ':' || coalesce(c.coverage::text, '-'),
              'COLLATERAL_CHANGED', c.case_number, c.case_number, ARRAY[c.bank_org_id, c.enterprise_org_id],
              jsonb_strip_nulls(jsonb_build_object('coverage', c.coverage::text, 'previousCoverage', c.old_coverage::text,
                'impaired', c.impaired, 'shortfall', c.shortfall, 'subsidyHoldReason', c.subsidy_hold_reason)),
              $1::date
         FROM collateral_case_changed c WHERE c.old_coverage IS NOT NULL OR c.impaired OR c.shortfall
       ON CONFLICT (event_key) DO NOTHING`,
      [today],
    );
    await tx.query(
      `UPDATE work_item w SET done_on = $1::date, done_by = 'collateral-watch'
         FROM collateral_case_changed c
        WHERE NOT c.shortfall AND c.old_shortfall AND w.kind = 'COLLATERAL_SHORTFALL'
          AND w.case_number = c.case_number AND w.done_on IS NULL`,
      [today],
    );
    const tasksRaised = await raiseWorkItemsFrom(
      tx,
      `SELECT 'COLLATERAL_SHORTFALL' AS kind, c.case_number || ':' || $1 AS subject, c.bank_org_id AS organisation_id,
              'LOAN_OFFICER' AS role, $1::date AS created_on, c.case_number, NULL::date AS due_on,
              jsonb_build_object(
                'titleZh', '质押物覆盖率不足（' || coalesce(c.coverage::text, '-') || '），请追加担保或提前收回',
                'titleEn', 'Collateral coverage ' || coalesce(c.coverage::text, '-') || ' is below the product''s limit',
                'action', jsonb_build_object('method', 'POST', 'path', '/api/v1/cases/' || c.case_number || '/collateral/decision'),
                'coverage', c.coverage::text, 'securedValue', c.secured_value::text,
                'outstandingPrincipal', c.outstanding_principal::text) AS detail
         FROM collateral_case_changed c
        WHERE c.shortfall AND NOT coalesce(c.old_shortfall, false)`,
      [today],
    );
    const count = (await tx.query(`SELECT count(*)::int AS n FROM collateral_case_changed`)) as {
      n: number;
    }[];
    return { cases: count[0]!.n, tasksRaised };
  }

  /**
   * The dated tasks of a working day: a revaluation for the firm whose report on a live loan
   * has expired, a reminder of each open covenant its reminder period before it falls due, and a
   * breach check once its deadline (moved to a working day) has passed.
   */
  async raiseDatedTasks(tx: EntityManager, dates: DatedWatchDates): Promise<number> {
    const today = dates.businessDate;
    let raised = await raiseWorkItemsFrom(
      tx,
      `WITH latest AS (
         SELECT DISTINCT ON (v.case_number) v.case_number, v.report_number, v.firm_org_id, v.valid_until
           FROM valuation_report v JOIN loan_case lc ON lc.case_number = v.case_number AND lc.status = ANY($2)
          ORDER BY v.case_number, v.base_date DESC, v.submitted_on DESC, v.report_number DESC)
       SELECT 'REVALUATION_DUE' AS kind, l.case_number || ':' || l.report_number AS subject,
              l.firm_org_id AS organisation_id, 'EVALUATOR' AS role, $1::date AS created_on, l.case_number,
              NULL::date AS due_on,
              jsonb_build_object(
                'titleZh', '评估报告已过有效期，请重新评估：' || l.case_number,
                'titleEn', 'Valuation report ' || l.report_number || ' has expired: revalue ' || l.case_number,
                'action', jsonb_build_object('method', 'POST', 'path', '/api/v1/cases/' || l.case_number || '/revaluation'),
                'reportNumber', l.report_number, 'validUntil', l.valid_until) AS detail
         FROM latest l WHERE l.valid_until < $1::date`,
      [today, LIVE_LOAN],
    );
    const horizons = Object.entries(dates.reminderHorizons);
    raised += await raiseWorkItemsFrom(
      tx,
      `WITH horizon AS (SELECT * FROM unnest($2::int[], $3::date[]) AS h(days, until))
       SELECT 'COVENANT_REMINDER' AS kind, k.id::text AS subject, lc.bank_org_id AS organisation_id,
              'LOAN_OFFICER' AS role, $1::date AS created_on, k.case_number, k.due_on,
              jsonb_build_object('titleZh', '约定事项即将到期：' || k.title, 'titleEn', 'Covenant falls due: ' || k.title,
                'action', jsonb_build_object('method', 'GET', 'path', '/api/v1/cases/' || k.case_number || '/covenants'),
                'covenantId', k.id) AS detail
         FROM covenant k
         JOIN horizon h ON h.days = k.reminder_working_days
         JOIN loan_case lc ON lc.case_number = k.case_number AND lc.status = ANY($4)
        WHERE k.status = 'OPEN' AND k.reminder_working_days > 0 AND k.due_on <= h.until AND k.due_on >= $1::date`,
      [
        today,
        horizons.map(([days]) => Number(days)),
        horizons.map(([, until]) => until),
        LIVE_LOAN,
      ],
    );
    // The enterprise hears of the reminder too: it is the one to deliver.
    await tx.query(
      `INSERT INTO outbox_event (event_key, event_type, subject, case_number, recipient_org_ids, payload, business_date)
       SELECT 'COVENANT_REMINDER:' || w.subject, 'COLLATERAL_NOTICE', w.subject, w.case_number,
              ARRAY[lc.bank_org_id, 'ENT-' || lc.enterprise_uscc],
              jsonb_build_object('covenantId', k.id, 'title', k.title, 'dueOn', k.due_on), $1::date
         FROM work_item w JOIN covenant k ON k.id::text = w.subject JOIN loan_case lc ON lc.case_number = k.case_number
        WHERE w.kind = 'COVENANT_REMINDER' AND w.created_on = $1::date
       ON CONFLICT (event_key) DO NOTHING`,
      [today],
    );
    raised += await raiseWorkItemsFrom(
      tx,
      `SELECT 'COVENANT_BREACH_CHECK' AS kind, k.id::text AS subject, lc.bank_org_id AS organisation_id,
              'LOAN_OFFICER' AS role, $1::date AS created_on, k.case_number, k.due_on,
              jsonb_build_object('titleZh', '约定事项已过期限，请登记履行或违约：' || k.title,
                'titleEn', 'Covenant past its deadline: record fulfilment or breach: ' || k.title,
                'action', jsonb_build_object('method', 'POST', 'path', '/api/v1/cases/' || k.case_number || '/covenants/' || k.id || '/resolution'),
                'covenantId', k.id) AS detail
         FROM covenant k JOIN loan_case lc ON lc.case_number = k.case_number AND lc.status = ANY($3)
        WHERE k.status = 'OPEN' AND k.due_on <= $2::date`,
      [today, dates.previousWorkingDay, LIVE_LOAN],
    );
    return raised;
  }

  /** The reminder periods (working days) of the open covenants, for their horizons. */
  async reminderPeriods(): Promise<number[]> {
    const rows = (await this.db.query(
      `SELECT DISTINCT reminder_working_days AS days FROM covenant WHERE status = 'OPEN' AND reminder_working_days > 0`,
    )) as { days: number }[];
    return rows.map((r) => r.days);
  }
}

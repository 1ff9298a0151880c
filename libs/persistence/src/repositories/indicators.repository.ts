import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseStatus } from '../../../domain/src/loan-case/loan-case.states';
import { GenerationCache, readModelGeneration } from './read-model-generation';

/** Which figures: a calendar year, counted up to `asOf`, optionally of one district or bank. */
export interface IndicatorFilter {
  year: number;
  asOf: string;
  districtCode: string | null;
  bankOrgId: string | null;
}

export interface StageMedian {
  from: CaseStatus;
  to: CaseStatus;
  /** Median working days, one decimal; null when no case went through the stage. */
  median: string | null;
  cases: number;
}

export interface IndicatorFigures {
  registeredPledge: {
    amount: string;
    projects: number;
    previousAmount: string;
    previousProjects: number;
    amountGrowth: string | null;
    projectsGrowth: string | null;
  };
  outstandingBalance: string;
  firstTimeBorrowers: number;
  subsidiesPaid: { kind: string; districtCode: string; amount: string; claims: number }[];
  budgetUse: {
    districtCode: string;
    kind: string;
    year: number;
    total: string;
    reserved: string;
    paid: string;
  }[];
  defaults: { count: number; principal: string };
  compensation: { paid: string; recovered: string };
  disposal: { settled: number; recovered: string; claimed: string; recoveryRate: string | null };
  stages: StageMedian[];
}

/** Yuan text with two decimals of a numeric sum, "0.00" when nothing was summed. */
const yuan = (sum: string) => `COALESCE(${sum}, 0)::numeric(20,2)::text`;
/** The same for a sum of fen. */
const yuanOfFen = (sum: string) => `(COALESCE(${sum}, 0)::numeric / 100)::numeric(20,2)::text`;
/** A ratio with four decimals (half away from zero), null when the base is zero. */
const ratio = (part: string, base: string) =>
  `CASE WHEN ${base} = 0 THEN NULL ELSE round((${part})::numeric / ${base}, 4)::text END`;

/**
 * The programme's figures, each one aggregate query over the tables where the facts are
 * recorded (registrations, the ledger, subsidy claims and pools, defaults, compensation,
 * disposals, the case timeline). Every date is a business date; nothing after `asOf` counts.
 */
@Injectable()
export class IndicatorsRepository {
  private readonly cache = new GenerationCache<IndicatorFigures>(64);

  constructor(private readonly db: DataSource) {}

  /**
   * The figures, computed once per read-model generation: while nothing they read changed,
   * the answer computed before is the answer, and identical requests meanwhile share one
   * computation.
   */
  async figures(
    filter: IndicatorFilter,
    stages: readonly (readonly [CaseStatus, CaseStatus])[],
  ): Promise<IndicatorFigures> {
    const key = JSON.stringify([
      filter.year,
      filter.asOf,
      filter.districtCode,
      filter.bankOrgId,
      stages,
    ]);
    return this.cache.get(key, await readModelGeneration(this.db), () =>
      this.computeFigures(filter, stages),
    );
  }

  /**
   * The figures and the generation they are of, read in one repeatable-read snapshot, so the
   * generation says exactly which writes the figures include.
   */
  computeFigures(
    filter: IndicatorFilter,
    stages: readonly (readonly [CaseStatus, CaseStatus])[],
  ): Promise<{ generation: number; value: IndicatorFigures }> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const generation = await readModelGeneration(tx);
      const figures = await this.aggregates(tx, filter);
      const value = { ...figures, stages: await this.stageMedians(tx, filter, stages) };
      return { generation, value };
    });
  }

  private async aggregates(
    tx: EntityManager,
    filter: IndicatorFilter,
  ): Promise<Omit<IndicatorFigures, 'stages'>> {
    const params: unknown[] = [filter.year, filter.asOf];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // $1 the year, $2 the as-of date; the case's district and bank narrow every figure.
    const scope = (alias: string) =>
      [
        filter.districtCode ? `${alias}.district_code = ${param(filter.districtCode)}` : 'true',
        filter.bankOrgId ? `${alias}.bank_org_id = ${param(filter.bankOrgId)}` : 'true',
      ].join(' AND ');
    const inYear = (column: string) =>
      `${column} >= make_date($1, 1, 1) AND ${column} < make_date($1 + 1, 1, 1) AND ${column} <= $2::date`;

    const sql = `
      WITH registered AS (
        SELECT f.case_number, min(f.registered_on) AS registered_on
          FROM registration_filing f
         WHERE f.outcome = 'ACCEPTED' AND f.registered_on <= $2::date
         GROUP BY f.case_number
      ), registrations AS (
        SELECT COALESCE(sum(c.amount) FILTER (WHERE r.registered_on >= make_date($1, 1, 1)), 0) AS amount,
               count(*) FILTER (WHERE r.registered_on >= make_date($1, 1, 1)) AS projects,
               COALESCE(sum(c.amount) FILTER (WHERE r.registered_on < make_date($1, 1, 1)), 0) AS previous_amount,
               count(*) FILTER (WHERE r.registered_on < make_date($1, 1, 1)) AS previous_projects
          FROM registered r JOIN loan_case c ON c.case_number = r.case_number
         WHERE r.registered_on >= make_date($1 - 1, 1, 1) AND r.registered_on < make_date($1 + 1, 1, 1)
           AND ${scope('c')}
      ), loans AS NOT MATERIALIZED (
        -- Loans out on the date: disbursed, neither settled by a disposal nor written off.
        SELECT c.case_number, c.outstanding_principal
          FROM disbursement d JOIN loan_case c ON c.case_number = d.case_number
         WHERE d.value_date <= $2::date AND ${scope('c')}
           AND NOT EXISTS (SELECT 1 FROM disposal_distribution x
                            WHERE x.case_number = c.case_number AND x.settled_on <= $2::date)
           AND NOT EXISTS (SELECT 1 FROM loan_write_off w
                            WHERE w.case_number = c.case_number AND w.written_off_on <= $2::date)
      ), paid AS (
        SELECT l.case_number, COALESCE(sum(r.amount), 0) AS total
          FROM loans l LEFT JOIN repayment r ON r.case_number = l.case_number AND r.value_date <= $2::date
         GROUP BY l.case_number
      ), instalments AS (
        -- Repayments go to the oldest instalment first, interest before principal.
        SELECT s.principal, s.interest,
               LEAST(GREATEST(p.total - COALESCE(sum(s.principal + s.interest) OVER (
                       PARTITION BY s.case_number ORDER BY s.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0), 0),
                     s.principal + s.interest) AS received
          FROM schedule_instalment s JOIN paid p ON p.case_number = s.case_number
      ), first_loans AS (
        -- Each enterprise's first disbursed loan anywhere in the programme.
        SELECT DISTINCT ON (c.enterprise_uscc) c.enterprise_uscc, c.district_code, c.bank_org_id, d.value_date
          FROM disbursement d JOIN loan_case c ON c.case_number = d.case_number
         ORDER BY c.enterprise_uscc, d.value_date, d.case_number
      )
      SELECT
        (SELECT json_build_object(
                  'amount', ${yuan('amount')}, 'projects', projects::integer,
                  'previousAmount', ${yuan('previous_amount')}, 'previousProjects', previous_projects::integer,
                  'amountGrowth', ${ratio('amount - previous_amount', 'previous_amount')},
                  'projectsGrowth', ${ratio('projects - previous_projects', 'previous_projects')})
           FROM registrations) AS "registeredPledge",
        -- With no repayment valued after the date, what each loan owes on it is what it owes now:
        -- the principal column that every booking refreshes (loan_case_refresh_account, the
        -- same allocation as instalments). Only an earlier date walks the ledger.
        ${yuan(`CASE WHEN NOT EXISTS (SELECT 1 FROM repayment WHERE value_date > $2::date)
                     THEN (SELECT sum(outstanding_principal) FROM loans)
                     ELSE (SELECT sum(principal - GREATEST(received - interest, 0)) FROM instalments) END`)} AS "outstandingBalance",
        (SELECT count(*)::integer FROM first_loans c WHERE ${inYear('c.value_date')} AND ${scope('c')}) AS "firstTimeBorrowers",
        (SELECT COALESCE(json_agg(json_build_object('kind', kind, 'districtCode', district_code,
                                                     'amount', amount, 'claims', claims)
                                  ORDER BY district_code, kind), '[]'::json)
           FROM (SELECT c.kind, c.district_code, ${yuanOfFen('sum(c.paid_fen)')} AS amount, count(*)::integer AS claims
                   FROM subsidy_claim c
                  WHERE c.status = 'PAID' AND ${inYear('c.paid_on')} AND ${scope('c')}
                  GROUP BY c.kind, c.district_code) s) AS "subsidiesPaid",
        (SELECT COALESCE(json_agg(json_build_object('districtCode', p.district_code, 'kind', p.kind, 'year', p.budget_year,
                                                     'total', ${yuanOfFen('p.total_fen')},
                                                     'reserved', ${yuanOfFen('p.reserved_fen')},
                                                     'paid', ${yuanOfFen('p.paid_fen')})
                                  ORDER BY p.district_code, p.kind), '[]'::json)
           FROM budget_pool p
          WHERE p.budget_year = $1 AND ${filter.bankOrgId ? 'false' : filter.districtCode ? `p.district_code = ${param(filter.districtCode)}` : 'true'}
        ) AS "budgetUse",
        (SELECT json_build_object('count', count(*)::integer, 'principal', ${yuan('sum(d.principal_outstanding)')})
           FROM loan_default d JOIN loan_case c ON c.case_number = d.case_number
          WHERE ${inYear('d.business_date')} AND ${scope('c')}) AS defaults,
        json_build_object(
          'paid', (SELECT ${yuanOfFen('sum(p.amount_fen)')}
                     FROM compensation_payment p JOIN loan_case c ON c.case_number = p.case_number
                    WHERE ${inYear('p.paid_on')} AND ${scope('c')}),
          'recovered', (SELECT ${yuan('sum(x.fund + x.insurer)')}
                          FROM disposal_distribution x JOIN loan_case c ON c.case_number = x.case_number
                         WHERE ${inYear('x.settled_on')} AND ${scope('c')})) AS compensation,
        (SELECT json_build_object('settled', count(*)::integer, 'recovered', ${yuan('sum(x.proceeds)')},
                                  'claimed', ${yuan('sum(d.principal_outstanding)')},
                                  'recoveryRate', ${ratio('COALESCE(sum(x.proceeds), 0)', 'COALESCE(sum(d.principal_outstanding), 0)')})
           FROM disposal_distribution x JOIN loan_case c ON c.case_number = x.case_number
           LEFT JOIN loan_default d ON d.case_number = x.case_number
          WHERE ${inYear('x.settled_on')} AND ${scope('c')}) AS disposal`;
    const [figures] = await tx.query(sql, params);
    return figures;
  }

  /**
   * Median working days of each stage over the cases disbursed in the year (by the business
   * date of their disbursement), from the first business date each entered the stage's first
   * status to the first it entered the second.
   */
  private async stageMedians(
    tx: EntityManager,
    filter: IndicatorFilter,
    stages: readonly (readonly [CaseStatus, CaseStatus])[],
  ): Promise<StageMedian[]> {
    const params: unknown[] = [
      filter.year,
      filter.asOf,
      stages.map(([from]) => from),
      stages.map(([, to]) => to),
      filter.districtCode,
      filter.bankOrgId,
    ];
    const rows: { ord: number; median: string | null; cases: number }[] = await tx.query(
      `WITH disbursed AS (
         SELECT DISTINCT e.case_number
           FROM case_event e JOIN loan_case c ON c.case_number = e.case_number
          WHERE e.event = 'DISBURSE' AND e.business_date >= make_date($1, 1, 1)
            AND e.business_date < make_date($1 + 1, 1, 1) AND e.business_date <= $2::date
            AND ($5::text IS NULL OR c.district_code = $5) AND ($6::text IS NULL OR c.bank_org_id = $6)
       ), milestones AS (
         SELECT e.case_number, e.to_status, min(e.business_date) AS entered_on
           FROM case_event e JOIN disbursed d ON d.case_number = e.case_number
          GROUP BY e.case_number, e.to_status
       )
       SELECT s.ord::integer AS ord, count(*)::integer AS cases,
              round(percentile_cont(0.5) WITHIN GROUP (
                ORDER BY CASE WHEN t.day IS NOT NULL THEN t.n - f.n
                              ELSE working_days_between(a.entered_on, b.entered_on) END)::numeric, 1)::text AS median
         FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS s(from_status, to_status, ord)
         JOIN milestones a ON a.to_status = s.from_status
         JOIN milestones b ON b.case_number = a.case_number AND b.to_status = s.to_status
         -- Two dates of one run of covered years are apart by the difference of their stored
         -- working-day ordinals; counting day by day for each pair was most of the figures' time.
         LEFT JOIN working_day_ordinal f ON f.day = a.entered_on
         LEFT JOIN working_day_ordinal t ON t.day = b.entered_on AND t.island = f.island
        GROUP BY s.ord`,
      params,
    );
    return stages.map(([from, to], index) => {
      const row = rows.find((r) => r.ord === index + 1);
      return { from, to, median: row?.median ?? null, cases: row?.cases ?? 0 };
    });
  }
}

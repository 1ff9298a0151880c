import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  CASE_STEP_TASKS,
  defaultTaskSlas,
  FALLBACK_TASK_SLA,
  type TaskSla,
  type TaskSlaState,
} from '../../../../domain/src/tasks/tasks';
import { GenerationCache, readModelGeneration } from '../read-model-generation';

/** Whose inbox: one role of one organisation, or every organisation (close of business). */
export interface InboxReader {
  userId: string;
  role: string;
  organisationId: string;
  /** Roles whose late tasks this role also sees (escalation). */
  escalatedFrom: readonly string[];
}

export interface InboxFilter {
  kinds?: readonly string[];
  sla?: TaskSlaState;
  caseNumber?: string;
  sort: 'deadline' | '-deadline' | 'since';
  page: number;
  pageSize: number;
}

/** One task as the query finds it; the service turns it into the API's shape. */
export interface InboxRow {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  caseNumber: string | null;
  label: string;
  organisationId: string;
  roles: string[];
  /** The row of a transition table the task's action fires, or null for a work item. */
  process: string | null;
  event: string;
  params: Record<string, string>;
  /** A work item's own title and action (its `detail`). */
  detail: Record<string, unknown> | null;
  since: string;
  deadline: string | null;
  workingDaysAllowed: number | null;
  workingDaysLeft: number | null;
  sla: TaskSlaState;
  escalated: boolean;
}

export interface InboxPage {
  items: InboxRow[];
  total: number;
  counts: Record<string, number>;
  late: number;
  dueSoon: number;
}

/** A task that became late, for its TASK_LATE event. */
export interface LateTask {
  id: string;
  kind: string;
  caseNumber: string | null;
  organisationId: string;
  roles: string[];
  deadline: string;
}

/**
 * Every task waiting on someone, as one SQL query over the read models: each branch of the
 * UNION reads one source (cases by state, default proposals, compensation claims, subsidy claims,
 * disposals, proposed top-ups, open work items) and says which organisation and roles it waits
 * on, the user it is assigned to and the users excluded from it (four eyes), and the business
 * date it began. Branches filter by the reader's organisation (`$2`, or none at close of
 * business), so each uses its own index.
 */
const TASKS = `
  case_steps AS (
    SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS s (status, kind, event, role)
  ),
  tasks AS (
    SELECT 'case:' || c.case_number || ':' || s.kind AS id, s.kind, 'CASE' AS subject_type,
           c.case_number AS subject_id, c.case_number, c.enterprise_name || ' · ' || ${yuan('c.amount')} AS label,
           c.bank_org_id AS org_id, ARRAY[s.role] AS roles,
           CASE WHEN s.role = 'LOAN_OFFICER' THEN COALESCE(c.owner_user_id, c.preparer_user_id) END AS assignee,
           CASE WHEN s.role = 'CREDIT_APPROVER' THEN ARRAY[c.preparer_user_id] ELSE '{}'::text[] END AS excluded,
           ${enteredOn('c')} AS since, NULL::date AS due_on,
           'loan-case' AS process, s.event, jsonb_build_object('id', c.case_number) AS params, NULL::jsonb AS detail
      FROM loan_case c JOIN case_steps s ON s.status = c.status
     WHERE ($2::text IS NULL OR c.bank_org_id = $2)
    UNION ALL
    SELECT 'case:' || c.case_number || ':VALUATION_REPORT', 'VALUATION_REPORT', 'CASE', c.case_number, c.case_number,
           c.enterprise_name || ' · ' || ${yuan('c.amount')}, p.organisation_id, ARRAY['EVALUATOR'], NULL, '{}',
           ${enteredOn('c')}, NULL, 'loan-case', 'SUBMIT_VALUATION', jsonb_build_object('id', c.case_number), NULL
      FROM loan_case c
      JOIN case_party p ON p.case_number = c.case_number AND p.party_kind = 'VALUATION'
                       AND p.organisation_id = c.detail->'valuationRequest'->>'firmOrgId'
     WHERE c.status = 'VALUATION' AND ($2::text IS NULL OR p.organisation_id = $2)
    UNION ALL
    SELECT 'case:' || c.case_number || ':REGISTRATION_DECISION', 'REGISTRATION_DECISION', 'CASE', c.case_number,
           c.case_number, c.enterprise_name || ' · ' || ${yuan('c.amount')}, p.organisation_id,
           ARRAY['REGISTRATION_CLERK'], NULL, '{}', ${enteredOn('c')}, NULL, 'loan-case', 'ACCEPT_REGISTRATION',
           jsonb_build_object('id', c.case_number), NULL
      FROM loan_case c
      JOIN case_party p ON p.case_number = c.case_number AND p.party_kind = 'REGISTRATION'
     WHERE c.status = 'REGISTERING' AND ($2::text IS NULL OR p.organisation_id = $2)
    UNION ALL
    SELECT 'case:' || c.case_number || ':DEFAULT_CONFIRMATION', 'DEFAULT_CONFIRMATION', 'CASE', c.case_number,
           c.case_number, c.enterprise_name || ' · ' || ${yuan('c.amount')}, c.bank_org_id, ARRAY['CREDIT_APPROVER'],
           NULL, ARRAY[d.proposed_by], d.proposed_on, NULL, 'loan-case', 'DECLARE_DEFAULT',
           jsonb_build_object('id', c.case_number), NULL
      FROM default_proposal d JOIN loan_case c ON c.case_number = d.case_number
     WHERE d.status = 'PENDING' AND c.status IN ('ACTIVE', 'OVERDUE')
       AND ($2::text IS NULL OR c.bank_org_id = $2)
    UNION ALL
    SELECT 'compensation-claim:' || k.claim_id || ':' || x.kind, x.kind, 'COMPENSATION_CLAIM', k.claim_id,
           c.case_number, c.enterprise_name || ' · ' || ${yuan('k.share_fen / 100.0')}, k.payer_org_id,
           ARRAY[CASE k.payer WHEN 'INSURER' THEN 'INSURER' ELSE 'FUND_MANAGER' END], NULL,
           -- Who confirmed or reviewed a claim does not pay it.
           CASE WHEN k.status = 'FILED' THEN '{}'::text[] ELSE ARRAY[k.steps->-1->>'userId'] END,
           CASE WHEN k.status = 'FILED' THEN GREATEST(k.filed_on, k.eligible_on) ELSE (k.steps->-1->>'on')::date END,
           NULL, 'loan-case', x.event, jsonb_build_object('id', c.case_number, 'claimId', k.claim_id), NULL
      FROM compensation_claim k
      JOIN loan_case c ON c.case_number = k.case_number
      CROSS JOIN LATERAL (SELECT
             CASE WHEN k.status <> 'FILED' THEN 'COMPENSATION_PAYMENT'
                  WHEN k.payer = 'INSURER' THEN 'COMPENSATION_CONFIRMATION' ELSE 'COMPENSATION_REVIEW' END AS kind,
             CASE WHEN k.payer = 'INSURER' THEN CASE WHEN k.status = 'FILED' THEN 'CONFIRM_INSURANCE_CLAIM' ELSE 'PAY_INSURANCE_CLAIM' END
                  ELSE CASE WHEN k.status = 'FILED' THEN 'REVIEW_FUND_CLAIM' ELSE 'PAY_FUND_CLAIM' END END AS event) x
     WHERE k.status <> 'PAID' AND c.status IN ('COMPENSATION', 'DISPOSAL')
       -- The fund may review a claim only once its trigger days have passed.
       AND (k.status <> 'FILED' OR k.eligible_on <= $1)
       AND ($2::text IS NULL OR k.payer_org_id = $2)
    UNION ALL
    SELECT 'subsidy-claim:' || s.id || ':' || x.kind, x.kind, 'SUBSIDY_CLAIM', s.id, s.case_number,
           s.enterprise_name || ' · ' || ${yuan('s.amount_fen / 100.0')}, x.org_id, x.roles, NULL, x.excluded, x.since,
           NULL, 'subsidy-claim', x.event, jsonb_build_object('id', s.id), NULL
      FROM subsidy_claim s
      CROSS JOIN LATERAL (
        SELECT 'PREMIUM_CONFIRMATION' AS kind, 'CONFIRM_PREMIUM' AS event, s.insurer_org_id AS org_id,
               ARRAY['INSURER'] AS roles, '{}'::text[] AS excluded, s.submitted_on AS since
         WHERE s.status = 'AWAITING_INSURER'
        UNION ALL
        SELECT CASE WHEN s.status = 'APPROVED' THEN 'CLAIM_PAYMENT'
                    WHEN s.status = 'REVIEWED' OR s.reviewed_by IS NOT NULL THEN 'CLAIM_APPROVAL' ELSE 'CLAIM_REVIEW' END,
               CASE WHEN s.status = 'APPROVED' THEN 'PAY'
                    WHEN s.status = 'REVIEWED' THEN 'APPROVE'
                    WHEN s.reviewed_by IS NOT NULL THEN 'APPROVE_FROM_WAITLIST'
                    WHEN s.status = 'WAITLISTED' THEN 'REVIEW_WAITLISTED' ELSE 'REVIEW' END,
               o.id,
               CASE WHEN s.status = 'APPROVED' THEN ARRAY['DISTRICT_REVIEWER', 'DISTRICT_APPROVER']
                    WHEN s.status = 'REVIEWED' OR s.reviewed_by IS NOT NULL THEN ARRAY['DISTRICT_APPROVER']
                    ELSE ARRAY['DISTRICT_REVIEWER'] END,
               -- Four eyes: the reviewer does not approve, the approver does not pay.
               CASE WHEN s.status = 'APPROVED' THEN ARRAY[s.approved_by]
                    WHEN s.reviewed_by IS NOT NULL THEN ARRAY[s.reviewed_by] ELSE '{}'::text[] END,
               CASE WHEN s.status = 'APPROVED' THEN s.approved_on
                    WHEN s.reviewed_by IS NOT NULL THEN s.reviewed_on
                    ELSE COALESCE(s.insurer_confirmed_on, s.submitted_on) END
          FROM organisation o
         WHERE o.kind = 'DISTRICT' AND o.district_code = s.district_code
           AND s.status IN ('SUBMITTED', 'WAITLISTED', 'REVIEWED', 'APPROVED')
      ) x
     WHERE s.status IN ('AWAITING_INSURER', 'SUBMITTED', 'WAITLISTED', 'REVIEWED', 'APPROVED')
       AND ($2::text IS NULL OR x.org_id = $2)
    UNION ALL
    SELECT 'disposal:' || d.case_number || ':' || x.kind, x.kind, 'DISPOSAL', d.case_number, d.case_number,
           c.enterprise_name || ' · ' || ${yuan('c.amount')}, x.org_id, ARRAY[x.role],
           CASE WHEN x.role = 'LOAN_OFFICER' THEN COALESCE(c.owner_user_id, c.preparer_user_id) END,
           x.excluded, COALESCE(x.since, (SELECT max(e.business_date) FROM disposal_event e
                                            WHERE e.case_number = d.case_number AND e.event = ANY($7::text[])), d.started_on),
           NULL, 'disposal', x.event, jsonb_build_object('id', d.case_number), NULL
      FROM disposal d
      JOIN loan_case c ON c.case_number = d.case_number
      LEFT JOIN disposal_round r ON r.case_number = d.case_number AND r.outcome = 'OPEN'
      CROSS JOIN LATERAL (
        SELECT 'DISPOSAL_METHOD' AS kind, 'CHOOSE_ROUND_METHOD' AS event, d.bank_org_id AS org_id,
               'LOAN_OFFICER' AS role, '{}'::text[] AS excluded, NULL::date AS since
         WHERE d.status = 'AWAITING_METHOD'
        UNION ALL
        SELECT 'SALE_COMPLETION', 'COMPLETE_SALE', d.bank_org_id, 'LOAN_OFFICER', '{}', NULL WHERE d.status = 'SALE_AGREED'
        UNION ALL
        SELECT 'DISPOSAL_VALUATION', 'SUBMIT_VALUATION', c.detail->'valuationRequest'->>'firmOrgId', 'EVALUATOR', '{}', NULL
         WHERE d.status = 'AWAITING_VALUATION'
        UNION ALL
        SELECT CASE WHEN r.round IS NULL THEN 'ROUND_OPEN' ELSE 'ROUND_CLOSE' END,
               CASE WHEN r.round IS NULL THEN 'OPEN_ROUND' ELSE 'CLOSE_ROUND_SOLD' END,
               p.organisation_id, 'EXCHANGE_OPERATOR', '{}', r.closes_on
          FROM case_party p
         WHERE p.case_number = d.case_number AND p.party_kind = 'DISPOSAL' AND d.status = 'AUCTION'
           -- An open round waits for bids until it ends.
           AND (r.round IS NULL OR r.closes_on <= $1)
        UNION ALL
        SELECT CASE WHEN d.status = 'AWAITING_APPROVAL' THEN 'SALE_APPROVAL' ELSE 'WRITE_OFF_APPROVAL' END,
               CASE WHEN d.status = 'AWAITING_APPROVAL' THEN 'APPROVE_SALE' ELSE 'APPROVE_WRITE_OFF' END,
               o.id, 'ADMINISTRATOR',
               COALESCE((SELECT ARRAY[w.proposed_by] FROM disposal_write_off_approval w
                          WHERE w.case_number = d.case_number AND d.status = 'AWAITING_WRITE_OFF_APPROVAL'), '{}'),
               NULL
          FROM organisation o
         WHERE o.kind = 'MUNICIPAL_IP_OFFICE' AND d.status IN ('AWAITING_APPROVAL', 'AWAITING_WRITE_OFF_APPROVAL')
      ) x
     WHERE d.status IN ('AWAITING_METHOD', 'SALE_AGREED', 'AWAITING_VALUATION', 'AUCTION', 'AWAITING_APPROVAL',
                        'AWAITING_WRITE_OFF_APPROVAL')
       AND ($2::text IS NULL OR x.org_id = $2)
    UNION ALL
    SELECT 'top-up:' || t.id || ':TOP_UP_APPROVAL', 'TOP_UP_APPROVAL', 'TOP_UP', t.id::text, NULL,
           t.target_key || ' · ' || ${yuan('t.amount_fen / 100.0')}, t.organisation_id,
           ARRAY[CASE t.target WHEN 'BUDGET_POOL' THEN 'DISTRICT_APPROVER' ELSE 'FUND_MANAGER' END], NULL,
           ARRAY[t.proposed_by], t.proposed_on, NULL, NULL, 'APPROVE_TOP_UP',
           jsonb_build_object('id', t.id::text, 'target', t.target, 'targetKey', t.target_key), NULL
      FROM top_up t
     WHERE t.status = 'PROPOSED' AND ($2::text IS NULL OR t.organisation_id = $2)
    UNION ALL
    SELECT 'work-item:' || w.id, w.kind, 'WORK_ITEM', w.subject, w.case_number,
           COALESCE(w.detail->>'titleZh', w.kind) || ' · ' || w.subject, w.organisation_id, ARRAY[w.role], NULL, '{}',
           w.created_on, w.due_on, NULL, w.kind, jsonb_build_object('subject', w.subject), w.detail
      FROM work_item w
     WHERE w.done_on IS NULL AND ($2::text IS NULL OR w.organisation_id = $2)
  ),`;

/**
 * The tasks with their limits (the organisation kind's row of `task_sla`, else the default, else
 * the fallback), deadline, working days left and SLA state on the business date `$1`, counted in
 * working-day ordinals (`working_day_ordinal`, kept by the calendar's triggers).
 */
const TIMED = `
  defaults AS (
    SELECT * FROM unnest($8::text[], $9::text[], $10::int[], $11::int[]) AS d (organisation_kind, task_kind, working_days, due_soon_days)
  ),
  limited AS (
    SELECT t.*, o.kind AS organisation_kind,
           COALESCE(s.working_days, d.working_days, $12::int) AS allowed,
           COALESCE(s.due_soon_days, d.due_soon_days, $13::int) AS due_soon
      FROM tasks t
      JOIN organisation o ON o.id = t.org_id
      LEFT JOIN task_sla s ON s.organisation_kind = o.kind AND s.task_kind = t.kind
      LEFT JOIN defaults d ON d.organisation_kind = o.kind AND d.task_kind = t.kind
  ),
  started AS (
    -- A scalar subquery, so that the lookup of the deadline's ordinal uses both columns of its
    -- index: as a join, the planner scanned the whole island for every task.
    SELECT l.*, b.n AS since_n,
           COALESCE(l.due_on, (SELECT w.day FROM working_day_ordinal w
                                WHERE w.island = b.island AND w.n = b.n + l.allowed AND w.working)) AS deadline
      FROM limited l
      LEFT JOIN working_day_ordinal b ON b.day = l.since
  ),
  dated AS (
    SELECT t.*, dd.n AS deadline_n, dd.island AS deadline_island
      FROM started t
      LEFT JOIN working_day_ordinal dd ON dd.day = t.deadline
  ),
  today AS (SELECT island, n FROM working_day_ordinal WHERE day = $1::date),
  timed AS (
    SELECT x.*,
           CASE WHEN x.deadline IS NULL THEN 'ON_TIME'
                WHEN $1::date > x.deadline THEN 'LATE'
                WHEN x.days_left IS NOT NULL AND x.days_left <= x.due_soon THEN 'DUE_SOON'
                ELSE 'ON_TIME' END AS sla
      FROM (SELECT d.*,
                   -- Scalar subqueries: today's number is looked up once, not per task.
                   CASE WHEN d.deadline_island = (SELECT island FROM today)
                        THEN (d.deadline_n - (SELECT n FROM today))::int END AS days_left,
                   CASE WHEN d.due_on IS NULL THEN d.allowed
                        WHEN d.deadline_n IS NOT NULL AND d.since_n IS NOT NULL THEN (d.deadline_n - d.since_n)::int END AS days_allowed
              FROM dated d) x
  )`;

function yuan(expression: string): string {
  return `to_char(${expression}, 'FM999,999,999,999,990.00') || ' 元'`;
}

/** The business date a case entered its current state: its latest move into it. */
function enteredOn(alias: string): string {
  return `COALESCE((SELECT max(e.business_date) FROM case_event e
                     WHERE e.case_number = ${alias}.case_number AND e.to_status = ${alias}.status
                       AND e.from_status IS DISTINCT FROM e.to_status), ${alias}.application_date)`;
}

/** Disposal timeline labels that move its state: the latest one says since when it waits. */
const DISPOSAL_STATE_EVENTS = [
  'START',
  'SUBMIT_VALUATION',
  'CHOOSE_METHOD',
  'CLOSE_ROUND',
  'PROPOSE_SALE',
  'APPROVE_SALE',
  'PROPOSE_WRITE_OFF',
];

const COLUMNS = `id, kind, subject_type AS "subjectType", subject_id AS "subjectId", case_number AS "caseNumber",
  label, org_id AS "organisationId", roles, process, event, params, detail,
  to_char(since, 'YYYY-MM-DD') AS since, to_char(deadline, 'YYYY-MM-DD') AS deadline,
  days_allowed AS "workingDaysAllowed", days_left AS "workingDaysLeft", sla`;

const ORDER = {
  deadline: 'deadline ASC NULLS LAST, since ASC, id ASC',
  '-deadline': 'deadline DESC NULLS LAST, since DESC, id ASC',
  since: 'since ASC, deadline ASC NULLS LAST, id ASC',
} as const;

/** The work inbox's reads and its time limits. */
@Injectable()
export class InboxRepository {
  /** Pages per reader, filter and business date, exact for the generation they were read at. */
  private readonly pages = new GenerationCache<InboxPage>(512);

  constructor(private readonly db: DataSource) {}

  /** The common parameters $1–$13 of the task query. */
  private baseParams(today: string, organisationId: string | null): unknown[] {
    const defaults = defaultTaskSlas();
    return [
      today,
      organisationId,
      CASE_STEP_TASKS.map((s) => s.status),
      CASE_STEP_TASKS.map((s) => s.kind),
      CASE_STEP_TASKS.map((s) => s.event),
      CASE_STEP_TASKS.map((s) => s.role),
      DISPOSAL_STATE_EVENTS,
      defaults.map((d) => d.organisationKind),
      defaults.map((d) => d.taskKind),
      defaults.map((d) => d.workingDays),
      defaults.map((d) => d.dueSoonDays),
      FALLBACK_TASK_SLA.workingDays,
      FALLBACK_TASK_SLA.dueSoonDays,
    ];
  }

  /**
   * The reader's tasks on `today`: those waiting on its role (and on it, where assigned; never
   * where four eyes exclude it), and the late tasks of the roles it supervises (escalated),
   * filtered, counted per kind and paged. A caller that has just read the read model's
   * generation passes it, and the cache is asked without another round trip.
   */
  async inbox(
    reader: InboxReader,
    today: string,
    filter: InboxFilter,
    generation?: number,
  ): Promise<InboxPage> {
    const key = JSON.stringify([
      reader.userId,
      reader.role,
      reader.organisationId,
      [...reader.escalatedFrom].sort(),
      today,
      filter.kinds ? [...filter.kinds].sort() : null,
      filter.sla ?? null,
      filter.caseNumber ?? null,
      filter.sort,
      filter.page,
      filter.pageSize,
    ]);
    return this.pages.get(key, generation ?? (await readModelGeneration(this.db)), () =>
      this.computeInbox(reader, today, filter),
    );
  }

  /**
   * The page and the generation it is of, read in one repeatable-read snapshot, so the
   * generation says exactly which writes the page includes.
   */
  computeInbox(
    reader: InboxReader,
    today: string,
    filter: InboxFilter,
  ): Promise<{ generation: number; value: InboxPage }> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const generation = await readModelGeneration(tx);
      return { generation, value: await this.page(tx, reader, today, filter) };
    });
  }

  private async page(
    tx: EntityManager,
    reader: InboxReader,
    today: string,
    filter: InboxFilter,
  ): Promise<InboxPage> {
    const params = this.baseParams(today, reader.organisationId);
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const user = param(reader.userId);
    const role = param(reader.role);
    const escalatedFrom = param([...reader.escalatedFrom]);
    const where: string[] = [];
    if (filter.kinds?.length) where.push(`kind = ANY(${param([...filter.kinds])}::text[])`);
    if (filter.sla) where.push(`sla = ${param(filter.sla)}`);
    if (filter.caseNumber) where.push(`case_number = ${param(filter.caseNumber)}`);
    const limit = param(filter.pageSize);
    const offset = param((filter.page - 1) * filter.pageSize);
    const sql = `
      WITH ${TASKS} ${TIMED},
      mine AS (
        SELECT *, NOT direct AS escalated FROM (
          SELECT timed.*, (${role} = ANY(roles) AND (assignee IS NULL OR assignee = ${user})) AS direct
            FROM timed WHERE NOT COALESCE(${user} = ANY(excluded), false)) v
         WHERE direct OR (sla = 'LATE' AND roles && ${escalatedFrom}::text[])
      ),
      filtered AS (SELECT * FROM mine ${where.length ? `WHERE ${where.join(' AND ')}` : ''})
      SELECT
        (SELECT COALESCE(json_agg(p), '[]'::json) FROM (
           SELECT ${COLUMNS}, escalated FROM filtered ORDER BY ${ORDER[filter.sort]} LIMIT ${limit} OFFSET ${offset}) p) AS items,
        (SELECT count(*)::int FROM filtered) AS total,
        (SELECT COALESCE(json_object_agg(kind, n), '{}'::json) FROM (SELECT kind, count(*)::int AS n FROM filtered GROUP BY kind) k) AS counts,
        (SELECT count(*)::int FROM filtered WHERE sla = 'LATE') AS late,
        (SELECT count(*)::int FROM filtered WHERE sla = 'DUE_SOON') AS "dueSoon"`;
    const [row]: InboxPage[] = await tx.query(sql, params);
    return row!;
  }

  /**
   * Tasks of every organisation whose deadline is in [`from`, `to`): late on `to` and not yet on
   * `from`, the day close of business moves the date from one to the other.
   */
  async becameLate(from: string, to: string, manager?: EntityManager): Promise<LateTask[]> {
    const params = this.baseParams(to, null);
    params.push(from);
    return (manager ?? this.db).query(
      `WITH ${TASKS} ${TIMED}
       SELECT id, kind, case_number AS "caseNumber", org_id AS "organisationId", roles,
              to_char(deadline, 'YYYY-MM-DD') AS deadline
         FROM timed WHERE deadline >= $${params.length}::date AND deadline < $1::date
        ORDER BY deadline, id`,
      params,
    );
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Every time limit: the stored rows, and the defaults of pairs without one. */
  async slas(): Promise<(TaskSla & { updatedBy: string | null })[]> {
    const rows: (TaskSla & { updatedBy: string })[] = await this.db.query(
      `SELECT organisation_kind AS "organisationKind", task_kind AS "taskKind", working_days AS "workingDays",
              due_soon_days AS "dueSoonDays", updated_by AS "updatedBy"
         FROM task_sla ORDER BY organisation_kind, task_kind`,
    );
    const stored = new Map(rows.map((r) => [`${r.organisationKind}/${r.taskKind}`, r]));
    const merged = defaultTaskSlas().map(
      (d) => stored.get(`${d.organisationKind}/${d.taskKind}`) ?? { ...d, updatedBy: null },
    );
    return merged.sort(
      (a, b) =>
        a.organisationKind.localeCompare(b.organisationKind) ||
        a.taskKind.localeCompare(b.taskKind),
    );
  }

  /** Stores the given limits (the caller checked them; the table's CHECKs hold the bounds). */
  async setSlas(slas: readonly TaskSla[], updatedBy: string): Promise<void> {
    await this.db.query(
      `INSERT INTO task_sla (organisation_kind, task_kind, working_days, due_soon_days, updated_by)
       SELECT *, $5 FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])
       ON CONFLICT (organisation_kind, task_kind) DO UPDATE
          SET working_days = EXCLUDED.working_days, due_soon_days = EXCLUDED.due_soon_days,
              updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        slas.map((s) => s.organisationKind),
        slas.map((s) => s.taskKind),
        slas.map((s) => s.workingDays),
        slas.map((s) => s.dueSoonDays),
        updatedBy,
      ],
    );
  }
}

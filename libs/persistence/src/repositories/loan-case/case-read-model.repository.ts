import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseEvent, CaseStatus } from '../../../../domain/src/loan-case/loan-case.states';
import {
  OFFICE_OF_PARTY_KIND,
  type CasePartyKind,
  type NamedCaseParty,
} from '../../../../domain/src/loan-case/loan-case.parties';
import { CALENDAR_ID, calendarNotInitialised } from '../business-calendar.repository';
import { GenerationCache } from '../read-model-generation';
import type { OutboxEvent } from '../work/outbox';

/**
 * Which cases a reader sees, applied in SQL to the list and to the lookup of one case: a bank
 * its loans, a district the cases of its firms, an enterprise its own, a party-only
 * organisation the cases listing it in `case_party` for one of the given kinds.
 */
export type CaseVisibility =
  | { kind: 'ALL' }
  | { kind: 'BANK'; bankOrgId: string }
  | { kind: 'DISTRICT'; districtCode: string }
  | { kind: 'ENTERPRISE'; uscc: string }
  | { kind: 'PARTY'; organisationId: string; partyKinds: readonly CasePartyKind[] }
  | { kind: 'NONE' };

/** The parties a projection records (see casePartiesOf). */
export interface CasePartiesInput {
  named: NamedCaseParty[];
  atOffices: (keyof typeof OFFICE_OF_PARTY_KIND)[];
}

/** A statement's parameters, starting with `initial`; `param` adds one and names its placeholder. */
function statementParameters(initial: unknown[] = []) {
  const params = [...initial];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  return { params, param };
}

/** The SQL condition on `loan_case` (aliased `alias`) for a visibility; null when it sees all. */
function visibilityCondition(
  visibility: CaseVisibility,
  param: (value: unknown) => string,
  alias = 'loan_case',
): string | null {
  switch (visibility.kind) {
    case 'ALL':
      return null;
    case 'NONE':
      return 'false';
    case 'BANK':
      return `${alias}.bank_org_id = ${param(visibility.bankOrgId)}`;
    case 'DISTRICT':
      return `${alias}.district_code = ${param(visibility.districtCode)}`;
    case 'ENTERPRISE':
      return `${alias}.enterprise_uscc = ${param(visibility.uscc)}`;
    case 'PARTY':
      return `EXISTS (SELECT 1 FROM case_party p WHERE p.organisation_id = ${param(visibility.organisationId)}
                 AND p.party_kind = ANY(${param([...visibility.partyKinds])}) AND p.case_number = ${alias}.case_number)`;
  }
}

/**
 * Rewrites the case's account columns (next due date, days past due, outstanding principal,
 * arrears) from its schedule and repayments on its projected business date; the function is
 * the migration's, so the backfill and every later write compute them alike.
 */
export async function refreshCaseAccount(
  manager: EntityManager,
  caseNumber: string,
): Promise<void> {
  await manager.query(`SELECT loan_case_refresh_account($1)`, [caseNumber]);
}

/** What the workflow projects on every transition. */
export interface CaseProjection {
  caseNumber: string;
  workflowId: string;
  status: CaseStatus;
  version: number;
  bankOrgId: string;
  districtCode: string;
  enterpriseUscc: string;
  enterpriseName: string;
  amount: string;
  termMonths: number;
  annualRate: string;
  repaymentMethod: string;
  preparerUserId: string;
  applicationDate: string;
  detail: Record<string, unknown>;
}

export interface TimelineRow {
  seq: number;
  event: CaseEvent | 'OPEN';
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  actorUserId: string | null;
  actorRole: string | null;
  businessDate: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** The sorts of the case list; each pages by its value, ties broken by case number. */
export const CASE_LIST_SORTS = [
  'nextDueDate',
  'daysPastDue',
  'amount',
  'updatedAt',
  'createdAt',
] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

/**
 * The SQL of each sort key and the cast its cursor value takes back. A case without a next due
 * date sorts after every date ('infinity'), so the key is never null and keyset paging holds.
 */
const SORT_SQL: Record<CaseListSort, { key: string; text: string; cast: string }> = {
  nextDueDate: {
    key: `COALESCE(next_due_date, 'infinity'::date)`,
    text: `COALESCE(next_due_date, 'infinity'::date)::text`,
    cast: 'date',
  },
  daysPastDue: { key: 'days_past_due', text: 'days_past_due::text', cast: 'integer' },
  // Qualified: a bare `amount` in ORDER BY names the text column the SELECT outputs.
  amount: { key: 'loan_case.amount', text: 'amount::text', cast: 'numeric' },
  updatedAt: { key: 'updated_at', text: timestampText('updated_at'), cast: 'timestamptz' },
  createdAt: { key: 'created_at', text: timestampText('created_at'), cast: 'timestamptz' },
};

function timestampText(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The text the list's `q` searches: case number, enterprise name and the bank's reference. */
const SEARCH_TEXT = `lower(case_number || ' ' || enterprise_name || ' ' || COALESCE(bank_reference, ''))`;

export interface CaseListFilter {
  status?: string[];
  bankOrgId?: string;
  districtCode?: string;
  /** An exact USCC, or a part of the enterprise's name (case-insensitive). */
  enterprise?: string;
  /** The case's owner (user id): its preparer unless it was handed to another officer. */
  ownerUserId?: string;
  productCode?: string;
  createdFrom?: string;
  createdTo?: string;
  /** Cases with an instalment unpaid and due on or before this date. */
  nextDueOnOrBefore?: string;
  minDaysPastDue?: number;
  /** Text searched in case number, enterprise name and bank reference (case-insensitive). */
  q?: string;
  sort: CaseListSort;
  direction: 'ASC' | 'DESC';
  limit: number;
  /** Opaque cursor from the previous page: the sort value and case number of its last row. */
  after?: { value: string; caseNumber: string };
}

export interface CaseListRow {
  caseNumber: string;
  status: CaseStatus;
  bankOrgId: string;
  districtCode: string;
  enterpriseUscc: string;
  enterpriseName: string;
  amount: string;
  ownerUserId: string;
  termMonths: number;
  applicationDate: string;
  createdAt: string;
  updatedAt: string;
  nextDueDate: string | null;
  daysPastDue: number;
  outstandingPrincipal: string;
  arrears: string;
  productCode: string;
  bankReference: string | null;
  /** The row's sort value as text, for the next page's cursor. */
  sortValue: string;
}

/** `value` for a LIKE pattern that matches it literally anywhere in the text. */
function containing(value: string): string {
  return `%${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The case read model and timeline. Writes are idempotent: versions only move forward. */
@Injectable()
export class CaseReadModelRepository {
  private readonly counts = new GenerationCache<number>(1024);

  constructor(private readonly db: DataSource) {}

  /**
   * Writes the whole case's row (unless the stored version is ahead), then what `recordStep`
   * writes, the account columns refreshed.
   */
  async project(
    projection: CaseProjection,
    timeline: TimelineRow | null,
    manager: EntityManager = this.db.manager,
    parties: CasePartiesInput = { named: [], atOffices: [] },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO loan_case (case_number, workflow_id, status, bank_org_id, district_code, enterprise_uscc, enterprise_name,
                              amount, term_months, annual_rate, repayment_method, preparer_user_id, detail, version, application_date)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
       ON CONFLICT (case_number) DO UPDATE
          SET status = EXCLUDED.status, detail = EXCLUDED.detail, version = EXCLUDED.version, updated_at = now()
        WHERE loan_case.version <= EXCLUDED.version`,
      [
        projection.caseNumber,
        projection.workflowId,
        projection.status,
        projection.bankOrgId,
        projection.districtCode,
        projection.enterpriseUscc,
        projection.enterpriseName,
        projection.amount,
        projection.termMonths,
        projection.annualRate,
        projection.repaymentMethod,
        projection.preparerUserId,
        JSON.stringify(projection.detail),
        projection.version,
        projection.applicationDate,
      ],
    );
    await this.recordStep(projection.caseNumber, timeline, manager, parties);
  }

  /**
   * The stored case's version and the named members of its snapshot (those it has), with the
   * application reduced to its bank: what a step's notice and parties are computed from before
   * `recordChangedStep` writes it. Null when the case is not projected yet.
   */
  async stepMembers(
    caseNumber: string,
    members: readonly string[],
  ): Promise<{ version: number; members: Record<string, unknown> } | null> {
    const rows: { version: number; members: Record<string, unknown> }[] = await this.db.query(
      `SELECT version,
              jsonb_build_object('application', jsonb_build_object('bankOrgId', detail->'application'->'bankOrgId'))
                || COALESCE((SELECT jsonb_object_agg(key, value) FROM jsonb_each(detail) WHERE key = ANY($2::text[])), '{}')
                AS members
         FROM loan_case WHERE case_number = $1`,
      [caseNumber, members],
    );
    return rows[0] ?? null;
  }

  /**
   * A step given as the members that changed, recorded in one statement (`case_record_step`):
   * the members merged into the stored case unless its version is ahead, the account columns
   * when the business date moved, the parties, and with a timeline entry its notice and its
   * audit entry. Refused with serialization_failure, writing nothing, when another step was
   * recorded since `readVersion`, from which the notice and the parties were computed.
   */
  async recordChangedStep(step: {
    caseNumber: string;
    readVersion: number;
    changes: Record<string, unknown>;
    refreshAccount: boolean;
    parties: CasePartiesInput;
    timeline: TimelineRow | null;
    notice: OutboxEvent | null;
    /** The arguments of `audit_append` for the step's audit entry (auditAppendArguments). */
    audit: (string | null)[][];
  }): Promise<void> {
    const { params, param } = statementParameters([
      step.caseNumber,
      step.readVersion,
      JSON.stringify(step.changes),
      step.refreshAccount,
      step.parties.named.map((p) => p.organisationId),
      step.parties.named.map((p) => p.kind),
      step.parties.atOffices,
      step.parties.atOffices.map((kind) => OFFICE_OF_PARTY_KIND[kind]),
      step.timeline && JSON.stringify(step.timeline),
      step.notice && JSON.stringify(step.notice),
      step.notice?.recipientOrgIds ?? [],
    ]);
    const audit = step.audit.map((values) => `${param(values)}::text[]`);
    await this.db.query(
      `SELECT case_record_step($1, $2, $3::jsonb, $4, $5::text[], $6::text[], $7::text[], $8::text[],
                               $9::jsonb, $10::jsonb, $11::text[], ${audit.join(', ')})`,
      params,
    );
  }

  /**
   * What a whole projection writes besides the case's row: the account columns, the parties and
   * the timeline entry.
   */
  private async recordStep(
    caseNumber: string,
    timeline: TimelineRow | null,
    manager: EntityManager,
    parties: CasePartiesInput,
  ): Promise<void> {
    // The account columns follow the ledger on the snapshot's business date.
    await refreshCaseAccount(manager, caseNumber);
    await this.recordParties(caseNumber, parties, manager);
    if (timeline) {
      await manager.query(
        `INSERT INTO case_event (case_number, seq, event, from_status, to_status, actor_user_id, actor_role, business_date, occurred_at, payload)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (case_number, seq) DO NOTHING`,
        [
          caseNumber,
          timeline.seq,
          timeline.event,
          timeline.fromStatus,
          timeline.toStatus,
          timeline.actorUserId,
          timeline.actorRole,
          timeline.businessDate,
          timeline.occurredAt,
          JSON.stringify(timeline.payload),
        ],
      );
    }
  }

  /**
   * Adds the case's parties (idempotent: a party once recorded stays, as its claim or filing
   * stays in the case's history). Unknown organisations are skipped rather than failing the
   * projection; office-held kinds go to every organisation of the office's kind.
   */
  private async recordParties(
    caseNumber: string,
    parties: CasePartiesInput,
    manager: EntityManager,
  ): Promise<void> {
    if (parties.named.length === 0 && parties.atOffices.length === 0) return;
    await manager.query(
      `INSERT INTO case_party (case_number, organisation_id, party_kind)
       SELECT $1, o.id, p.kind
         FROM unnest($2::text[], $3::text[]) AS p(org, kind) JOIN organisation o ON o.id = p.org
       UNION
       SELECT $1, o.id, k.kind
         FROM unnest($4::text[], $5::text[]) AS k(kind, org_kind) JOIN organisation o ON o.kind = k.org_kind
       ON CONFLICT DO NOTHING`,
      [
        caseNumber,
        parties.named.map((p) => p.organisationId),
        parties.named.map((p) => p.kind),
        parties.atOffices,
        parties.atOffices.map((kind) => OFFICE_OF_PARTY_KIND[kind]),
      ],
    );
  }

  /** The organisations party to a case, by kind (for tests and the disposal file). */
  async partiesOf(caseNumber: string): Promise<{ organisationId: string; kind: CasePartyKind }[]> {
    return this.db.query(
      `SELECT organisation_id AS "organisationId", party_kind AS kind FROM case_party
        WHERE case_number = $1 ORDER BY party_kind, organisation_id`,
      [caseNumber],
    );
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** One case, or null when there is none or `visibility` does not see it (default: all). */
  async findDetail(
    caseNumber: string,
    visibility: CaseVisibility = { kind: 'ALL' },
  ): Promise<{
    bankOrgId: string;
    districtCode: string;
    enterpriseUscc: string;
    status: CaseStatus;
    version: number;
    detail: Record<string, unknown>;
  } | null> {
    const { params, param } = statementParameters([caseNumber]);
    const visible = visibilityCondition(visibility, param);
    const rows = await this.db.query(
      `SELECT bank_org_id AS "bankOrgId", district_code AS "districtCode", enterprise_uscc AS "enterpriseUscc", status, version, detail
         FROM loan_case WHERE case_number = $1${visible ? ` AND ${visible}` : ''}`,
      params,
    );
    return rows[0] ?? null;
  }

  /**
   * The case's status where the reader sees it (null where it does not, or there is no such
   * case) and today's business date, in one statement and without the case's detail: what a
   * step needs before it is sent, and all a check of visibility needs.
   */
  async visibleStatus(
    caseNumber: string,
    visibility: CaseVisibility,
  ): Promise<{ status: CaseStatus | null; businessDate: string }> {
    const { params, param } = statementParameters([CALENDAR_ID, caseNumber]);
    const visible = visibilityCondition(visibility, param);
    const rows: { status: CaseStatus | null; businessDate: string }[] = await this.db.query(
      `SELECT loan_case.status, to_char(c.business_date, 'YYYY-MM-DD') AS "businessDate"
         FROM business_calendar c
         LEFT JOIN loan_case ON loan_case.case_number = $2${visible ? ` AND ${visible}` : ''}
        WHERE c.id = $1`,
      params,
    );
    const row = rows[0];
    if (!row) throw calendarNotInitialised();
    return row;
  }

  async timeline(caseNumber: string): Promise<TimelineRow[]> {
    return this.db.query(
      `SELECT seq, event, from_status AS "fromStatus", to_status AS "toStatus", actor_user_id AS "actorUserId",
              actor_role AS "actorRole", to_char(business_date, 'YYYY-MM-DD') AS "businessDate",
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt", payload
         FROM case_event WHERE case_number = $1 ORDER BY seq`,
      [caseNumber],
    );
  }

  /**
   * Writes the case's new owner into its projected detail (the owner column derives from it),
   * only where the user is an active loan officer of the case's bank: the join is the rule.
   * Writing the same owner again changes nothing and succeeds.
   */
  async assignOwner(
    caseNumber: string,
    owner: { userId: string; username: string; since: string; assignedBy: string | null },
  ): Promise<{ ok: true } | { ok: false; code: 'OWNER_NOT_LOAN_OFFICER_OF_BANK' }> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [updated]: [unknown[], number] = await this.db.query(
      `UPDATE loan_case c SET detail = jsonb_set(c.detail, '{owner}', $2::jsonb), updated_at = now()
         FROM app_user u
        WHERE c.case_number = $1 AND u.id = $3 AND u.role = 'LOAN_OFFICER' AND u.active
          AND u.organisation_id = c.bank_org_id
        RETURNING c.case_number`,
      [caseNumber, JSON.stringify(owner), owner.userId],
    );
    return updated.length > 0
      ? { ok: true }
      : { ok: false, code: 'OWNER_NOT_LOAN_OFFICER_OF_BANK' };
  }

  /**
   * Keyset pagination: stable under inserts, no OFFSET scans, and the number of rows the filter
   * matches. `visibility` narrows whatever the filter asks for.
   */
  async list(
    filter: CaseListFilter,
    visibility: CaseVisibility,
  ): Promise<{ rows: CaseListRow[]; total: number }> {
    const where: string[] = [];
    const { params, param } = statementParameters();
    const visible = visibilityCondition(visibility, param);
    if (visible) where.push(visible);
    if (filter.status?.length) where.push(`status = ANY(${param(filter.status)})`);
    if (filter.bankOrgId) where.push(`bank_org_id = ${param(filter.bankOrgId)}`);
    if (filter.districtCode) where.push(`district_code = ${param(filter.districtCode)}`);
    if (filter.enterprise) {
      where.push(
        `(enterprise_uscc = ${param(filter.enterprise.toUpperCase())}
          OR lower(enterprise_name) LIKE ${param(containing(filter.enterprise))})`,
      );
    }
    if (filter.ownerUserId) where.push(`owner_user_id = ${param(filter.ownerUserId)}`);
    if (filter.productCode) where.push(`product_code = ${param(filter.productCode)}`);
    if (filter.createdFrom) where.push(`application_date >= ${param(filter.createdFrom)}`);
    if (filter.createdTo) where.push(`application_date <= ${param(filter.createdTo)}`);
    if (filter.nextDueOnOrBefore)
      where.push(`next_due_date <= ${param(filter.nextDueOnOrBefore)}::date`);
    if (filter.minDaysPastDue !== undefined)
      where.push(`days_past_due >= ${param(filter.minDaysPastDue)}`);
    if (filter.q) where.push(`${SEARCH_TEXT} LIKE ${param(containing(filter.q))}`);
    const matching = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countSql = `SELECT count(*)::integer FROM loan_case ${matching}`;
    const countParams = [...params];

    const sort = SORT_SQL[filter.sort];
    const page = [...where];
    if (filter.after) {
      const op = filter.direction === 'ASC' ? '>' : '<';
      page.push(
        `(${sort.key}, case_number) ${op} (${param(filter.after.value)}::${sort.cast}, ${param(filter.after.caseNumber)})`,
      );
    }
    // The page and the generation it was read at come from one statement's snapshot (an empty
    // page still gives the generation's row), so a cached total costs no extra round trip.
    const found: (CaseListRow & { generation: string; sortKey: unknown })[] = await this.db.query(
      `SELECT g.generation, p.*
         FROM read_model_generation g
         LEFT JOIN LATERAL (
           SELECT case_number AS "caseNumber", status, bank_org_id AS "bankOrgId", district_code AS "districtCode",
                  enterprise_uscc AS "enterpriseUscc", enterprise_name AS "enterpriseName", amount::text AS amount,
                  owner_user_id AS "ownerUserId", term_months AS "termMonths", to_char(application_date, 'YYYY-MM-DD') AS "applicationDate",
                  ${timestampText('created_at')} AS "createdAt", ${timestampText('updated_at')} AS "updatedAt",
                  to_char(next_due_date, 'YYYY-MM-DD') AS "nextDueDate", days_past_due AS "daysPastDue",
                  outstanding_principal::text AS "outstandingPrincipal", arrears::text AS arrears,
                  product_code AS "productCode", bank_reference AS "bankReference", ${sort.text} AS "sortValue",
                  ${sort.key} AS "sortKey"
             FROM loan_case
            ${page.length ? `WHERE ${page.join(' AND ')}` : ''}
            ORDER BY ${sort.key} ${filter.direction}, case_number ${filter.direction}
            LIMIT ${param(filter.limit)}) p ON true
        ORDER BY p."sortKey" ${filter.direction}, p."caseNumber" ${filter.direction}`,
      params,
    );
    const generation = Number(found[0]!.generation);
    const rows = found
      .filter((row) => row.caseNumber !== null)
      .map(({ generation: _generation, sortKey: _sortKey, ...row }) => row);
    const total = await this.total(countSql, countParams, generation);
    return { rows, total };
  }

  /**
   * The exact number of cases a filter matches, counted once per read-model generation: the
   * console pages with it, and recounting up to 100,000 rows on every page was most of a
   * list's cost. The count and the generation it is of come from one statement's snapshot.
   */
  private async total(countSql: string, params: unknown[], generation: number): Promise<number> {
    return this.counts.get(JSON.stringify([countSql, params]), generation, async () => {
      const [row]: { generation: string; total: number }[] = await this.db.query(
        `SELECT (SELECT generation FROM read_model_generation) AS generation, (${countSql}) AS total`,
        params,
      );
      return { generation: Number(row!.generation), value: row!.total };
    });
  }

  /** Case numbers in the given states, a page at a time (close of business walks them all). */
  async caseNumbersInStatus(
    statuses: readonly CaseStatus[],
    afterCaseNumber: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows: { case_number: string }[] = await this.db.query(
      `SELECT case_number FROM loan_case WHERE status = ANY($1) AND ($2::text IS NULL OR case_number > $2)
        ORDER BY case_number LIMIT $3`,
      [[...statuses], afterCaseNumber, limit],
    );
    return rows.map((r) => r.case_number);
  }
}

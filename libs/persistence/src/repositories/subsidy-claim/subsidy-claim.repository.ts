import { Injectable } from '@nestjs/common';
import { AuditLog, type AuditEntryInput } from '../../../../audit/src/audit-log';
import { DataSource, type EntityManager } from 'typeorm';
import { appendOutboxEvent } from '../work/outbox';
import type { RepaymentRecord, ScheduleRow } from '../../../../domain/src/loan-account';
import {
  SUBSIDY_CLAIM_LIVE_STATUSES,
  type CaseFacts,
  type CoverageConflict,
  type SubsidyClaimRow,
  type SubsidyClaimStatus,
  type SubsidyClaimTimelineEntry,
} from '../../../../domain/src/subsidy-claim';

/**
 * A claim to store, as the submission computed it: the stored row's identity, subject, policy
 * and period fields, with the money in fen as the budget counts it.
 */
export type NewSubsidyClaim = Pick<
  SubsidyClaimRow,
  | 'id'
  | 'workflowId'
  | 'kind'
  | 'districtCode'
  | 'budgetYear'
  | 'caseNumber'
  | 'bankOrgId'
  | 'enterpriseUscc'
  | 'enterpriseName'
  | 'policyId'
  | 'policyVersion'
  | 'programme'
  | 'status'
  | 'submittedOn'
  | 'submittedBy'
  | 'submittedByOrg'
  | 'fromInstalment'
  | 'toInstalment'
  | 'periodStart'
  | 'periodEnd'
  | 'insurerOrgId'
  | 'insurancePolicyNumber'
  | 'premiumPaidOn'
  | 'limitedBy'
  | 'proofs'
> & {
  premiumFen: bigint | null;
  amountFen: bigint;
  computation: object;
  /** The policy's filing deadline; the table's CHECK refuses a submission after it. */
  claimDeadline: string | null;
};

/** Columns a transition may set besides the status (a fixed list: never user-supplied names). */
export interface SubsidyClaimChanges {
  reserved?: boolean;
  insurer_confirmed_by?: string;
  insurer_confirmed_on?: string;
  reviewed_by?: string;
  reviewed_on?: string;
  review_note?: string | null;
  approved_by?: string;
  approved_on?: string;
  payment_reference?: string;
  paid_by?: string;
  paid_on?: string;
  paid_fen?: string;
  rejection_reason?: string;
  rejected_by?: string;
  rejected_on?: string;
  clawback_reason?: string;
  clawed_back_by?: string;
  clawed_back_on?: string;
}

export interface SubsidyClaimListFilter {
  districtCode?: string;
  bankOrgId?: string;
  enterpriseUscc?: string;
  insurerOrgId?: string;
  caseNumber?: string;
  statuses?: readonly SubsidyClaimStatus[];
  limit: number;
}

const yuan = (column: string) => `(${column}::numeric / 100)::numeric(20,2)::text`;
const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

const SUBSIDY_CLAIM_COLUMNS = `
  id, workflow_id AS "workflowId", kind, district_code AS "districtCode", budget_year AS "budgetYear",
  case_number AS "caseNumber", bank_org_id AS "bankOrgId", enterprise_uscc AS "enterpriseUscc",
  enterprise_name AS "enterpriseName", policy_id AS "policyId", policy_version AS "policyVersion", programme,
  status, reserved, submission_seq::int AS "submissionSeq", ${day('submitted_on')} AS "submittedOn",
  submitted_by AS "submittedBy", submitted_by_org AS "submittedByOrg",
  from_instalment AS "fromInstalment", to_instalment AS "toInstalment",
  ${day('period_start')} AS "periodStart", ${day('period_end')} AS "periodEnd",
  insurer_org_id AS "insurerOrgId", insurance_policy_number AS "insurancePolicyNumber",
  ${yuan('premium_fen')} AS premium, ${day('premium_paid_on')} AS "premiumPaidOn",
  ${yuan('amount_fen')} AS amount, amount_fen::text AS "amountFen", limited_by AS "limitedBy",
  ${yuan('paid_fen')} AS "paidAmount", computation, proofs, ${day('claim_deadline')} AS "claimDeadline",
  insurer_confirmed_by AS "insurerConfirmedBy", ${day('insurer_confirmed_on')} AS "insurerConfirmedOn",
  reviewed_by AS "reviewedBy", ${day('reviewed_on')} AS "reviewedOn", review_note AS "reviewNote",
  approved_by AS "approvedBy", ${day('approved_on')} AS "approvedOn",
  payment_reference AS "paymentReference", ${day('paid_on')} AS "paidOn",
  rejection_reason AS "rejectionReason", rejected_by AS "rejectedBy", ${day('rejected_on')} AS "rejectedOn",
  clawback_reason AS "clawbackReason", clawed_back_by AS "clawedBackBy", ${day('clawed_back_on')} AS "clawedBackOn",
  version`;

/** PostgreSQL's unique violation on `constraint`. */
function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === constraint;
}

/** The coverage register refuses a second live claim on a period (exclusion) or a premium (unique). */
function isCoverageViolation(error: unknown): boolean {
  return (
    (error as { code?: string }).code === '23P01' ||
    isUniqueViolation(error, 'subsidy_coverage_one_premium')
  );
}

/** An audit entry waiting for the end of its transaction; the actor is looked up then. */
interface PendingAuditEntry {
  actorUserId: string | null;
  entry: Omit<AuditEntryInput, 'actor'>;
}

/**
 * Subsidy claims, their timeline and the city-wide coverage register. Writes happen inside the
 * transaction the caller opens, together with the budget movement they cause.
 */
@Injectable()
export class SubsidyClaimRepository {
  /** Audit entries of each open transaction, appended last, just before it commits. */
  private readonly pendingAudit = new WeakMap<EntityManager, PendingAuditEntry[]>();

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Runs `work` in a transaction and appends its audit entries at the end. Appending last keeps
   * the audit chain's lock out of the way of the budget pool's row lock (no lock-order deadlock
   * between concurrent claims).
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      this.pendingAudit.set(tx, []);
      const result = await work(tx);
      for (const pending of this.pendingAudit.get(tx) ?? []) await this.appendAudit(pending, tx);
      return result;
    });
  }

  /**
   * Runs `work` in a read-only transaction that is always rolled back: the checks a claim would
   * meet, with the locks and reads of the real thing, and nothing kept.
   */
  async dryRun<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('SET TRANSACTION READ ONLY');
      return await work(runner.manager);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  async find(
    claimId: string,
    manager: EntityManager = this.db.manager,
    lock = false,
  ): Promise<SubsidyClaimRow | null> {
    const rows: SubsidyClaimRow[] = await manager.query(
      `SELECT ${SUBSIDY_CLAIM_COLUMNS} FROM subsidy_claim WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [claimId],
    );
    return rows[0] ?? null;
  }

  async list(filter: SubsidyClaimListFilter): Promise<SubsidyClaimRow[]> {
    return this.db.query(
      `SELECT ${SUBSIDY_CLAIM_COLUMNS} FROM subsidy_claim
        WHERE ($1::text IS NULL OR district_code = $1) AND ($2::text IS NULL OR bank_org_id = $2)
          AND ($3::text IS NULL OR enterprise_uscc = $3) AND ($4::text IS NULL OR insurer_org_id = $4)
          AND ($5::text IS NULL OR case_number = $5) AND ($6::text[] IS NULL OR status = ANY($6))
        ORDER BY submission_seq LIMIT $7`,
      [
        filter.districtCode ?? null,
        filter.bankOrgId ?? null,
        filter.enterpriseUscc ?? null,
        filter.insurerOrgId ?? null,
        filter.caseNumber ?? null,
        filter.statuses ?? null,
        filter.limit,
      ],
    );
  }

  /**
   * Every claim of a district and kind submitted in [from, to], first submitted first, whatever
   * its status now: a claim is stored only when it was eligible at submission, so each one is a
   * claim the district received and could have paid (the what-if re-runs them under a draft).
   */
  async submittedBetween(filter: {
    districtCode: string;
    kind: string;
    from: string;
    to: string;
  }): Promise<SubsidyClaimRow[]> {
    return this.db.query(
      `SELECT ${SUBSIDY_CLAIM_COLUMNS} FROM subsidy_claim
        WHERE district_code = $1 AND kind = $2 AND submitted_on BETWEEN $3::date AND $4::date
        ORDER BY submission_seq`,
      [filter.districtCode, filter.kind, filter.from, filter.to],
    );
  }

  async timeline(claimId: string): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT seq, event, from_status AS "fromStatus", to_status AS "toStatus", actor_user_id AS "actorUserId",
              actor_role AS "actorRole", ${day('business_date')} AS "businessDate", payload
         FROM subsidy_claim_event WHERE claim_id = $1 ORDER BY seq`,
      [claimId],
    );
  }

  async caseFacts(caseNumber: string): Promise<CaseFacts | null> {
    const cases: Omit<CaseFacts, 'disbursement' | 'schedule' | 'repayments' | 'pledges'>[] =
      await this.db.query(
        `SELECT case_number AS "caseNumber", status, bank_org_id AS "bankOrgId", enterprise_uscc AS "enterpriseUscc",
                enterprise_name AS "enterpriseName", district_code AS "enterpriseDistrictCode", detail
           FROM loan_case WHERE case_number = $1`,
        [caseNumber],
      );
    const found = cases[0];
    if (!found) return null;
    const disbursements: { amount: string; valueDate: string }[] = await this.db.query(
      `SELECT amount::text AS amount, ${day('value_date')} AS "valueDate" FROM disbursement WHERE case_number = $1`,
      [caseNumber],
    );
    const schedule: ScheduleRow[] = await this.db.query(
      `SELECT seq, ${day('period_start')} AS "periodStart", ${day('due_date')} AS "dueDate",
              principal::text AS principal, interest::text AS interest
         FROM schedule_instalment WHERE case_number = $1 ORDER BY seq`,
      [caseNumber],
    );
    const repayments: RepaymentRecord[] = await this.db.query(
      `SELECT reference, ${day('value_date')} AS "valueDate", amount::text AS amount
         FROM repayment WHERE case_number = $1 ORDER BY value_date, recorded_at, reference`,
      [caseNumber],
    );
    // First pledge: no other case pledged the asset before this one (the register keeps history).
    const pledges: { assetNumber: string; firstPledge: boolean }[] = await this.db.query(
      `SELECT p.asset_number AS "assetNumber",
              NOT EXISTS (SELECT 1 FROM pledge earlier
                           WHERE earlier.asset_number = p.asset_number AND earlier.case_number <> p.case_number
                             AND earlier.id < p.id) AS "firstPledge"
         FROM pledge p WHERE p.case_number = $1 ORDER BY p.asset_number`,
      [caseNumber],
    );
    return {
      ...found,
      disbursement: disbursements[0] ?? null,
      schedule,
      repayments,
      pledges,
    };
  }

  /**
   * Serialises submissions of one enterprise under one district's policy kind, so two claims
   * racing cannot both use the same cap room. A PostgreSQL lock, held until the transaction
   * ends: it works across every API and worker process.
   */
  async lockEnterpriseCaps(
    manager: EntityManager,
    key: { districtCode: string; kind: string; enterpriseUscc: string },
  ): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `subsidy-caps:${key.districtCode}:${key.kind}:${key.enterpriseUscc}`,
    ]);
  }

  /** Amounts committed by live claims (reserved, waiting or paid) under the district's policy kind. */
  async committed(
    manager: EntityManager,
    key: {
      districtCode: string;
      kind: string;
      caseNumber: string;
      enterpriseUscc: string;
      budgetYear: number;
    },
  ): Promise<{ loanFen: bigint; enterpriseYearFen: bigint; enterpriseCumulativeFen: bigint }> {
    const rows: { loan: string; year: string; total: string }[] = await manager.query(
      `SELECT coalesce(sum(amount_fen) FILTER (WHERE case_number = $3), 0)::text AS loan,
              coalesce(sum(amount_fen) FILTER (WHERE budget_year = $5), 0)::text AS year,
              coalesce(sum(amount_fen), 0)::text AS total
         FROM subsidy_claim
        WHERE district_code = $1 AND kind = $2 AND enterprise_uscc = $4 AND status = ANY($6)`,
      [
        key.districtCode,
        key.kind,
        key.caseNumber,
        key.enterpriseUscc,
        key.budgetYear,
        SUBSIDY_CLAIM_LIVE_STATUSES,
      ],
    );
    const row = rows[0]!;
    return {
      loanFen: BigInt(row.loan),
      enterpriseYearFen: BigInt(row.year),
      enterpriseCumulativeFen: BigInt(row.total),
    };
  }

  /** Programmes that already fund this loan through a live claim (for policy exclusions). */
  async programmesOnCase(manager: EntityManager, caseNumber: string): Promise<string[]> {
    const rows: { programme: string }[] = await manager.query(
      `SELECT DISTINCT programme FROM subsidy_claim WHERE case_number = $1 AND status = ANY($2) ORDER BY programme`,
      [caseNumber, SUBSIDY_CLAIM_LIVE_STATUSES],
    );
    return rows.map((r) => r.programme);
  }

  /** The live claim already covering this loan period (any district) or this premium, if any. */
  async coverageConflict(
    manager: EntityManager,
    coverage:
      | { kind: 'INTEREST'; caseNumber: string; periodStart: string; periodEnd: string }
      | { kind: 'INSURANCE_PREMIUM'; insurerOrgId: string; insurancePolicyNumber: string },
  ): Promise<CoverageConflict | null> {
    const rows: CoverageConflict[] =
      coverage.kind === 'INTEREST'
        ? await manager.query(
            `SELECT c.id AS "claimId", c.district_code AS "districtCode", c.status,
                    ${day('c.period_start')} AS "periodStart", ${day('c.period_end')} AS "periodEnd",
                    c.insurance_policy_number AS "insurancePolicyNumber"
               FROM subsidy_coverage v JOIN subsidy_claim c ON c.id = v.claim_id
              WHERE v.active AND v.case_number = $1 AND v.kind = 'INTEREST'
                AND v.period && daterange($2::date, $3::date, '[)')
              ORDER BY c.submission_seq LIMIT 1`,
            [coverage.caseNumber, coverage.periodStart, coverage.periodEnd],
          )
        : await manager.query(
            `SELECT c.id AS "claimId", c.district_code AS "districtCode", c.status,
                    NULL AS "periodStart", NULL AS "periodEnd", c.insurance_policy_number AS "insurancePolicyNumber"
               FROM subsidy_coverage v JOIN subsidy_claim c ON c.id = v.claim_id
              WHERE v.active AND v.insurer_org_id = $1 AND v.insurance_policy_number = $2
              LIMIT 1`,
            [coverage.insurerOrgId, coverage.insurancePolicyNumber],
          );
    return rows[0] ?? null;
  }

  /**
   * Stores the claim, its coverage and its first timeline entry, or nothing: a claim racing this
   * one that took an overlapping period or the same premium first makes the coverage insert
   * violate the register's exclusion or unique constraint, and the answer is COVERAGE_TAKEN (the
   * transaction stays usable, to look the first claim up).
   */
  async insert(
    manager: EntityManager,
    claim: NewSubsidyClaim,
    event: SubsidyClaimTimelineEntry,
  ): Promise<{ ok: true } | { ok: false; reason: 'COVERAGE_TAKEN' }> {
    await manager.query(`SAVEPOINT claim_insert`);
    try {
      await this.insertRows(manager, claim, event);
    } catch (error) {
      if (!isCoverageViolation(error)) throw error;
      await manager.query(`ROLLBACK TO SAVEPOINT claim_insert`);
      return { ok: false, reason: 'COVERAGE_TAKEN' };
    }
    await manager.query(`RELEASE SAVEPOINT claim_insert`);
    return { ok: true };
  }

  private async insertRows(
    manager: EntityManager,
    claim: NewSubsidyClaim,
    event: SubsidyClaimTimelineEntry,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO subsidy_claim (id, workflow_id, kind, district_code, budget_year, case_number, bank_org_id,
          enterprise_uscc, enterprise_name, policy_id, policy_version, programme, status, submitted_on, submitted_by,
          submitted_by_org, from_instalment, to_instalment, period_start, period_end, insurer_org_id,
          insurance_policy_number, premium_fen, premium_paid_on, amount_fen, limited_by, computation, proofs,
          claim_deadline)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29)`,
      [
        claim.id,
        claim.workflowId,
        claim.kind,
        claim.districtCode,
        claim.budgetYear,
        claim.caseNumber,
        claim.bankOrgId,
        claim.enterpriseUscc,
        claim.enterpriseName,
        claim.policyId,
        claim.policyVersion,
        claim.programme,
        claim.status,
        claim.submittedOn,
        claim.submittedBy,
        claim.submittedByOrg,
        claim.fromInstalment,
        claim.toInstalment,
        claim.periodStart,
        claim.periodEnd,
        claim.insurerOrgId,
        claim.insurancePolicyNumber,
        claim.premiumFen?.toString() ?? null,
        claim.premiumPaidOn,
        claim.amountFen.toString(),
        claim.limitedBy,
        JSON.stringify(claim.computation),
        JSON.stringify(claim.proofs),
        claim.claimDeadline,
      ],
    );
    await manager.query(
      `INSERT INTO subsidy_coverage (claim_id, case_number, kind, period, insurer_org_id, insurance_policy_number)
       VALUES ($1, $2, $3, CASE WHEN $4::date IS NULL THEN NULL ELSE daterange($4::date, $5::date, '[)') END, $6, $7)`,
      [
        claim.id,
        claim.caseNumber,
        claim.kind,
        claim.periodStart,
        claim.periodEnd,
        claim.insurerOrgId,
        claim.insurancePolicyNumber,
      ],
    );
    await this.appendEvent(manager, claim.id, 1, null, claim.status, event);
  }

  /**
   * Moves the claim from one of `from` to `to`, setting `changes`, and appends the timeline
   * entry; returns null (and changes nothing) when the claim is no longer in `from`.
   */
  async transition(
    manager: EntityManager,
    claimId: string,
    from: SubsidyClaimStatus[],
    to: SubsidyClaimStatus,
    changes: SubsidyClaimChanges,
    event: SubsidyClaimTimelineEntry,
  ): Promise<SubsidyClaimRow | null> {
    const entries = Object.entries(changes);
    const assignments = entries.map(([column], i) => `${column} = $${i + 4}`);
    const [rows]: [{ version: number; from_status: SubsidyClaimStatus }[], number] =
      await manager.query(
        `UPDATE subsidy_claim c SET status = $3, version = c.version + 1, updated_at = now()
              ${assignments.map((a) => `, ${a}`).join('')}
         FROM subsidy_claim before
        WHERE c.id = $1 AND before.id = c.id AND c.status = ANY($2)
        RETURNING c.version, before.status AS from_status`,
        [claimId, from, to, ...entries.map(([, value]) => value)],
      );
    const updated = rows[0];
    if (!updated) return null;
    await this.appendEvent(manager, claimId, updated.version, updated.from_status, to, event);
    return this.find(claimId, manager);
  }

  /**
   * The payment's transition: like `transition`, but a payment reference already recorded on
   * another claim (the column is unique across claims) answers PAYMENT_REFERENCE_TAKEN and
   * changes nothing.
   */
  async recordPayment(
    manager: EntityManager,
    claimId: string,
    from: SubsidyClaimStatus[],
    to: SubsidyClaimStatus,
    payment: { paymentReference: string; paidOn: string; paidFen: string; paidBy: string },
    event: SubsidyClaimTimelineEntry,
  ): Promise<
    { ok: true; row: SubsidyClaimRow | null } | { ok: false; reason: 'PAYMENT_REFERENCE_TAKEN' }
  > {
    await manager.query(`SAVEPOINT claim_payment`);
    try {
      const row = await this.transition(
        manager,
        claimId,
        from,
        to,
        {
          payment_reference: payment.paymentReference,
          paid_by: payment.paidBy,
          paid_on: payment.paidOn,
          paid_fen: payment.paidFen,
        },
        event,
      );
      await manager.query(`RELEASE SAVEPOINT claim_payment`);
      return { ok: true, row };
    } catch (error) {
      if (!isUniqueViolation(error, 'subsidy_claim_payment_reference_per_district')) throw error;
      await manager.query(`ROLLBACK TO SAVEPOINT claim_payment`);
      return { ok: false, reason: 'PAYMENT_REFERENCE_TAKEN' };
    }
  }

  /** Stops the claim covering its period or premium, so it can be claimed again. */
  async deactivateCoverage(manager: EntityManager, claimId: string): Promise<void> {
    await manager.query(`UPDATE subsidy_coverage SET active = false WHERE claim_id = $1`, [
      claimId,
    ]);
  }

  /** Waitlisted claims of a pool, first submitted first. */
  async waitlisted(pool: {
    districtCode: string;
    kind: string;
    budgetYear: number;
  }): Promise<{ id: string; workflowId: string }[]> {
    return this.db.query(
      `SELECT id, workflow_id AS "workflowId" FROM subsidy_claim
        WHERE district_code = $1 AND kind = $2 AND budget_year = $3 AND status = 'WAITLISTED'
        ORDER BY submission_seq`,
      [pool.districtCode, pool.kind, pool.budgetYear],
    );
  }

  /** Claims still waiting for budget of a year before `year` (the year-end close rejects them). */
  async waitlistedBefore(year: number): Promise<{ id: string; workflowId: string }[]> {
    return this.db.query(
      `SELECT id, workflow_id AS "workflowId" FROM subsidy_claim
        WHERE budget_year < $1 AND status = 'WAITLISTED' ORDER BY submission_seq`,
      [year],
    );
  }

  private async appendEvent(
    manager: EntityManager,
    claimId: string,
    seq: number,
    from: SubsidyClaimStatus | null,
    to: SubsidyClaimStatus,
    event: SubsidyClaimTimelineEntry,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO subsidy_claim_event (claim_id, seq, event, from_status, to_status, actor_user_id, actor_role, business_date, payload)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (claim_id, seq) DO NOTHING`,
      [
        claimId,
        seq,
        event.event,
        from,
        to,
        event.actorUserId,
        event.actorRole,
        event.businessDate,
        JSON.stringify(event.payload ?? {}),
      ],
    );
    await this.appendClaimStepEvent(manager, claimId, seq, event.event, to, event.businessDate);
    const pending: PendingAuditEntry = {
      actorUserId: event.actorUserId,
      entry: {
        action: 'SUBSIDY_CLAIM_TRANSITION',
        subjectType: 'SUBSIDY_CLAIM',
        subjectId: claimId,
        payload: {
          seq,
          event: event.event,
          from,
          to,
          businessDate: event.businessDate,
          detail: event.payload ?? {},
        },
        sourceKey: `subsidy-claim:${claimId}:${seq}`,
      },
    };
    const queued = this.pendingAudit.get(manager);
    if (queued) queued.push(pending);
    else await this.appendAudit(pending, manager);
  }

  /**
   * The CLAIM_STEP event of a timeline entry, for the claim's bank, its submitter, its insurer
   * and its district's office; keyed by (claim, seq) so a retry appends nothing.
   */
  private async appendClaimStepEvent(
    manager: EntityManager,
    claimId: string,
    seq: number,
    event: string,
    to: SubsidyClaimStatus,
    businessDate: string,
  ): Promise<void> {
    const [claim] = (await manager.query(
      `SELECT c.case_number AS "caseNumber",
              array_remove(ARRAY[c.bank_org_id, c.submitted_by_org, c.insurer_org_id] || array(
                SELECT o.id FROM organisation o WHERE o.kind = 'DISTRICT' AND o.district_code = c.district_code
              ), NULL) AS recipients
         FROM subsidy_claim c WHERE c.id = $1`,
      [claimId],
    )) as { caseNumber: string; recipients: string[] }[];
    if (!claim) return;
    await appendOutboxEvent(manager, {
      eventKey: `CLAIM_STEP:${claimId}:${seq}`,
      eventType: 'CLAIM_STEP',
      subject: claimId,
      caseNumber: claim.caseNumber,
      recipientOrgIds: [...new Set(claim.recipients)],
      payload: { seq, event, toStatus: to },
      businessDate,
    });
  }

  private async appendAudit(pending: PendingAuditEntry, manager: EntityManager): Promise<void> {
    const actor = await this.audit.actorOfUser(pending.actorUserId, manager);
    await this.audit.append({ ...pending.entry, actor }, manager);
  }
}

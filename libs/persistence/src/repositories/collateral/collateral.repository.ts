import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  AssetLegalEvent,
  AssetLegalState,
  CollateralDecision,
  CovenantResolution,
  InvalidationOutcome,
} from '../../../../domain/src/collateral/collateral-watch';
import type { LegalStatus, RegisteredAsset } from '../../../../domain/src/ip-assets';
import type { ValuationReport } from '../../../../domain/src/loan-case/loan-case.types';
import type { StoredValuationReport } from '../loan-case/loan-ledger.repository';
import { completeWorkItem } from '../work/work-items';

export interface CovenantRow {
  id: string;
  caseNumber: string;
  title: string;
  dueOn: string;
  reminderWorkingDays: number;
  status: 'OPEN' | CovenantResolution;
  createdBy: string;
  createdOn: string;
  resolvedBy: string | null;
  resolvedOn: string | null;
  resolutionNote: string | null;
}

const COVENANT_COLUMNS = `id, case_number AS "caseNumber", title, to_char(due_on, 'YYYY-MM-DD') AS "dueOn",
  reminder_working_days AS "reminderWorkingDays", status, created_by AS "createdBy",
  to_char(created_on, 'YYYY-MM-DD') AS "createdOn", resolved_by AS "resolvedBy",
  to_char(resolved_on, 'YYYY-MM-DD') AS "resolvedOn", resolution_note AS "resolutionNote"`;

/**
 * The registration office's legal events on assets, and what a loan's collateral looks like to
 * the bank: the watch's state, its events, the bank's decisions, revaluations and covenants.
 */
/** A loan's collateral position as the watch last left it (amounts and coverage as decimal text). */
interface CollateralPositionRow {
  impaired: boolean;
  impairedSince: string | null;
  securedValue: string | null;
  outstandingPrincipal: string | null;
  coverage: string | null;
  shortfall: boolean;
  subsidyHoldReason: string | null;
  valuationReport: string | null;
  updatedOn: string | null;
}

/** A pledged asset as the collateral watch sees it. */
export interface CollateralAssetRow {
  assetNumber: string;
  kind: string;
  legalStatus: string;
  condition: string;
  impairment: string | null;
  dueOn: string | null;
  since: string;
}

/** What the watch recorded about the collateral (an asset's, or the case's when no asset). */
export interface CollateralEventRow {
  assetNumber: string | null;
  event: string;
  businessDate: string;
  detail: Record<string, unknown>;
}

/** The collateral view's one row: the position (null before the watch first ran) and its lists. */
interface CollateralViewRow {
  position: CollateralPositionRow | null;
  assets: CollateralAssetRow[];
  events: CollateralEventRow[];
  decisions: { decision: string; reason: string; decidedBy: string; decidedOn: string }[];
  valuations: StoredValuationReport[];
}

@Injectable()
export class CollateralRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The asset as an event finds it, locked for the rest of the transaction; null if unknown. */
  async legalState(tx: EntityManager, number: string): Promise<AssetLegalState | null> {
    const rows = (await tx.query(
      `SELECT number, kind, title, owners,
              to_char(grant_date, 'YYYY-MM-DD') AS "grantDate",
              to_char(expiry_date, 'YYYY-MM-DD') AS "expiryDate",
              to_char(annual_fee_paid_until, 'YYYY-MM-DD') AS "annualFeePaidUntil",
              legal_status AS "legalStatus", invalidation_outcome AS "invalidationOutcome",
              (SELECT e.status_before FROM ip_asset_legal_event e
                WHERE e.asset_number = a.number AND e.event = 'FROZEN' ORDER BY e.id DESC LIMIT 1) AS "statusBeforeFreeze"
         FROM ip_asset a WHERE number = $1 FOR UPDATE`,
      [number],
    )) as (RegisteredAsset & {
      invalidationOutcome: InvalidationOutcome | null;
      statusBeforeFreeze: LegalStatus | null;
    })[];
    const row = rows[0];
    if (!row) return null;
    const { invalidationOutcome, statusBeforeFreeze, ...asset } = row;
    return {
      asset,
      invalidationOutcome,
      statusBeforeFreeze: asset.legalStatus === 'FROZEN' ? statusBeforeFreeze : null,
    };
  }

  /** Stores the register after an event, the event and the asset's history row. */
  async storeLegalEvent(
    tx: EntityManager,
    input: {
      before: AssetLegalState;
      after: AssetLegalState;
      event: AssetLegalEvent;
      source: 'API' | 'CSV';
      recordedBy: string;
      recordedOn: string;
    },
  ): Promise<number> {
    const { before, after, event } = input;
    await tx.query(
      `UPDATE ip_asset SET owners = $2, expiry_date = $3, annual_fee_paid_until = $4, legal_status = $5,
              invalidation_outcome = $6, updated_at = now()
        WHERE number = $1`,
      [
        after.asset.number,
        after.asset.owners,
        after.asset.expiryDate,
        after.asset.annualFeePaidUntil,
        after.asset.legalStatus,
        after.invalidationOutcome,
      ],
    );
    const { event: kind, occurredOn, ...facts } = event;
    const rows = (await tx.query(
      `INSERT INTO ip_asset_legal_event (asset_number, event, occurred_on, detail, status_before, status_after, source, recorded_by, recorded_on)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
      [
        after.asset.number,
        kind,
        occurredOn,
        JSON.stringify(facts),
        before.asset.legalStatus,
        after.asset.legalStatus,
        input.source,
        input.recordedBy,
        input.recordedOn,
      ],
    )) as { id: string }[];
    await tx.query(
      `INSERT INTO ip_asset_history (number, change, before, after, changed_by) VALUES ($1,$2,$3,$4,$5)`,
      [
        after.asset.number,
        `EVENT_${kind}`,
        JSON.stringify(before.asset),
        JSON.stringify(after.asset),
        input.recordedBy,
      ],
    );
    return Number(rows[0]!.id);
  }

  async legalEvents(number: string): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT id::int, event, to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn", detail,
              status_before AS "statusBefore", status_after AS "statusAfter", source,
              recorded_by AS "recordedBy", to_char(recorded_on, 'YYYY-MM-DD') AS "recordedOn"
         FROM ip_asset_legal_event WHERE asset_number = $1 ORDER BY id`,
      [number],
    );
  }

  /** Why new subsidy claims on the loan are held, or null: impaired collateral of a live loan. */
  async subsidyHold(
    caseNumber: string,
    manager: EntityManager = this.db.manager,
  ): Promise<{ reason: string; since: string } | null> {
    const rows = (await manager.query(
      `SELECT cc.subsidy_hold_reason AS reason, to_char(cc.impaired_since, 'YYYY-MM-DD') AS since
         FROM collateral_case cc JOIN loan_case lc ON lc.case_number = cc.case_number
        WHERE cc.case_number = $1 AND cc.impaired AND lc.status IN ('ACTIVE','OVERDUE')`,
      [caseNumber],
    )) as { reason: string; since: string }[];
    return rows[0] ?? null;
  }

  /**
   * The collateral of a loan as the case shows it, read in one statement: one snapshot of the
   * position and its lists, and one round trip on the case detail's path.
   */
  async view(caseNumber: string) {
    const [row] = (await this.db.query(
      `SELECT
         (SELECT json_build_object(
                   'impaired', impaired, 'impairedSince', to_char(impaired_since, 'YYYY-MM-DD'),
                   'securedValue', secured_value::text, 'outstandingPrincipal', outstanding_principal::text,
                   'coverage', coverage::text, 'shortfall', shortfall, 'subsidyHoldReason', subsidy_hold_reason,
                   'valuationReport', valuation_report, 'updatedOn', to_char(updated_on, 'YYYY-MM-DD'))
            FROM collateral_case WHERE case_number = $1) AS position,
         (SELECT COALESCE(json_agg(json_build_object(
                   'assetNumber', ca.asset_number, 'kind', a.kind, 'legalStatus', a.legal_status,
                   'condition', ca.condition, 'impairment', ca.impairment,
                   'dueOn', to_char(ca.due_on, 'YYYY-MM-DD'), 'since', to_char(ca.since, 'YYYY-MM-DD'))
                   ORDER BY ca.asset_number), '[]'::json)
            FROM collateral_asset ca JOIN ip_asset a ON a.number = ca.asset_number
            JOIN pledge p ON p.case_number = ca.case_number AND p.asset_number = ca.asset_number AND p.status = 'ACTIVE'
           WHERE ca.case_number = $1) AS assets,
         (SELECT COALESCE(json_agg(json_build_object(
                   'assetNumber', asset_number, 'event', event,
                   'businessDate', to_char(business_date, 'YYYY-MM-DD'), 'detail', detail) ORDER BY id), '[]'::json)
            FROM collateral_event WHERE case_number = $1) AS events,
         (SELECT COALESCE(json_agg(json_build_object(
                   'decision', decision, 'reason', reason, 'decidedBy', decided_by,
                   'decidedOn', to_char(decided_on, 'YYYY-MM-DD')) ORDER BY id), '[]'::json)
            FROM collateral_decision WHERE case_number = $1) AS decisions,
         (SELECT COALESCE(json_agg(json_build_object(
                   'reportNumber', report_number, 'firmOrgId', firm_org_id, 'method', method,
                   'baseDate', to_char(base_date, 'YYYY-MM-DD'), 'validUntil', to_char(valid_until, 'YYYY-MM-DD'),
                   'totalValue', total_value::text, 'maxLoan', max_loan::text, 'assets', assets,
                   'submittedOn', to_char(submitted_on, 'YYYY-MM-DD'))
                   ORDER BY base_date, submitted_on, report_number), '[]'::json)
            FROM valuation_report WHERE case_number = $1) AS valuations`,
      [caseNumber],
    )) as CollateralViewRow[];
    const { position, assets, events, decisions, valuations } = row!;
    return {
      impaired: position?.impaired ?? false,
      impairedSince: position?.impairedSince ?? null,
      coverage: position?.coverage ?? null,
      securedValue: position?.securedValue ?? null,
      outstandingPrincipal: position?.outstandingPrincipal ?? null,
      shortfall: position?.shortfall ?? false,
      subsidyHoldReason: position?.subsidyHoldReason ?? null,
      valuationReport: position?.valuationReport ?? null,
      updatedOn: position?.updatedOn ?? null,
      assets,
      events,
      decisions,
      valuations,
    };
  }

  /** The bank's decision on impaired collateral; ends the impairment and shortfall tasks. */
  async recordDecision(
    tx: EntityManager,
    input: {
      caseNumber: string;
      decision: CollateralDecision;
      reason: string;
      decidedBy: string;
      decidedOn: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO collateral_decision (case_number, decision, reason, decided_by, decided_on) VALUES ($1,$2,$3,$4,$5)`,
      [input.caseNumber, input.decision, input.reason, input.decidedBy, input.decidedOn],
    );
    await tx.query(
      `UPDATE work_item SET done_on = $2, done_by = $3
        WHERE case_number = $1 AND kind IN ('COLLATERAL_IMPAIRED','COLLATERAL_SHORTFALL') AND done_on IS NULL`,
      [input.caseNumber, input.decidedOn, input.decidedBy],
    );
    await tx.query(
      `INSERT INTO collateral_event (event_key, case_number, event, business_date, detail)
       VALUES ('DECISION:' || currval('collateral_decision_id_seq'), $1, $2, $3, $4)`,
      [
        input.caseNumber,
        `DECIDED_${input.decision}`,
        input.decidedOn,
        JSON.stringify({ reason: input.reason, decidedBy: input.decidedBy }),
      ],
    );
  }

  /** Whether the loan's collateral is impaired or short, read in the caller's transaction. */
  async needsDecision(tx: EntityManager, caseNumber: string): Promise<boolean> {
    const rows = (await tx.query(
      `SELECT 1 FROM collateral_case WHERE case_number = $1 AND (impaired OR shortfall) FOR UPDATE`,
      [caseNumber],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The pledged assets of a loan that are actively pledged (what a revaluation must value). */
  async activelyPledged(tx: EntityManager, caseNumber: string): Promise<string[]> {
    const rows = (await tx.query(
      `SELECT asset_number FROM pledge WHERE case_number = $1 AND status = 'ACTIVE' ORDER BY asset_number`,
      [caseNumber],
    )) as { asset_number: string }[];
    return rows.map((r) => r.asset_number);
  }

  /** The latest report's firm: the one asked to revalue. */
  async latestValuationFirm(tx: EntityManager, caseNumber: string): Promise<string | null> {
    const rows = (await tx.query(
      `SELECT firm_org_id FROM valuation_report WHERE case_number = $1
        ORDER BY base_date DESC, submitted_on DESC, report_number DESC LIMIT 1`,
      [caseNumber],
    )) as { firm_org_id: string }[];
    return rows[0]?.firm_org_id ?? null;
  }

  /** Adds a revaluation to the case's valuation history; ends the firm's revaluation tasks. */
  async recordRevaluation(
    tx: EntityManager,
    caseNumber: string,
    report: ValuationReport,
  ): Promise<boolean> {
    const rows = (await tx.query(
      `INSERT INTO valuation_report (report_number, case_number, firm_org_id, evaluator_id, method, base_date, valid_until, total_value, max_loan, assets, submitted_on)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (report_number) DO NOTHING RETURNING 1`,
      [
        report.reportNumber,
        caseNumber,
        report.firmOrgId,
        report.evaluatorUserId,
        report.method,
        report.baseDate,
        report.validUntil,
        report.totalValue,
        report.maxLoan,
        JSON.stringify(report.assets),
        report.submittedOn,
      ],
    )) as unknown[];
    if (rows.length === 0) return false;
    await tx.query(
      `UPDATE work_item SET done_on = $2, done_by = $3
        WHERE case_number = $1 AND kind = 'REVALUATION_DUE' AND done_on IS NULL`,
      [caseNumber, report.submittedOn, report.evaluatorUserId],
    );
    await tx.query(
      `INSERT INTO collateral_event (event_key, case_number, event, business_date, detail)
       VALUES ('REVALUED:' || $2, $1, 'REVALUED', $3, $4)`,
      [
        caseNumber,
        report.reportNumber,
        report.submittedOn,
        JSON.stringify({ reportNumber: report.reportNumber, totalValue: report.totalValue }),
      ],
    );
    return true;
  }

  async addCovenant(input: {
    caseNumber: string;
    title: string;
    dueOn: string;
    reminderWorkingDays: number;
    createdBy: string;
    createdOn: string;
  }): Promise<CovenantRow> {
    const rows = (await this.db.query(
      `INSERT INTO covenant (case_number, title, due_on, reminder_working_days, status, created_by, created_on)
       VALUES ($1,$2,$3,$4,'OPEN',$5,$6) RETURNING ${COVENANT_COLUMNS}`,
      [
        input.caseNumber,
        input.title,
        input.dueOn,
        input.reminderWorkingDays,
        input.createdBy,
        input.createdOn,
      ],
    )) as CovenantRow[];
    return rows[0]!;
  }

  async covenants(caseNumber: string): Promise<CovenantRow[]> {
    return this.db.query(
      `SELECT ${COVENANT_COLUMNS} FROM covenant WHERE case_number = $1 ORDER BY due_on, id`,
      [caseNumber],
    );
  }

  async covenant(
    caseNumber: string,
    id: string,
    manager: EntityManager = this.db.manager,
  ): Promise<CovenantRow | null> {
    const rows = (await manager.query(
      `SELECT ${COVENANT_COLUMNS} FROM covenant WHERE case_number = $1 AND id::text = $2 FOR UPDATE`,
      [caseNumber, id],
    )) as CovenantRow[];
    return rows[0] ?? null;
  }

  /** Records fulfilment or breach; ends the covenant's reminder and breach-check tasks. */
  async resolveCovenant(
    tx: EntityManager,
    input: {
      caseNumber: string;
      id: string;
      resolution: CovenantResolution;
      note: string;
      resolvedBy: string;
      resolvedOn: string;
    },
  ): Promise<CovenantRow> {
    // An UPDATE answers [rows, count].
    const [rows] = (await tx.query(
      `UPDATE covenant SET status = $3, resolution_note = $4, resolved_by = $5, resolved_on = $6
        WHERE case_number = $1 AND id::text = $2 AND status = 'OPEN' RETURNING ${COVENANT_COLUMNS}`,
      [
        input.caseNumber,
        input.id,
        input.resolution,
        input.note,
        input.resolvedBy,
        input.resolvedOn,
      ],
    )) as [CovenantRow[], number];
    for (const kind of ['COVENANT_REMINDER', 'COVENANT_BREACH_CHECK'])
      await completeWorkItem(tx, kind, input.id, input.resolvedOn, input.resolvedBy);
    // The enterprise hears how its covenant was recorded, with the bank.
    await tx.query(
      `INSERT INTO outbox_event (event_key, event_type, subject, case_number, recipient_org_ids, payload, business_date)
       SELECT 'COVENANT_RESOLVED:' || $2, 'COLLATERAL_NOTICE', $2, lc.case_number,
              ARRAY[lc.bank_org_id, 'ENT-' || lc.enterprise_uscc],
              jsonb_build_object('covenantId', $2::text, 'resolution', $3::text, 'note', $4::text), $5::date
         FROM loan_case lc WHERE lc.case_number = $1
       ON CONFLICT (event_key) DO NOTHING`,
      [input.caseNumber, input.id, input.resolution, input.note, input.resolvedOn],
    );
    await tx.query(
      `INSERT INTO collateral_event (event_key, case_number, event, business_date, detail)
       VALUES ('COVENANT:' || $2, $1, $3, $4, $5)`,
      [
        input.caseNumber,
        input.id,
        `COVENANT_${input.resolution}`,
        input.resolvedOn,
        JSON.stringify({ covenantId: input.id, title: rows[0]!.title, note: input.note }),
      ],
    );
    return rows[0]!;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AuditLog,
  entryOfRow,
  SELECT_AUDIT_ENTRY,
  type AuditEntry,
  type AuditEntryInput,
  type AuditRow,
} from '../../../../audit/src/audit-log';
import type { DisposalBid, DisposalRound } from '../../../../domain/src/disposal';
import type { DistributionRecord } from '../loan-case/loan-default.repository';

/** A finding as an administrator records it. */
export interface NewFinding {
  caseNumber: string;
  severity: FindingSeverity;
  title: string;
  text: string;
  recordedBy: string;
  recordedByRole: string;
}

/** UTC ISO instant of a timestamptz column, to the millisecond. */
const instant = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const date = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
/** Yuan with two decimals from bigint fen, computed in SQL so no float ever touches it. */
const yuanOfFen = (column: string) => `(${column}::numeric / 100)::numeric(20,2)::text`;

export interface FileCaseRow {
  caseNumber: string;
  status: string;
  version: number;
  bankOrgId: string;
  bankName: string;
  bankReference: string | null;
  productCode: string | null;
  enterpriseUscc: string;
  enterpriseName: string;
  districtCode: string;
  amount: string;
  termMonths: number;
  annualRate: string;
  repaymentMethod: string;
  applicationDate: string;
  /** The credit approval as the case recorded it (risk-sharing split, IP-secured share). */
  approval: Record<string, unknown> | null;
}

export interface FileAssetRow {
  kind: string;
  number: string;
  title: string | null;
  owners: string[] | null;
  legalStatus: string | null;
}

export interface FileDisposalRow {
  status: string;
  method: string | null;
  startedOn: string;
  /** The disposal workflow's snapshot as projected (valuation used, floor, rules, sale…). */
  detail: Record<string, unknown>;
}

export interface FileEventRow {
  seq: number;
  event: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorUserId: string | null;
  actorRole: string | null;
  businessDate: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

export interface FileValuationRow {
  reportNumber: string;
  firmOrgId: string;
  evaluatorUserId: string;
  method: string;
  baseDate: string;
  validUntil: string;
  totalValue: string;
  maxLoan: string;
  submittedOn: string;
  assets: { number: string; value: string }[];
}

export interface FileDefaultRow {
  kind: string;
  declaredBy: string | null;
  reason: string;
  on: string;
  daysPastDue: number;
  nonPerformingSince: string;
  principalOutstanding: string;
  interestOutstanding: string;
  ipSecuredShare: string;
  riskSharing: Record<string, unknown>;
  schemeCode: string;
  lossBase: string;
  shares: Record<string, string>;
  recordedAt: string;
}

export interface FileClaimRow {
  claimId: string;
  payer: string;
  payerOrgId: string;
  fundCode: string | null;
  share: string;
  cap: string | null;
  status: string;
  filedOn: string;
  eligibleOn: string;
  steps: { status: string; userId: string; role: string; on: string; at: string }[];
  paymentReference: string | null;
  paidAmount: string | null;
  limitedBy: string | null;
  deposit: string | null;
  depositReleasedOn: string | null;
  paidOn: string | null;
  paidBy: string | null;
  paidAt: string | null;
}

export interface FileDistributionRow extends Omit<DistributionRecord, 'caseNumber' | 'outcome'> {
  outcome: string;
  recordedAt: string;
}

export interface FileWriteOffRow {
  amount: string;
  reason: string;
  on: string;
  recordedAt: string;
}

export interface FileFilingRow {
  filingNumber: string;
  filedOn: string;
  outcome: string;
  registrationNumber: string | null;
  registeredOn: string | null;
  refusalReason: string | null;
  refusalNote: string | null;
  assets: { kind: string; number: string }[];
}

export interface FilePledgeRow {
  assetNumber: string;
  filingNumber: string;
  registrationNumber: string;
  pledgeeOrgId: string;
  pledgorUscc: string;
  status: string;
  registeredOn: string;
  releasedOn: string | null;
  releaseGround: string | null;
  cancellationNumber: string | null;
}

export interface FileTransferRow {
  transferNumber: string;
  assetNumber: string;
  fromOwners: string[];
  toOwner: string;
  ground: string;
  registeredOn: string;
}

export interface FileBucketMoveRow {
  seq: number;
  from: string;
  to: string;
  daysPastDue: number;
  on: string;
}

export interface FileFindingRow {
  /** Row id, unique across cases (the audit entry of the finding keys on it). */
  id: string;
  /** Number of the finding within its case, from 1. */
  seq: number;
  severity: string;
  title: string;
  text: string;
  recordedBy: string;
  recordedByRole: string;
  recordedAt: string;
}

export interface FileParticipantRow {
  userId: string;
  username: string;
  displayName: string;
  role: string;
  organisationId: string;
  organisationName: string;
}

/** Every row of PostgreSQL the disposal file of one case is made of, each list in a fixed order. */
export interface DisposalFileRecords {
  case: FileCaseRow;
  assets: FileAssetRow[];
  disposal: FileDisposalRow;
  caseEvents: FileEventRow[];
  disposalEvents: FileEventRow[];
  valuations: FileValuationRow[];
  rounds: DisposalRound[];
  bids: DisposalBid[];
  loanDefault: FileDefaultRow | null;
  claims: FileClaimRow[];
  distribution: FileDistributionRow | null;
  writeOff: FileWriteOffRow | null;
  filings: FileFilingRow[];
  pledges: FilePledgeRow[];
  transfers: FileTransferRow[];
  bucketMoves: FileBucketMoveRow[];
  findings: FileFindingRow[];
  /** The audit log's entries about the case (subject CASE), in chain order. */
  auditEntries: AuditEntry[];
}

export type FindingSeverity = 'INFO' | 'OBSERVATION' | 'FINDING' | 'SERIOUS';

/**
 * Reads the disposal file of a case from PostgreSQL — the case and its timeline, the disposal
 * with its rounds and bids, the loss, the claims, the waterfall, the registration filings — and
 * records administrators' findings on it (insert-only). Money comes out as two-decimal yuan
 * text, dates as YYYY-MM-DD and instants as UTC ISO, all formatted by PostgreSQL.
 */
@Injectable()
export class DisposalFileRepository {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Whether the case exists, and whether it has a disposal. */
  async presence(caseNumber: string): Promise<{ case: boolean; disposal: boolean }> {
    const rows: { has_case: boolean; has_disposal: boolean }[] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM loan_case WHERE case_number = $1) AS has_case,
              EXISTS (SELECT 1 FROM disposal WHERE case_number = $1) AS has_disposal`,
      [caseNumber],
    );
    return { case: rows[0]!.has_case, disposal: rows[0]!.has_disposal };
  }

  /**
   * Every record of the file, read in one REPEATABLE READ transaction so that the sections agree
   * with each other even while the case moves on. Null when the case or its disposal is missing.
   */
  async load(caseNumber: string): Promise<DisposalFileRecords | null> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const q = <T>(sql: string): Promise<T[]> => tx.query(sql, [caseNumber]);
      const [caseRow] = await q<FileCaseRow>(
        `SELECT c.case_number AS "caseNumber", c.status, c.version, c.bank_org_id AS "bankOrgId",
                o.name AS "bankName", c.detail->'application'->>'bankReference' AS "bankReference",
                c.detail->'application'->'product'->>'code' AS "productCode",
                c.enterprise_uscc AS "enterpriseUscc", c.enterprise_name AS "enterpriseName",
                c.district_code AS "districtCode", c.amount::text AS amount, c.term_months AS "termMonths",
                c.annual_rate AS "annualRate", c.repayment_method AS "repaymentMethod",
                ${date('c.application_date')} AS "applicationDate", c.detail->'approval' AS approval
           FROM loan_case c JOIN organisation o ON o.id = c.bank_org_id
          WHERE c.case_number = $1`,
      );
      const [disposal] = await q<FileDisposalRow>(
        `SELECT status, method, ${date('started_on')} AS "startedOn", detail
           FROM disposal WHERE case_number = $1`,
      );
      if (!caseRow || !disposal) return null;
      return {
        case: caseRow,
        disposal,
        assets: await q<FileAssetRow>(
          `SELECT a.value->>'kind' AS kind, a.value->>'number' AS number, r.title, r.owners,
                  r.legal_status AS "legalStatus"
             FROM loan_case c
            CROSS JOIN LATERAL jsonb_array_elements(c.detail->'application'->'assets') WITH ORDINALITY AS a(value, n)
             LEFT JOIN ip_asset r ON r.number = a.value->>'number'
            WHERE c.case_number = $1 ORDER BY a.n`,
        ),
        caseEvents: await q<FileEventRow>(
          `SELECT seq, event, from_status AS "fromStatus", to_status AS "toStatus",
                  actor_user_id AS "actorUserId", actor_role AS "actorRole",
                  ${date('business_date')} AS "businessDate", ${instant('occurred_at')} AS "occurredAt", payload
             FROM case_event WHERE case_number = $1 ORDER BY seq`,
        ),
        disposalEvents: await q<FileEventRow>(
          `SELECT seq, event, NULL AS "fromStatus", NULL AS "toStatus",
                  actor_user_id AS "actorUserId", actor_role AS "actorRole",
                  ${date('business_date')} AS "businessDate", ${instant('occurred_at')} AS "occurredAt", payload
             FROM disposal_event WHERE case_number = $1 ORDER BY seq`,
        ),
        valuations: await q<FileValuationRow>(
          `SELECT report_number AS "reportNumber", firm_org_id AS "firmOrgId", evaluator_id AS "evaluatorUserId",
                  method, ${date('base_date')} AS "baseDate", ${date('valid_until')} AS "validUntil",
                  total_value::text AS "totalValue", max_loan::text AS "maxLoan",
                  ${date('submitted_on')} AS "submittedOn", assets
             FROM valuation_report WHERE case_number = $1
            ORDER BY submitted_on, base_date, report_number`,
        ),
        rounds: await q<DisposalRound>(
          `SELECT round, method, starting_price::text AS "startingPrice", minimum_price::text AS "minimumPrice",
                  ${date('opened_on')} AS "openedOn", ${date('closes_on')} AS "closesOn",
                  opened_by AS "openedBy", ${instant('opened_at')} AS "openedAt", outcome,
                  ${date('closed_on')} AS "closedOn", winning_bid_seq AS "winningBidSeq"
             FROM disposal_round WHERE case_number = $1 ORDER BY round`,
        ),
        bids: await q<DisposalBid>(
          `SELECT seq, round, bidder, amount::text AS amount, ${instant('bid_at')} AS "at",
                  ${date('business_date')} AS "businessDate", recorded_by AS "recordedBy",
                  at_or_above_start AS "atOrAboveStart"
             FROM disposal_bid WHERE case_number = $1 ORDER BY seq`,
        ),
        loanDefault:
          (
            await q<FileDefaultRow>(
              `SELECT kind, declared_by AS "declaredBy", reason, ${date('business_date')} AS "on",
                      days_past_due AS "daysPastDue", ${date('non_performing_since')} AS "nonPerformingSince",
                      principal_outstanding::text AS "principalOutstanding",
                      interest_outstanding::text AS "interestOutstanding", ip_secured_share AS "ipSecuredShare",
                      risk_sharing AS "riskSharing", risk_scheme_code AS "schemeCode",
                      loss_base::text AS "lossBase", shares, ${instant('recorded_at')} AS "recordedAt"
                 FROM loan_default WHERE case_number = $1`,
            )
          )[0] ?? null,
        claims: await q<FileClaimRow>(
          `SELECT c.claim_id AS "claimId", c.payer, c.payer_org_id AS "payerOrgId", c.fund_code AS "fundCode",
                  ${yuanOfFen('c.share_fen')} AS share,
                  CASE WHEN c.cap_fen IS NULL THEN NULL ELSE ${yuanOfFen('c.cap_fen')} END AS cap,
                  c.status, ${date('c.filed_on')} AS "filedOn", ${date('c.eligible_on')} AS "eligibleOn", c.steps,
                  p.reference AS "paymentReference",
                  CASE WHEN p.claim_id IS NULL THEN NULL ELSE ${yuanOfFen('p.amount_fen')} END AS "paidAmount",
                  p.limited_by AS "limitedBy",
                  CASE WHEN p.payer = 'FUND' THEN ${yuanOfFen('p.deposit_fen')} END AS deposit,
                  ${date('p.deposit_released_on')} AS "depositReleasedOn", ${date('p.paid_on')} AS "paidOn",
                  p.paid_by AS "paidBy", ${instant('p.paid_at')} AS "paidAt"
             FROM compensation_claim c LEFT JOIN compensation_payment p ON p.claim_id = c.claim_id
            WHERE c.case_number = $1 ORDER BY c.filed_on, c.payer, c.claim_id`,
        ),
        distribution:
          (
            await q<FileDistributionRow>(
              `SELECT outcome, method, buyer, proceeds::text, interest_due::text AS "interestDue",
                      principal_due::text AS "principalDue", fund_paid::text AS "fundPaid",
                      insurer_paid::text AS "insurerPaid", costs::text, bank_interest::text AS "bankInterest",
                      bank_principal::text AS "bankPrincipal", fund::text, insurer::text, pledgor::text,
                      unrecovered::text, ${date('settled_on')} AS "settledOn", interest_basis AS "interestBasis",
                      ${instant('recorded_at')} AS "recordedAt"
                 FROM disposal_distribution WHERE case_number = $1`,
            )
          )[0] ?? null,
        writeOff:
          (
            await q<FileWriteOffRow>(
              `SELECT amount::text, reason, ${date('written_off_on')} AS "on", ${instant('recorded_at')} AS "recordedAt"
                 FROM loan_write_off WHERE case_number = $1`,
            )
          )[0] ?? null,
        filings: await q<FileFilingRow>(
          `SELECT filing_number AS "filingNumber", ${date('filed_on')} AS "filedOn", outcome,
                  registration_number AS "registrationNumber", ${date('registered_on')} AS "registeredOn",
                  refusal_reason AS "refusalReason", refusal_note AS "refusalNote", assets
             FROM registration_filing WHERE case_number = $1 ORDER BY filed_on, filing_number`,
        ),
        pledges: await q<FilePledgeRow>(
          `SELECT asset_number AS "assetNumber", filing_number AS "filingNumber",
                  registration_number AS "registrationNumber", pledgee_org_id AS "pledgeeOrgId",
                  pledgor_uscc AS "pledgorUscc", status, ${date('registered_on')} AS "registeredOn",
                  ${date('released_on')} AS "releasedOn", release_ground AS "releaseGround",
                  cancellation_number AS "cancellationNumber"
             FROM pledge WHERE case_number = $1 ORDER BY registered_on, asset_number, id`,
        ),
        transfers: await q<FileTransferRow>(
          `SELECT transfer_number AS "transferNumber", asset_number AS "assetNumber", from_owners AS "fromOwners",
                  to_owner AS "toOwner", ground, ${date('registered_on')} AS "registeredOn"
             FROM asset_transfer WHERE case_number = $1 ORDER BY registered_on, transfer_number, asset_number`,
        ),
        bucketMoves: await q<FileBucketMoveRow>(
          `SELECT seq, from_bucket AS "from", to_bucket AS "to", days_past_due AS "daysPastDue",
                  ${date('business_date')} AS "on"
             FROM delinquency_bucket_move WHERE case_number = $1 ORDER BY seq`,
        ),
        findings: await this.findings(tx, caseNumber),
        auditEntries: (
          await q<AuditRow>(
            // The case's own entries and those of its disposal (rounds, bids, decisions).
            `${SELECT_AUDIT_ENTRY} WHERE subject_type IN ('CASE', 'DISPOSAL') AND subject_id = $1 ORDER BY seq`,
          )
        ).map(entryOfRow),
      };
    });
  }

  /** The users named anywhere in the file, with their organisation. */
  async participants(userIds: readonly string[]): Promise<FileParticipantRow[]> {
    return this.db.query(
      `SELECT u.id AS "userId", u.username, u.display_name AS "displayName", u.role,
              u.organisation_id AS "organisationId", o.name AS "organisationName"
         FROM app_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE u.id = ANY($1) ORDER BY u.id COLLATE "C"`,
      [userIds],
    );
  }

  /**
   * Records a finding on the case's disposal file; the caller's transaction when given (so that
   * what else records it commits with it). Returns the finding as the file lists it.
   */
  /**
   * Records a finding and its audit entry (built from the stored finding) in one transaction:
   * both commit or neither. The append comes last because it holds the chain's lock until commit.
   */
  async recordFinding(
    finding: NewFinding,
    auditEntryOf: (recorded: FileFindingRow) => AuditEntryInput,
  ): Promise<FileFindingRow> {
    return this.db.transaction(async (tx) => {
      const recorded = await this.insertFinding(finding, tx);
      await this.audit.append(auditEntryOf(recorded), tx);
      return recorded;
    });
  }

  private async insertFinding(
    finding: NewFinding,
    manager: EntityManager,
  ): Promise<FileFindingRow> {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO disposal_finding (case_number, severity, title, text, recorded_by, recorded_by_role)
       VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
      [
        finding.caseNumber,
        finding.severity,
        finding.title,
        finding.text,
        finding.recordedBy,
        finding.recordedByRole,
      ],
    );
    const all = await this.findings(manager, finding.caseNumber);
    return all.find((f) => f.id === inserted[0]!.id)!;
  }

  private async findings(manager: EntityManager, caseNumber: string): Promise<FileFindingRow[]> {
    return manager.query(
      `SELECT id::text, row_number() OVER (ORDER BY id)::int AS seq, severity, title, text,
              recorded_by AS "recordedBy", recorded_by_role AS "recordedByRole",
              ${instant('recorded_at')} AS "recordedAt"
         FROM disposal_finding WHERE case_number = $1 ORDER BY id`,
      [caseNumber],
    );
  }
}

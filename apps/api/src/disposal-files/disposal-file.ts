import { createHash } from 'node:crypto';
import { formatDecimal } from '../../../../libs/domain/src/decimal';
import type { DisposalBid, DisposalRound } from '../../../../libs/domain/src/disposal';
import { Money } from '../../../../libs/domain/src/money';
import type {
  DisposalFileRecords,
  FileAssetRow,
  FileBucketMoveRow,
  FileDefaultRow,
  FileDistributionRow,
  FileEventRow,
  FileFilingRow,
  FileParticipantRow,
  FilePledgeRow,
  FileTransferRow,
  FileValuationRow,
} from '../../../../libs/persistence/src/repositories/disposal/disposal-file.repository';

/**
 * Version of the JSON shape below. Raise it on any change a reader could notice (a field
 * renamed, removed or given another meaning); adding a field does not need it.
 */
export const DISPOSAL_FILE_SCHEMA_VERSION = 2;

/** Who acted; null in the file means the system (close of business, workflow rules). */
export interface FileActor {
  userId: string;
  role: string;
}

export type EventSource = 'CASE' | 'DISPOSAL';

export interface FileTimelineEntry {
  source: EventSource;
  seq: number;
  event: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: FileActor | null;
  businessDate: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** A round of the disposal with its price path: the round as recorded, and how it moved. */
export interface FileRound extends DisposalRound {
  previousStartingPrice: string | null;
  /** (previous start − start) / previous start, four decimals; null for round 1. */
  cutFromPrevious: string | null;
  /** start / value of the valuation the disposal used, four decimals. */
  startToValuation: string | null;
  bidCount: number;
  highestBid: string | null;
}

/** A bid as recorded, with whether it could win and whether it did. */
export interface FileBid extends Omit<DisposalBid, 'atOrAboveStart'> {
  /** At or above the round's starting price, in an open round: it could win. */
  valid: boolean;
  won: boolean;
}

export type DecisionKind =
  | 'CREDIT_APPROVAL'
  | 'DEFAULT_DECLARATION'
  | 'AUTOMATIC_DEFAULT'
  | 'INSURANCE_CLAIM_CONFIRMATION'
  | 'INSURANCE_CLAIM_PAYMENT'
  | 'FUND_CLAIM_REVIEW'
  | 'FUND_CLAIM_PAYMENT'
  | 'DISPOSAL_START'
  | 'VALUATION_REFRESH'
  | 'METHOD_CHOICE'
  | 'ROUND_OPENING'
  | 'ROUND_CLOSING'
  | 'SALE_PROPOSAL'
  | 'BELOW_FLOOR_APPROVAL'
  | 'SALE_COMPLETION'
  | 'DISPOSAL_WRITE_OFF'
  | 'WRITE_OFF_PROPOSAL'
  | 'WRITE_OFF_APPROVAL'
  | 'TRANSFER_REGISTRATION'
  | 'LOAN_WRITE_OFF';

export interface FileDecision {
  seq: number;
  kind: DecisionKind;
  /** Where it is recorded: the case or disposal timeline (with its seq), or the ledger. */
  source: EventSource | 'LEDGER';
  sourceSeq: number | null;
  actor: FileActor | null;
  reason: string | null;
  businessDate: string;
  at: string;
  detail: Record<string, unknown>;
}

export interface FileClaim {
  claimId: string;
  payer: string;
  payerOrgId: string;
  fundCode: string | null;
  share: string;
  cap: string | null;
  status: string;
  filedOn: string;
  eligibleOn: string;
  steps: { status: string; actor: FileActor; on: string; at: string }[];
  payment: {
    reference: string;
    amount: string;
    limitedBy: string | null;
    deposit: string | null;
    depositReleasedOn: string | null;
    paidOn: string;
    paidBy: string;
    paidAt: string;
  } | null;
}

/** An entry of the hash-chained audit log about the case; the chain is checked by the verifier. */
export interface FileAuditEntry {
  seq: number;
  hash: string;
  action: string;
  actor: FileActor | null;
  occurredAt: string;
}

export interface FileFinding {
  seq: number;
  severity: string;
  title: string;
  text: string;
  recordedBy: FileActor;
  recordedAt: string;
}

/**
 * The disposal file of a case, for the administrators' audit: one JSON document built from
 * PostgreSQL only. Money is two-decimal yuan text, dates YYYY-MM-DD, instants UTC ISO. Every
 * list has a fixed order, so the same records always give the same bytes; the file carries no
 * instant of its own making.
 */
export interface DisposalFile {
  /**
   * The version of this file's content: the first 16 hex digits of the SHA-256 of every other
   * member, in order. It moves with anything recorded on the case, a finding included, and
   * stays the same while nothing is; the printed file names it on every page.
   */
  fileVersion: string;
  schemaVersion: typeof DISPOSAL_FILE_SCHEMA_VERSION;
  caseNumber: string;
  case: {
    status: string;
    version: number;
    bank: { orgId: string; name: string };
    bankReference: string | null;
    productCode: string | null;
    enterprise: { uscc: string; name: string; districtCode: string };
    loan: { amount: string; termMonths: number; annualRate: string; repaymentMethod: string };
    applicationDate: string;
    creditApproval: Record<string, unknown> | null;
    assets: FileAssetRow[];
  };
  disposal: {
    status: string;
    method: string | null;
    startedOn: string;
    startedBy: string | null;
    rules: Record<string, unknown> | null;
    valuationUsed: Record<string, unknown> | null;
    floor: string | null;
    sale: Record<string, unknown> | null;
    completion: Record<string, unknown> | null;
    writeOff: Record<string, unknown> | null;
    /** Registered bidders with their deposits (none before bidders were registered). */
    bidders: Record<string, unknown>[];
    /** The bank's write-off proposal and the administrator who approved it. */
    writeOffProposal: Record<string, unknown> | null;
    /** The transfer to the buyer, pending or registered by the registration office. */
    transfer: Record<string, unknown> | null;
  };
  timeline: FileTimelineEntry[];
  valuations: (FileValuationRow & { usedByDisposal: boolean })[];
  rounds: FileRound[];
  bids: FileBid[];
  decisions: FileDecision[];
  default: FileDefaultRow | null;
  claims: FileClaim[];
  waterfall: FileDistributionRow | null;
  writeOff: { amount: string; reason: string; on: string; recordedAt: string } | null;
  registration: {
    filings: FileFilingRow[];
    pledges: FilePledgeRow[];
    transfers: FileTransferRow[];
  };
  delinquency: { moves: FileBucketMoveRow[] };
  /** Everyone who acted in the file (not the findings' authors, who are named on each finding). */
  participants: FileParticipantRow[];
  findings: FileFinding[];
  /**
   * The audit log's entries about the case. Recording a finding appends to it (the finding's
   * own entry and the request's), so this section and the findings are the only ones it changes.
   */
  audit: { entries: FileAuditEntry[] };
}

const actorOf = (userId: string | null, role: string | null): FileActor | null =>
  userId === null ? null : { userId, role: role ?? 'UNKNOWN' };

function timelineEntry(source: EventSource, e: FileEventRow): FileTimelineEntry {
  return {
    source,
    seq: e.seq,
    event: e.event,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actor: actorOf(e.actorUserId, e.actorRole),
    businessDate: e.businessDate,
    occurredAt: e.occurredAt,
    payload: e.payload,
  };
}

/**
 * Merges the case's and the disposal's timelines by instant. Each keeps its own order (its
 * seq); at equal instants the case's entry comes first, since the case starts the disposal.
 */
export function mergeTimelines(
  caseEvents: readonly FileEventRow[],
  disposalEvents: readonly FileEventRow[],
): FileTimelineEntry[] {
  const merged: FileTimelineEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < caseEvents.length || j < disposalEvents.length) {
    const c = caseEvents[i];
    const d = disposalEvents[j];
    if (c && (!d || c.occurredAt <= d.occurredAt)) {
      merged.push(timelineEntry('CASE', c));
      i += 1;
    } else {
      merged.push(timelineEntry('DISPOSAL', d!));
      j += 1;
    }
  }
  return merged;
}

/** Timeline events that are decisions or approvals, and what the file calls them. */
const DECISION_EVENTS: Record<EventSource, Record<string, DecisionKind>> = {
  CASE: {
    APPROVE_CREDIT: 'CREDIT_APPROVAL',
    DECLARE_DEFAULT: 'DEFAULT_DECLARATION',
    AUTO_DEFAULT: 'AUTOMATIC_DEFAULT',
    CONFIRM_INSURANCE_CLAIM: 'INSURANCE_CLAIM_CONFIRMATION',
    PAY_INSURANCE_CLAIM: 'INSURANCE_CLAIM_PAYMENT',
    REVIEW_FUND_CLAIM: 'FUND_CLAIM_REVIEW',
    PAY_FUND_CLAIM: 'FUND_CLAIM_PAYMENT',
    START_DISPOSAL: 'DISPOSAL_START',
  },
  DISPOSAL: {
    SUBMIT_VALUATION: 'VALUATION_REFRESH',
    CHOOSE_METHOD: 'METHOD_CHOICE',
    OPEN_ROUND: 'ROUND_OPENING',
    CLOSE_ROUND: 'ROUND_CLOSING',
    PROPOSE_SALE: 'SALE_PROPOSAL',
    APPROVE_SALE: 'BELOW_FLOOR_APPROVAL',
    COMPLETE_SALE: 'SALE_COMPLETION',
    WRITE_OFF: 'DISPOSAL_WRITE_OFF',
    PROPOSE_WRITE_OFF: 'WRITE_OFF_PROPOSAL',
    APPROVE_WRITE_OFF: 'WRITE_OFF_APPROVAL',
    REGISTER_TRANSFER: 'TRANSFER_REGISTRATION',
  },
};

function decisionsOf(
  timeline: readonly FileTimelineEntry[],
  writeOff: DisposalFileRecords['writeOff'],
): FileDecision[] {
  const decisions: Omit<FileDecision, 'seq'>[] = [];
  for (const entry of timeline) {
    const kind = DECISION_EVENTS[entry.source][entry.event];
    if (!kind) continue;
    const { reason, ...detail } = entry.payload;
    decisions.push({
      kind,
      source: entry.source,
      sourceSeq: entry.seq,
      actor: entry.actor,
      reason: typeof reason === 'string' ? reason : null,
      businessDate: entry.businessDate,
      at: entry.occurredAt,
      detail,
    });
  }
  // The shortfall written off at closure: the ledger's record, decided by the rules; it takes
  // its place by instant among the timeline's decisions.
  if (writeOff) {
    const later = decisions.findIndex((d) => d.at > writeOff.recordedAt);
    decisions.splice(later === -1 ? decisions.length : later, 0, {
      kind: 'LOAN_WRITE_OFF',
      source: 'LEDGER',
      sourceSeq: null,
      actor: null,
      reason: writeOff.reason,
      businessDate: writeOff.on,
      at: writeOff.recordedAt,
      detail: { amount: writeOff.amount },
    });
  }
  return decisions.map((d, index) => ({ seq: index + 1, ...d }));
}

const ratio = (num: Money, den: Money): string => formatDecimal({ num: num.fen, den: den.fen }, 4);

function roundsOf(records: DisposalFileRecords, valuationValue: Money | null): FileRound[] {
  return records.rounds.map((r, index) => {
    const start = Money.ofYuan(r.startingPrice);
    const previous = index > 0 ? Money.ofYuan(records.rounds[index - 1]!.startingPrice) : null;
    const bids = records.bids.filter((b) => b.round === r.round);
    const highest = bids.reduce<Money | null>((max, b) => {
      const amount = Money.ofYuan(b.amount);
      return max === null || amount.greaterThan(max) ? amount : max;
    }, null);
    return {
      round: r.round,
      method: r.method,
      startingPrice: r.startingPrice,
      minimumPrice: r.minimumPrice,
      previousStartingPrice: previous?.toYuan() ?? null,
      cutFromPrevious: previous ? ratio(previous.minus(start), previous) : null,
      startToValuation: valuationValue ? ratio(start, valuationValue) : null,
      openedOn: r.openedOn,
      closesOn: r.closesOn,
      closedOn: r.closedOn,
      openedBy: r.openedBy,
      openedAt: r.openedAt,
      outcome: r.outcome,
      bidCount: bids.length,
      highestBid: highest?.toYuan() ?? null,
      winningBidSeq: r.winningBidSeq,
    };
  });
}

/** Every user id the file names as an actor, sorted (findings' authors aside). */
export function actorIdsOf(records: DisposalFileRecords): string[] {
  const ids = new Set<string>();
  const add = (id: string | null | undefined) => {
    if (id) ids.add(id);
  };
  for (const e of [...records.caseEvents, ...records.disposalEvents]) add(e.actorUserId);
  for (const r of records.rounds) add(r.openedBy);
  for (const b of records.bids) add(b.recordedBy);
  for (const v of records.valuations) add(v.evaluatorUserId);
  for (const c of records.claims) {
    for (const s of c.steps) add(s.userId);
    add(c.paidBy);
  }
  add(records.loanDefault?.declaredBy);
  return [...ids].sort();
}

const field = <T>(detail: Record<string, unknown>, key: string): T | null =>
  (detail[key] as T | undefined) ?? null;

/** Assembles the disposal file from its records; pure, so the same records give the same file. */
export function buildDisposalFile(
  records: DisposalFileRecords,
  participants: readonly FileParticipantRow[],
): DisposalFile {
  const c = records.case;
  const detail = records.disposal.detail;
  const valuationUsed = field<{ reportNumber: string; totalValue: string }>(detail, 'valuation');
  const timeline = mergeTimelines(records.caseEvents, records.disposalEvents);
  const d = records.distribution;
  const content: Omit<DisposalFile, 'fileVersion'> = {
    schemaVersion: DISPOSAL_FILE_SCHEMA_VERSION,
    caseNumber: c.caseNumber,
    case: {
      status: c.status,
      version: c.version,
      bank: { orgId: c.bankOrgId, name: c.bankName },
      bankReference: c.bankReference,
      productCode: c.productCode,
      enterprise: { uscc: c.enterpriseUscc, name: c.enterpriseName, districtCode: c.districtCode },
      loan: {
        amount: c.amount,
        termMonths: c.termMonths,
        annualRate: c.annualRate,
        repaymentMethod: c.repaymentMethod,
      },
      applicationDate: c.applicationDate,
      creditApproval: c.approval,
      assets: records.assets,
    },
    disposal: {
      status: records.disposal.status,
      method: records.disposal.method,
      startedOn: records.disposal.startedOn,
      startedBy: field(detail, 'startedBy'),
      rules: field(detail, 'rules'),
      valuationUsed,
      floor: field(detail, 'floor'),
      sale: field(detail, 'sale'),
      completion: field(detail, 'completion'),
      writeOff: field(detail, 'writeOff'),
      bidders: field<Record<string, unknown>[]>(detail, 'bidders') ?? [],
      writeOffProposal: field(detail, 'writeOffProposal'),
      transfer: field(detail, 'transfer'),
    },
    timeline,
    valuations: records.valuations.map((v) => ({
      ...v,
      usedByDisposal: v.reportNumber === valuationUsed?.reportNumber,
    })),
    rounds: roundsOf(records, valuationUsed ? Money.ofYuan(valuationUsed.totalValue) : null),
    bids: records.bids.map((b) => ({
      seq: b.seq,
      round: b.round,
      bidder: b.bidder,
      amount: b.amount,
      at: b.at,
      businessDate: b.businessDate,
      recordedBy: b.recordedBy,
      valid: b.atOrAboveStart,
      won: records.rounds.some((r) => r.round === b.round && r.winningBidSeq === b.seq),
    })),
    decisions: decisionsOf(timeline, records.writeOff),
    default: records.loanDefault,
    claims: records.claims.map((claim) => ({
      claimId: claim.claimId,
      payer: claim.payer,
      payerOrgId: claim.payerOrgId,
      fundCode: claim.fundCode,
      share: claim.share,
      cap: claim.cap,
      status: claim.status,
      filedOn: claim.filedOn,
      eligibleOn: claim.eligibleOn,
      steps: claim.steps.map((s) => ({
        status: s.status,
        actor: { userId: s.userId, role: s.role },
        on: s.on,
        at: s.at,
      })),
      payment:
        claim.paymentReference === null
          ? null
          : {
              reference: claim.paymentReference,
              amount: claim.paidAmount!,
              limitedBy: claim.limitedBy,
              deposit: claim.deposit,
              depositReleasedOn: claim.depositReleasedOn,
              paidOn: claim.paidOn!,
              paidBy: claim.paidBy!,
              paidAt: claim.paidAt!,
            },
    })),
    waterfall: d && {
      outcome: d.outcome,
      method: d.method,
      buyer: d.buyer,
      settledOn: d.settledOn,
      proceeds: d.proceeds,
      interestDue: d.interestDue,
      principalDue: d.principalDue,
      fundPaid: d.fundPaid,
      insurerPaid: d.insurerPaid,
      costs: d.costs,
      bankInterest: d.bankInterest,
      bankPrincipal: d.bankPrincipal,
      fund: d.fund,
      insurer: d.insurer,
      pledgor: d.pledgor,
      unrecovered: d.unrecovered,
      interestBasis: d.interestBasis ?? null,
      recordedAt: d.recordedAt,
    },
    writeOff: records.writeOff,
    registration: {
      filings: records.filings,
      pledges: records.pledges,
      transfers: records.transfers,
    },
    delinquency: { moves: records.bucketMoves },
    participants: [...participants],
    findings: records.findings.map((f) => ({
      seq: f.seq,
      severity: f.severity,
      title: f.title,
      text: f.text,
      recordedBy: { userId: f.recordedBy, role: f.recordedByRole },
      recordedAt: f.recordedAt,
    })),
    audit: {
      entries: records.auditEntries.map((e) => ({
        seq: e.seq,
        hash: e.hash,
        action: e.action,
        actor: e.actor && { userId: e.actor.userId, role: e.actor.role },
        occurredAt: e.occurredAt,
      })),
    },
  };
  return { fileVersion: contentVersion(content), ...content };
}

/** The first 16 hex digits of the SHA-256 of the content's JSON (its members in their order). */
export function contentVersion(content: Omit<DisposalFile, 'fileVersion'>): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}

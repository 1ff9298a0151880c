import { Injectable } from '@nestjs/common';
import {
  AuditLog,
  auditAppendArguments,
  type AuditEntryInput,
} from '../../../libs/audit/src/audit-log';
import {
  casePartiesOf,
  noticeRecipientsOf,
} from '../../../libs/domain/src/loan-case/loan-case.parties';
import type {
  CaseSnapshot,
  TimelineEntry,
} from '../../../libs/domain/src/loan-case/loan-case.types';
import {
  CaseReadModelRepository,
  type TimelineRow,
} from '../../../libs/persistence/src/repositories/loan-case/case-read-model.repository';
import {
  appendOutboxEvent,
  type OutboxEvent,
} from '../../../libs/persistence/src/repositories/work/outbox';
import { loanCaseWorkflowId } from '../../../workflows/loan-case/loan-case.shared';

/**
 * What the workflow projects: the whole case (the first projection of a run, and every
 * projection of runs recorded before), or the members of the snapshot that changed since.
 */
export type CaseTransitionInput =
  | { snapshot: CaseSnapshot; entry: TimelineEntry | null }
  | { caseNumber: string; changes: Partial<CaseSnapshot>; entry: TimelineEntry | null };

/** The members of the snapshot that name the case's parties (see `casePartiesOf`). */
const PARTY_MEMBERS = [
  'valuationRequest',
  'valuations',
  'claims',
  'filings',
  'disposal',
] as const satisfies readonly (keyof Parameters<typeof casePartiesOf>[0])[];

/**
 * A step of the case recorded: the read model, the timeline entry, the parties' notice in the
 * outbox and the audit entry.
 */
@Injectable()
export class RecordCaseTransitionUseCase {
  constructor(
    private readonly readModel: CaseReadModelRepository,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Projects the snapshot and the case's parties, appends the timeline entry, its CASE_STEP
   * event and its audit entry, in one transaction. Idempotent: the projection by version, the
   * parties by (case, organisation, kind), the timeline by (case, seq), the event by its key
   * `CASE_STEP:<case number>:<seq>`, the audit entry by its source key `case:<workflowId>:<seq>`.
   */
  async execute(input: CaseTransitionInput): Promise<void> {
    if ('snapshot' in input) return this.projectWhole(input.snapshot, input.entry);
    return this.recordChanges(input);
  }

  /** The whole case: the first projection of a run, and every one of runs recorded before. */
  private async projectWhole(snapshot: CaseSnapshot, entry: TimelineEntry | null): Promise<void> {
    await this.readModel.transaction(async (tx) => {
      const app = snapshot.application;
      await this.readModel.project(
        {
          caseNumber: snapshot.caseNumber,
          workflowId: snapshot.workflowId,
          status: snapshot.status,
          version: snapshot.version,
          bankOrgId: app.bankOrgId,
          districtCode: app.enterprise.districtCode,
          enterpriseUscc: app.enterprise.uscc,
          enterpriseName: app.enterprise.name,
          amount: app.amount,
          termMonths: app.termMonths,
          annualRate: app.annualRate,
          repaymentMethod: app.repaymentMethod,
          preparerUserId: app.preparer.userId,
          applicationDate: app.applicationDate,
          detail: snapshot as unknown as Record<string, unknown>,
        },
        entry && timelineRowOf(entry),
        tx,
        casePartiesOf(snapshot),
      );
      if (!entry) return;
      await appendOutboxEvent(
        tx,
        noticeOf(snapshot.caseNumber, entry, noticeRecipientsOf(snapshot)),
      );
      await this.audit.append(auditEntryOf(snapshot.caseNumber, entry), tx);
    });
  }

  /**
   * Only the changes travel: the notice and the parties are computed from the stored members
   * they need with the changes over them, and the step is written in one statement. The
   * parties are added only when a member naming them changed, and the account columns
   * refreshed only when the business date moved: the ledger's bookings refresh them in their
   * own transactions, and the date is their other input.
   */
  private async recordChanges(input: {
    caseNumber: string;
    changes: Partial<CaseSnapshot>;
    entry: TimelineEntry | null;
  }): Promise<void> {
    const { caseNumber, changes, entry } = input;
    const partiesChanged = PARTY_MEMBERS.some((member) => member in changes);
    const stored = await this.readModel.stepMembers(
      caseNumber,
      partiesChanged ? [...NOTICE_MEMBERS, ...PARTY_MEMBERS] : NOTICE_MEMBERS,
    );
    // The run projected the whole case first, so a missing row is a bug: the attempt fails
    // and is retried, visibly, rather than projecting half a case.
    if (!stored) throw new Error(`case ${caseNumber} has no projection to merge into`);
    const merged = { ...stored.members, ...changes } as StepMembers;
    await this.readModel.recordChangedStep({
      caseNumber,
      readVersion: stored.version,
      changes,
      refreshAccount: 'businessDate' in changes,
      parties: partiesChanged ? casePartiesOf(merged) : { named: [], atOffices: [] },
      timeline: entry && timelineRowOf(entry),
      notice: entry && noticeOf(caseNumber, entry, noticeRecipientsOf(merged)),
      audit: auditAppendArguments(entry ? [auditEntryOf(caseNumber, entry)] : []),
    });
  }
}

/** The snapshot's members a step's notice is computed from (see `noticeRecipientsOf`). */
const NOTICE_MEMBERS = ['status', 'valuationRequest', 'claims'] as const;

/** What `stepMembers` reads: the notice's and the parties' members, the application's bank. */
type StepMembers = Parameters<typeof noticeRecipientsOf>[0] & Parameters<typeof casePartiesOf>[0];

function timelineRowOf(entry: TimelineEntry): TimelineRow {
  return {
    seq: entry.seq,
    event: entry.event,
    fromStatus: entry.fromStatus,
    toStatus: entry.toStatus,
    actorUserId: entry.actor?.userId ?? null,
    actorRole: entry.actor?.role ?? (entry.event === 'OPEN' ? null : 'SYSTEM'),
    businessDate: entry.businessDate,
    occurredAt: entry.occurredAt,
    payload: entry.payload,
  };
}

/** The parties' notice of a step, keyed by the case and the entry's seq. */
function noticeOf(
  caseNumber: string,
  entry: TimelineEntry,
  recipientOrgIds: string[],
): OutboxEvent {
  return {
    eventKey: `CASE_STEP:${caseNumber}:${entry.seq}`,
    eventType: 'CASE_STEP',
    subject: caseNumber,
    caseNumber,
    recipientOrgIds,
    payload: { seq: entry.seq, event: entry.event, toStatus: entry.toStatus },
    businessDate: entry.businessDate,
  };
}

/** The step's audit entry, keyed by the case's workflow and the entry's seq. */
function auditEntryOf(caseNumber: string, entry: TimelineEntry): AuditEntryInput {
  return {
    actor: entry.actor,
    action: 'CASE_TRANSITION',
    subjectType: 'CASE',
    subjectId: caseNumber,
    occurredAt: entry.occurredAt,
    payload: {
      event: entry.event,
      fromStatus: entry.fromStatus,
      toStatus: entry.toStatus,
      businessDate: entry.businessDate,
      timelineSeq: entry.seq,
      details: entry.payload,
    },
    sourceKey: `case:${loanCaseWorkflowId(caseNumber)}:${entry.seq}`,
  };
}

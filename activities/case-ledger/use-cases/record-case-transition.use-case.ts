import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '../../../libs/audit/src/audit-log';
import {
  casePartiesOf,
  noticeRecipientsOf,
} from '../../../libs/domain/src/loan-case/loan-case.parties';
import type {
  CaseSnapshot,
  TimelineEntry,
} from '../../../libs/domain/src/loan-case/loan-case.types';
import { CaseReadModelRepository } from '../../../libs/persistence/src/repositories/loan-case/case-read-model.repository';
import { appendOutboxEvent } from '../../../libs/persistence/src/repositories/work/outbox';

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
    const { entry } = input;
    await this.readModel.transaction(async (tx) => {
      const timeline = entry && {
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
      let snapshot: CaseSnapshot;
      if ('snapshot' in input) {
        snapshot = input.snapshot;
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
          timeline,
          tx,
          casePartiesOf(snapshot),
        );
      } else {
        snapshot = await this.merged(input, tx);
        // Only the changes travel. The parties are added only when a member naming them changed,
        // and the account columns refreshed only when the business date moved: the ledger's
        // bookings refresh them in their own transactions, and the date is their other input.
        await this.readModel.recordStep(
          snapshot.caseNumber,
          timeline,
          tx,
          PARTY_MEMBERS.some((member) => member in input.changes)
            ? casePartiesOf(snapshot)
            : undefined,
          { refreshAccount: 'businessDate' in input.changes },
        );
      }
      if (!entry) return;
      await appendOutboxEvent(tx, {
        eventKey: `CASE_STEP:${snapshot.caseNumber}:${entry.seq}`,
        eventType: 'CASE_STEP',
        subject: snapshot.caseNumber,
        caseNumber: snapshot.caseNumber,
        recipientOrgIds: noticeRecipientsOf(snapshot),
        payload: { seq: entry.seq, event: entry.event, toStatus: entry.toStatus },
        businessDate: entry.businessDate,
      });
      await this.audit.append(
        {
          actor: entry.actor,
          action: 'CASE_TRANSITION',
          subjectType: 'CASE',
          subjectId: snapshot.caseNumber,
          occurredAt: entry.occurredAt,
          payload: {
            event: entry.event,
            fromStatus: entry.fromStatus,
            toStatus: entry.toStatus,
            businessDate: entry.businessDate,
            timelineSeq: entry.seq,
            details: entry.payload,
          },
          sourceKey: `case:${snapshot.workflowId}:${entry.seq}`,
        },
        tx,
      );
    });
  }

  /** The stored case with the changed members in place of its own, written. */
  private async merged(
    input: { caseNumber: string; changes: Partial<CaseSnapshot> },
    tx: EntityManager,
  ): Promise<CaseSnapshot> {
    const merged = await this.readModel.mergeChanges(input.caseNumber, input.changes, tx);
    // The run projected the whole case first, so a missing row is a bug: the attempt fails
    // and is retried, visibly, rather than projecting half a case.
    if (!merged) throw new Error(`case ${input.caseNumber} has no projection to merge into`);
    return merged as unknown as CaseSnapshot;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendOutboxEvent } from '../../libs/persistence/src/repositories/work/outbox';

/** The notice a loan-case run recorded before its projection wrote it to the outbox. */
export interface CaseNotice {
  /** `${caseNumber}:${seq}` of the timeline entry. */
  key: string;
  caseNumber: string;
  template: string;
  recipientOrgIds: string[];
  payload: { status: string; event: string; businessDate: string };
}

/**
 * Kept for runs recorded before the projection wrote the notice (their histories schedule this
 * activity): it appends the same CASE_STEP event the projection would, under the same key, so
 * whichever comes first writes it and the other writes nothing.
 */
@Injectable()
export class NotificationActivities {
  constructor(private readonly db: DataSource) {}

  async enqueueNotification(notice: CaseNotice): Promise<string> {
    const seq = Number(notice.key.slice(notice.key.lastIndexOf(':') + 1));
    await appendOutboxEvent(this.db, {
      eventKey: `CASE_STEP:${notice.key}`,
      eventType: 'CASE_STEP',
      subject: notice.caseNumber,
      caseNumber: notice.caseNumber,
      recipientOrgIds: notice.recipientOrgIds,
      payload: { seq, event: notice.payload.event, toStatus: notice.payload.status },
      businessDate: notice.payload.businessDate,
    });
    return `CASE_STEP:${notice.key}`;
  }
}

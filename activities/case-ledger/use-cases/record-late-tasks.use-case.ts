import { Injectable } from '@nestjs/common';
import { InboxRepository } from '../../../libs/persistence/src/repositories/work/inbox.repository';
import { appendOutboxEvent } from '../../../libs/persistence/src/repositories/work/outbox';

export interface RecordLateTasksCommand {
  /** The business date before close of business, and the one it moved to. */
  from: string;
  to: string;
}

/**
 * Close of business: every task whose deadline passed in the days just closed (late on `to`,
 * not yet on `from`) gets one TASK_LATE event for its organisation, in one transaction. The
 * event's key names the task and its deadline, so a retried or repeated run appends nothing,
 * while a task whose deadline moved (a new limit) is reported again for the new one.
 */
@Injectable()
export class RecordLateTasksUseCase {
  constructor(private readonly inbox: InboxRepository) {}

  async execute(input: RecordLateTasksCommand): Promise<{ reported: number }> {
    return this.inbox.transaction(async (tx) => {
      let reported = 0;
      for (const task of await this.inbox.becameLate(input.from, input.to, tx)) {
        const appended = await appendOutboxEvent(tx, {
          eventKey: `TASK_LATE:${task.id}:${task.deadline}`,
          eventType: 'TASK_LATE',
          subject: task.id,
          caseNumber: task.caseNumber,
          recipientOrgIds: [task.organisationId],
          payload: { kind: task.kind, roles: task.roles, deadline: task.deadline },
          businessDate: input.to,
        });
        if (appended) reported += 1;
      }
      return { reported };
    });
  }
}

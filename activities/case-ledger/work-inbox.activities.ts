import { Injectable } from '@nestjs/common';
import {
  RecordLateTasksUseCase,
  type RecordLateTasksCommand,
} from './use-cases/record-late-tasks.use-case';

/** The work inbox at close of business: tasks that became late are reported once. */
@Injectable()
export class WorkInboxActivities {
  constructor(private readonly recordLate: RecordLateTasksUseCase) {}

  recordLateTasks(input: RecordLateTasksCommand): Promise<{ reported: number }> {
    return this.recordLate.execute(input);
  }
}

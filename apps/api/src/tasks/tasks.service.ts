import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ProblemException } from '../../../../libs/common/src/problem';
import {
  isTaskKind,
  rolesEscalatedTo,
  TASK_KINDS,
  taskSlaProblem,
  workItemSubjectType,
  type TaskSla,
} from '../../../../libs/domain/src/tasks/tasks';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import {
  InboxRepository,
  type InboxRow,
} from '../../../../libs/persistence/src/repositories/work/inbox.repository';
import type { ProcessName } from '../allowed-actions/performs-transition';
import { TransitionRoutes } from '../allowed-actions/transition-routes';
import type { ListTasksQuery } from './tasks.request.dto';

/** The approval route of a proposed top-up, by what it tops up. */
function topUpApprovalPath(params: Record<string, string>): string {
  const id = encodeURIComponent(params.id ?? '');
  return params.target === 'BUDGET_POOL'
    ? `/api/v1/subsidies/budgets/top-ups/${id}/approve`
    : `/api/v1/compensation-funds/${encodeURIComponent(params.targetKey ?? '')}/top-ups/${id}/approve`;
}

/** The work inbox: the caller's tasks in the contract's shape, and the time limits. */
@Injectable()
export class TasksService {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly calendar: BusinessCalendarRepository,
    private readonly routes: TransitionRoutes,
  ) {}

  async list(query: ListTasksQuery, user: AuthenticatedUser) {
    const { businessDate: today, generation } = await this.calendar.currentWithGeneration();
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const escalatedFrom = rolesEscalatedTo(user.role);
    const found = await this.inbox.inbox(
      { userId: user.userId, role: user.role, organisationId: user.organisationId, escalatedFrom },
      today,
      {
        kinds: query.kind?.split(','),
        sla: query.sla,
        caseNumber: query.caseNumber,
        sort: query.sort ?? 'deadline',
        page,
        pageSize,
      },
      generation,
    );
    return {
      items: found.items.map((row) => this.task(row, user, escalatedFrom)),
      total: found.total,
      page,
      pageSize,
      counts: found.counts,
      late: found.late,
      dueSoon: found.dueSoon,
    };
  }

  private task(row: InboxRow, user: AuthenticatedUser, escalatedFrom: readonly string[]) {
    const role = row.roles.includes(user.role)
      ? user.role
      : (row.roles.find((r) => escalatedFrom.includes(r)) ?? row.roles[0]!);
    const known = isTaskKind(row.kind) ? TASK_KINDS[row.kind] : null;
    const detail = row.detail ?? {};
    const subjectType =
      row.subjectType === 'WORK_ITEM' ? workItemSubjectType(row.kind) : row.subjectType;
    // A work item about a case's disposal opens the disposal of its case.
    const subjectId =
      row.caseNumber && (subjectType === 'DISPOSAL' || subjectType === 'CASE')
        ? row.caseNumber
        : row.subjectId;
    return {
      id: row.id,
      kind: row.kind,
      subject: { type: subjectType, id: subjectId, caseNumber: row.caseNumber, label: row.label },
      titleZh: (detail.titleZh as string | undefined) ?? known?.titleZh ?? row.kind,
      titleEn: (detail.titleEn as string | undefined) ?? known?.titleEn ?? row.kind,
      action: this.action(row, role),
      since: row.since,
      deadline: row.deadline,
      workingDaysAllowed: row.workingDaysAllowed,
      workingDaysLeft: row.workingDaysLeft,
      sla: row.sla,
      escalated: row.escalated,
    };
  }

  /** What does the task: the route of its transition row, a top-up's approval, a work item's own. */
  private action(row: InboxRow, role: string) {
    if (row.process) {
      const routed = this.routes.action(row.process as ProcessName, row.event, role, row.params);
      return routed ? { event: row.event, method: routed.method, path: routed.path, role } : null;
    }
    if (row.event === 'APPROVE_TOP_UP') {
      return { event: row.event, method: 'POST', path: topUpApprovalPath(row.params), role };
    }
    const action = (row.detail?.action ?? null) as { method: string; path: string } | null;
    return action ? { event: row.kind, method: action.method, path: action.path, role } : null;
  }

  slas() {
    return this.inbox.slas().then((items) => ({ items }));
  }

  /** Checks every limit first: one refused limit stores none. */
  async setSlas(items: readonly TaskSla[], user: AuthenticatedUser) {
    for (const sla of items) {
      const problem = taskSlaProblem(sla);
      if (problem) {
        throw new ProblemException(problem.code, problem.message, {
          extensions: { organisationKind: sla.organisationKind, taskKind: sla.taskKind },
        });
      }
    }
    await this.inbox.setSlas(items, user.userId);
    return this.slas();
  }
}

import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { AuditSubject } from '../audit/audit.decorators';
import { ListTasksQuery, SetTaskSlasDto } from './tasks.request.dto';
import { TasksService } from './tasks.service';

/**
 * The work inbox (待办): every task waiting on the caller, from the state of cases, claims,
 * disposals and top-ups and from open work items, with its deadline in working days.
 */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get('tasks')
  @ApiOperation({
    summary:
      'Tasks waiting on the caller (and late tasks of the roles it supervises), by deadline; counts per kind',
  })
  @ApiOkResponse({
    description:
      '{ items: Task[], total, page, pageSize, counts: { <kind>: n }, late, dueSoon }; 400 VALIDATION_FAILED for a bad filter',
  })
  list(@Query() query: ListTasksQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.list(query, user);
  }

  @Get('admin/task-sla')
  @Roles('ADMINISTRATOR')
  @ApiOperation({ summary: 'The time limit of every task kind per kind of organisation' })
  @ApiOkResponse({
    description: '{ items: [{ organisationKind, taskKind, workingDays, dueSoonDays, updatedBy }] }',
  })
  slas() {
    return this.tasks.slas();
  }

  @Put('admin/task-sla')
  @Roles('ADMINISTRATOR')
  @AuditSubject('TASK_SLA', ({ body }) => {
    const items = (body as { items?: { organisationKind?: unknown; taskKind?: unknown }[] })?.items;
    return Array.isArray(items)
      ? items
          .map((i) => `${String(i?.organisationKind)}/${String(i?.taskKind)}`)
          .join(',')
          .slice(0, 200)
      : undefined;
  })
  @ApiOperation({
    summary: 'Change time limits (1 to 60 working days; due soon from 0 to below the limit)',
  })
  @ApiOkResponse({
    description:
      'every limit, as GET answers; 422 TASK_SLA_INVALID or TASK_SLA_UNKNOWN_KIND (nothing stored)',
  })
  setSlas(@Body() body: SetTaskSlasDto, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.setSlas(body.items, user);
  }
}

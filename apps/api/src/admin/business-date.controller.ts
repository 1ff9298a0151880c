import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { AppConfig } from '../../../../libs/common/src/config';
import { ProblemException } from '../../../../libs/common/src/problem';
import { TEMPORAL_CLIENT, TemporalClientHolder } from '../../../../libs/common/src/temporal.module';
import { compareDates } from '../../../../libs/domain/src/business-date';
import { BusinessCalendarRepository } from '../../../../libs/persistence/src/repositories/business-calendar.repository';
import {
  CLOSE_OF_BUSINESS_WORKFLOW,
  closeOfBusinessWorkflowId,
  type CloseOfBusinessResult,
} from '../../../../workflows/close-of-business/close-of-business.shared';
import { AuditSubject } from '../audit/audit.decorators';
import { IsCalendarDate } from '../common/validation';

class AdvanceBusinessDateDto {
  @ApiProperty({ example: '2026-02-15' })
  @IsCalendarDate()
  to: string;
}

class BusinessDateView {
  @ApiProperty({ example: '2026-02-15' })
  businessDate: string;
}

@ApiTags('business date')
@ApiBearerAuth()
@Controller('api/v1')
export class BusinessDateController {
  constructor(
    private readonly calendar: BusinessCalendarRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly temporal: TemporalClientHolder,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get('business-date')
  @ApiOperation({ summary: 'The business date the programme runs on' })
  @ApiOkResponse({ type: BusinessDateView })
  async current(): Promise<BusinessDateView> {
    return { businessDate: await this.calendar.current() };
  }

  @Post('admin/business-date/advance')
  @HttpCode(200)
  @Roles('ADMINISTRATOR')
  @AuditSubject('BUSINESS_DATE', ({ body }) => {
    const to = (body as { to?: unknown } | undefined)?.to;
    return typeof to === 'string' ? to : undefined;
  })
  @ApiOperation({
    summary: 'Run close of business up to a date (demo and test; not in production)',
  })
  async advance(
    @Body() body: AdvanceBusinessDateDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CloseOfBusinessResult> {
    if (this.config.isProduction)
      throw new ProblemException(
        'MANUAL_DATE_DISABLED',
        'In production only the nightly schedule advances the business date',
      );
    const current = await this.calendar.current();
    if (compareDates(body.to, current) <= 0) {
      throw new ProblemException(
        'BUSINESS_DATE_NOT_FORWARD',
        `The business date is ${current}; it only moves forward`,
        { extensions: { current } },
      );
    }
    return this.client.workflow.execute(CLOSE_OF_BUSINESS_WORKFLOW, {
      workflowId: closeOfBusinessWorkflowId(body.to, this.temporal.taskQueue),
      taskQueue: this.temporal.taskQueue,
      args: [{ targetDate: body.to, requestedBy: user.userId }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { BudgetPlanDto, ListBudgetsQuery, TopUpDto } from './subsidy-policy.request.dto';
import { SubsidyPoliciesService } from './subsidy-policies.service';

/** Budget pools per district, kind and year: total, reserved, paid, available, waitlisted. */
@ApiTags('subsidies')
@ApiBearerAuth()
@Controller('api/v1/subsidies/budgets')
export class SubsidyBudgetsController {
  constructor(private readonly service: SubsidyPoliciesService) {}

  @Get()
  @Roles('DISTRICT_REVIEWER', 'DISTRICT_APPROVER', 'ADMINISTRATOR')
  @ApiOperation({
    summary: "Budget status of the caller's district (all districts for administrators)",
  })
  list(@Query() query: ListBudgetsQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.service.listBudgets(query.year, user);
  }

  @Get('plans')
  @Roles('DISTRICT_REVIEWER', 'DISTRICT_APPROVER', 'ADMINISTRATOR')
  @ApiOperation({
    summary: "Planned annual budgets of the caller's district (all districts for administrators)",
  })
  listPlans(@Query() query: ListBudgetsQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.service.listPlans(query.year, user);
  }

  @Put('plans')
  @Roles('DISTRICT_APPROVER')
  @ApiOperation({
    summary:
      'Set the planned budget of a future year’s pool of the caller’s district; the year close opens the pool at it (not money until then: one approver)',
  })
  setPlan(@Body() body: BudgetPlanDto, @CurrentUser() user: AuthenticatedUser) {
    return this.service.setPlan(body, user);
  }

  @Post('top-up')
  @HttpCode(200)
  @Roles('DISTRICT_REVIEWER', 'DISTRICT_APPROVER')
  @ApiOperation({
    summary:
      'Propose raising a pool of the caller’s district under the funding document’s number (文号); another user approves',
  })
  proposeTopUp(@Body() body: TopUpDto, @CurrentUser() user: AuthenticatedUser) {
    return this.service.proposeTopUp(body, user);
  }

  @Post('top-ups/:id/approve')
  @HttpCode(200)
  @Roles('DISTRICT_APPROVER')
  @ApiOperation({
    summary:
      'Approve a top-up proposed by someone else; the pool is raised and waitlisted claims reserve, first submitted first',
  })
  approveTopUp(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.service.approveTopUp(id, user);
  }

  @Post('top-ups/:id/reject')
  @HttpCode(200)
  @Roles('DISTRICT_APPROVER')
  @ApiOperation({ summary: 'Reject a top-up proposed by someone else; nothing is applied' })
  rejectTopUp(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.service.rejectTopUp(id, user);
  }
}

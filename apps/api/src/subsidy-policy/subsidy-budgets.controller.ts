import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ListBudgetsQuery, TopUpDto } from './subsidy-policy.request.dto';
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

  @Post('top-up')
  @HttpCode(200)
  @Roles('DISTRICT_APPROVER')
  @ApiOperation({
    summary:
      'Raise a pool of the caller’s district; waitlisted claims then reserve, first submitted first',
  })
  topUp(@Body() body: TopUpDto, @CurrentUser() user: AuthenticatedUser) {
    return this.service.topUp(body, user);
  }
}

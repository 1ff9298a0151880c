import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { ListPoliciesQuery, PublishPolicyDto, WhatIfDto } from './subsidy-policy.request.dto';
import { SubsidyPoliciesService } from './subsidy-policies.service';
import { SubsidyWhatIfService } from './subsidy-what-if.service';

/** District subsidy policies: versioned data, published by the district's approvers. */
@ApiTags('subsidies')
@ApiBearerAuth()
@Controller('api/v1/subsidies/policies')
export class SubsidyPoliciesController {
  constructor(
    private readonly service: SubsidyPoliciesService,
    private readonly whatIf: SubsidyWhatIfService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Policy versions, by district and kind' })
  list(@Query() query: ListPoliciesQuery) {
    return this.service.listPolicies(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.service.getPolicy(id);
  }

  @Post()
  @Roles('DISTRICT_APPROVER')
  @ApiOperation({
    summary:
      "Publish the next version of the caller's district policy (terms checked; claims already submitted keep their version)",
  })
  publish(@Body() body: PublishPolicyDto, @CurrentUser() user: AuthenticatedUser) {
    return this.service.publish(body, user);
  }

  @Post('what-if')
  @HttpCode(200)
  @Roles('DISTRICT_APPROVER')
  @ApiOperation({
    summary:
      "Re-run a draft policy over the caller's district claims submitted from..to: per month, what it would have paid against what was paid (nothing stored)",
  })
  runWhatIf(@Body() body: WhatIfDto, @CurrentUser() user: AuthenticatedUser) {
    return this.whatIf.run(body, user);
  }
}

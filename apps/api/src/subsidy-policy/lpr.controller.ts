import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { LprDto } from './subsidy-policy.request.dto';
import { SubsidyPoliciesService } from './subsidy-policies.service';

/** The loan prime rate table (date → 1-year and 5-year rates), data maintained by administrators. */
@ApiTags('subsidies')
@ApiBearerAuth()
@Controller('api/v1/lpr')
export class LprController {
  constructor(private readonly service: SubsidyPoliciesService) {}

  @Get()
  @ApiOperation({ summary: 'The LPR table, oldest first (rates as fractions)' })
  list() {
    return this.service.lprTable();
  }

  @Put(':effectiveFrom')
  @Roles('ADMINISTRATOR')
  @ApiOperation({ summary: 'Set the rates in force from a date (a correction overwrites it)' })
  put(
    @Param('effectiveFrom') effectiveFrom: string,
    @Body() body: LprDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.service.putLpr(effectiveFrom, body, user);
  }
}

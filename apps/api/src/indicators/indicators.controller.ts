import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { IndicatorsQuery } from './indicators.request.dto';
import { IndicatorsResponseDto } from './indicators.response.dto';
import { IndicatorsService } from './indicators.service';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @Roles(
    'LOAN_OFFICER',
    'CREDIT_APPROVER',
    'DISTRICT_REVIEWER',
    'DISTRICT_APPROVER',
    'ADMINISTRATOR',
  )
  @ApiOperation({
    summary: 'Programme indicators of a year, counted up to a date (docs/indicators.md)',
    description:
      "A bank reads its own loans' figures, a district its firms', the administrator everything; " +
      'a filter outside that is refused (403 FILTER_FORBIDDEN). Money in yuan, growth and rates ' +
      'with four decimals (null when the base is zero), medians in working days.',
  })
  @ApiOkResponse({
    type: IndicatorsResponseDto,
    description: 'the figures, the filters applied and the plan’s targets',
  })
  @ApiForbiddenResponse({
    description: 'ROLE_FORBIDDEN for other roles; FILTER_FORBIDDEN for another bank or district',
  })
  @ApiUnprocessableEntityResponse({ description: 'AS_OF_AFTER_BUSINESS_DATE' })
  get(
    @Query() query: IndicatorsQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<IndicatorsResponseDto> {
    return this.indicators.figures(query, user);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { AuditSubject } from '../audit/audit.decorators';
import { RegisterEnterpriseDto, SearchEnterprisesQuery } from './enterprise.request.dto';
import { EnterpriseService } from './enterprise.service';

/** The enterprise register (企业名录): the facts a case takes about its pledgor. */
@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('api/v1/enterprises')
@AuditSubject('ENTERPRISE', ({ params, body }) => {
  if (params.uscc) return params.uscc.toUpperCase();
  const uscc = (body as { uscc?: unknown } | undefined)?.uscc;
  return typeof uscc === 'string' ? uscc.trim().toUpperCase() : undefined;
})
export class EnterpriseController {
  constructor(private readonly enterprises: EnterpriseService) {}

  @Get()
  @ApiOperation({ summary: 'Search the register by legal name or USCC, paged' })
  search(@Query() query: SearchEnterprisesQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.enterprises.search(query, user);
  }

  @Get(':uscc')
  get(@Param('uscc') uscc: string, @CurrentUser() user: AuthenticatedUser) {
    return this.enterprises.get(uscc, user);
  }

  @Post()
  @Roles('LOAN_OFFICER', 'CREDIT_APPROVER', 'ADMINISTRATOR')
  @ApiOperation({
    summary:
      'Register a firm; a district other than the one its USCC names waits for a second person',
  })
  create(@Body() body: RegisterEnterpriseDto, @CurrentUser() user: AuthenticatedUser) {
    return this.enterprises.create(body, user);
  }

  @Post(':uscc/confirm-district')
  @HttpCode(200)
  @Roles('LOAN_OFFICER', 'CREDIT_APPROVER', 'ADMINISTRATOR')
  @ApiOperation({ summary: "Confirm a registered district (a user other than the registrar's)" })
  confirmDistrict(@Param('uscc') uscc: string, @CurrentUser() user: AuthenticatedUser) {
    return this.enterprises.confirmDistrict(uscc, user);
  }
}

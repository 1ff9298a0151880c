import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import {
  ClaimReasonDto,
  ConfirmPremiumDto,
  InsuranceClaimDto,
  InterestClaimDto,
  ListClaimsQuery,
  PayClaimDto,
  ReviewClaimDto,
} from './subsidy.dto';
import { SubsidyClaimsService } from './subsidy-claims.service';

/**
 * Subsidy claims. Each claim is its own Temporal workflow; every step is an Update whose
 * validator refuses a wrong state, role or district (409/403/422 problem JSON).
 */
@ApiTags('subsidies')
@ApiBearerAuth()
@Controller('api/v1/subsidies')
export class SubsidyClaimsController {
  constructor(private readonly claims: SubsidyClaimsService) {}

  @Post('claims/interest')
  @Roles('LOAN_OFFICER', 'ENTERPRISE')
  @ApiOperation({
    summary:
      'Claim the interest subsidy for instalments from..to of a loan; figures come from the bank ledger',
  })
  submitInterest(@Body() body: InterestClaimDto, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.submitInterest(body, user);
  }

  @Post('claims/insurance')
  @Roles('LOAN_OFFICER', 'ENTERPRISE')
  @ApiOperation({ summary: 'Claim the premium subsidy for one insurance policy of a loan' })
  submitInsurance(@Body() body: InsuranceClaimDto, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.submitInsurance(body, user);
  }

  @Get('claims')
  @ApiOperation({ summary: 'Claims visible to the caller, first submitted first' })
  list(@Query() query: ListClaimsQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.list(query, user);
  }

  @Get('work-queue')
  @ApiOperation({
    summary: 'Claims awaiting the caller’s review, approval, payment or confirmation',
  })
  workQueue(@CurrentUser() user: AuthenticatedUser) {
    return this.claims.workQueue(user);
  }

  @Get('claims/:id')
  @ApiOperation({ summary: 'A claim with its computation step by step and its timeline' })
  get(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.detail(id, user);
  }

  @Post('claims/:id/insurer-confirmation')
  @HttpCode(200)
  @Roles('INSURER')
  confirmPremium(
    @Param('id') id: string,
    @Body() body: ConfirmPremiumDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.claims.act(id, 'insurer-confirmation', { premium: body.premium }, user);
  }

  @Post('claims/:id/review')
  @HttpCode(200)
  @Roles('DISTRICT_REVIEWER', 'DISTRICT_APPROVER')
  review(
    @Param('id') id: string,
    @Body() body: ReviewClaimDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.claims.act(id, 'review', { note: body.note ?? null }, user);
  }

  @Post('claims/:id/approve')
  @HttpCode(200)
  @Roles('DISTRICT_APPROVER')
  @ApiOperation({
    summary: 'Approve (not by the reviewer); a waitlisted claim first tries to reserve budget',
  })
  approve(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.act(id, 'approve', {}, user);
  }

  @Post('claims/:id/pay')
  @HttpCode(200)
  @Roles('DISTRICT_APPROVER')
  pay(@Param('id') id: string, @Body() body: PayClaimDto, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.act(id, 'pay', { paymentReference: body.paymentReference }, user);
  }

  @Post('claims/:id/reject')
  @HttpCode(200)
  @Roles('DISTRICT_REVIEWER', 'DISTRICT_APPROVER', 'INSURER')
  reject(
    @Param('id') id: string,
    @Body() body: ClaimReasonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.claims.act(id, 'reject', { reason: body.reason }, user);
  }

  @Post('claims/:id/claw-back')
  @HttpCode(200)
  @Roles('DISTRICT_APPROVER')
  clawBack(
    @Param('id') id: string,
    @Body() body: ClaimReasonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.claims.act(id, 'claw-back', { reason: body.reason }, user);
  }
}

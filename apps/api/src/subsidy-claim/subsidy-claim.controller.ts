import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { SUBSIDY_CLAIM_ACTIONS } from './subsidy-claim.actions';
import {
  ConfirmPremiumDto,
  InsuranceSubsidyClaimDto,
  InterestSubsidyClaimDto,
  ListSubsidyClaimsQuery,
  PaySubsidyClaimDto,
  ReviewSubsidyClaimDto,
  SubsidyClaimReasonDto,
} from './subsidy-claim.request.dto';
import { SubsidyClaimService } from './subsidy-claim.service';
import { PerformsTransition } from '../allowed-actions/performs-transition';

/**
 * Subsidy claims. Each claim is its own Temporal workflow; every step is an Update whose
 * validator refuses a wrong state, role or district (409/403/422 problem JSON).
 */
@ApiTags('subsidies')
@ApiBearerAuth()
@Controller('api/v1/subsidies')
export class SubsidyClaimController {
  constructor(private readonly claims: SubsidyClaimService) {}

  @Post('claims/interest')
  @Roles('LOAN_OFFICER', 'ENTERPRISE')
  @ApiOperation({
    summary:
      'Claim the interest subsidy for instalments from..to of a loan; figures come from the bank ledger',
  })
  @PerformsTransition('subsidy-claim', 'SUBMIT', 'SUBMIT_WAITLISTED', 'SUBMIT_AWAITING_INSURER')
  submitInterest(@Body() body: InterestSubsidyClaimDto, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.submitInterest(body, user);
  }

  @Post('claims/insurance')
  @Roles('LOAN_OFFICER', 'ENTERPRISE')
  @ApiOperation({ summary: 'Claim the premium subsidy for one insurance policy of a loan' })
  @PerformsTransition('subsidy-claim', 'SUBMIT', 'SUBMIT_WAITLISTED', 'SUBMIT_AWAITING_INSURER')
  submitInsurance(@Body() body: InsuranceSubsidyClaimDto, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.submitInsurance(body, user);
  }

  @Get('claims')
  @ApiOperation({ summary: 'Claims visible to the caller, first submitted first' })
  list(@Query() query: ListSubsidyClaimsQuery, @CurrentUser() user: AuthenticatedUser) {
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

  @Get('claims/:id/allowed-actions')
  @ApiOperation({
    summary: 'The steps the caller could take on the claim now, from its transition table',
  })
  allowedActions(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.allowedActions(id, user);
  }

  @Post('claims/:id/insurer-confirmation')
  @HttpCode(200)
  @Roles('INSURER')
  @PerformsTransition('subsidy-claim', 'CONFIRM_PREMIUM', 'CONFIRM_PREMIUM_WAITLISTED')
  confirmPremium(
    @Param('id') id: string,
    @Body() body: ConfirmPremiumDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.claims.act(id, SUBSIDY_CLAIM_ACTIONS['insurer-confirmation'], body, user);
  }

  @Post('claims/:id/review')
  @HttpCode(200)
  @Roles('DISTRICT_REVIEWER', 'DISTRICT_APPROVER')
  @PerformsTransition('subsidy-claim', 'REVIEW', 'REVIEW_WAITLISTED')
  review(
    @Param('id') id: string,
    @Body() body: ReviewSubsidyClaimDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.claims.act(id, SUBSIDY_CLAIM_ACTIONS.review, body, user);
  }

  @Post('claims/:id/approve')
  @HttpCode(200)
  @Roles('DISTRICT_APPROVER')
  @ApiOperation({
    summary: 'Approve (not by the reviewer); a waitlisted claim first tries to reserve budget',
  })
  @PerformsTransition('subsidy-claim', 'APPROVE', 'APPROVE_FROM_WAITLIST')
  approve(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.act(id, SUBSIDY_CLAIM_ACTIONS.approve, {}, user);
  }

  @Post('claims/:id/pay')
  @HttpCode(200)
  @Roles('DISTRICT_REVIEWER', 'DISTRICT_APPROVER')
  @PerformsTransition('subsidy-claim', 'PAY')
  pay(
    @Param('id') id: string,
    @Body() body: PaySubsidyClaimDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.claims.act(id, SUBSIDY_CLAIM_ACTIONS.pay, body, user);
  }

  @Post('claims/:id/reject')
  @HttpCode(200)
  @Roles('DISTRICT_REVIEWER', 'DISTRICT_APPROVER', 'INSURER')
  @PerformsTransition('subsidy-claim', 'REJECT', 'REJECT_AWAITING_INSURER')
  reject(
    @Param('id') id: string,
    @Body() body: SubsidyClaimReasonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.claims.act(id, SUBSIDY_CLAIM_ACTIONS.reject, body, user);
  }

  @Post('claims/:id/claw-back')
  @HttpCode(200)
  @Roles('DISTRICT_APPROVER')
  @PerformsTransition('subsidy-claim', 'CLAW_BACK')
  clawBack(
    @Param('id') id: string,
    @Body() body: SubsidyClaimReasonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.claims.act(id, SUBSIDY_CLAIM_ACTIONS['claw-back'], body, user);
  }
}

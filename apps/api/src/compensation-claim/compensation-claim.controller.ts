import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { AuditSubject } from '../audit/audit.decorators';
import { LoanCaseService } from '../loan-case/loan-case.service';
import {
  CompensationClaimPaymentDto,
  DefaultProposalDto,
  OptionalReasonDto,
} from './compensation-claim.request.dto';
import { CompensationClaimService } from './compensation-claim.service';
import { PerformsTransition } from '../allowed-actions/performs-transition';

/**
 * A failing loan before its disposal: the bank's default declaration, the delinquency moves, and
 * the insurer's and the fund's compensation claims. The steps are Updates of the loan-case
 * workflow, sent through the case's own action map; it refuses a wrong state, role, organisation or
 * payload with a problem JSON before anything enters history.
 */
@ApiTags('default and disposal')
@ApiBearerAuth()
@Controller('api/v1/cases/:id')
@AuditSubject('CASE', ({ params }) => params.id)
export class CompensationClaimController {
  constructor(
    private readonly cases: LoanCaseService,
    private readonly claims: CompensationClaimService,
  ) {}

  // No role guard on the default's three routes: the workflow refuses another role
  // (ROLE_FORBIDDEN) and the refusal is audited like every other.
  @Post('default')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A loan officer proposes to declare the loan in default (reason code from GET /default-reasons); the case does not change status',
  })
  @PerformsTransition('loan-case', 'PROPOSE_DEFAULT')
  declareDefault(
    @Param('id') id: string,
    @Body() body: DefaultProposalDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'declare-default', body, user);
  }

  @Post('default/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A credit approver of the bank, not the proposer, confirms the default proposal: the loss is fixed and the claims filed',
  })
  @PerformsTransition('loan-case', 'DECLARE_DEFAULT')
  confirmDefault(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.act(id, 'confirm-default', {}, user);
  }

  @Post('default/reject')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A credit approver of the bank, not the proposer, rejects the default proposal (reason required)',
  })
  @PerformsTransition('loan-case', 'REJECT_DEFAULT')
  rejectDefault(
    @Param('id') id: string,
    @Body() body: OptionalReasonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'reject-default', body, user);
  }

  @Get('delinquency')
  @ApiOperation({ summary: 'Every move between delinquency buckets' })
  delinquency(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.delinquency(id, user);
  }

  @Get('compensation-claims')
  @ApiOperation({ summary: 'Insurance and risk-compensation claims with their payments' })
  list(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.claims.ofCase(id, user);
  }

  @Post('compensation-claims/:claimId/confirm')
  @HttpCode(200)
  @Roles('INSURER')
  @PerformsTransition('loan-case', 'CONFIRM_INSURANCE_CLAIM')
  confirm(
    @Param('id') id: string,
    @Param('claimId') claimId: string,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'confirm-insurance-claim', { claimId }, user);
  }

  @Post('compensation-claims/:claimId/review')
  @HttpCode(200)
  @Roles('FUND_MANAGER')
  @ApiOperation({ summary: "The fund manager reviews the claim (after the scheme's trigger days)" })
  @PerformsTransition('loan-case', 'REVIEW_FUND_CLAIM')
  review(
    @Param('id') id: string,
    @Param('claimId') claimId: string,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'review-fund-claim', { claimId }, user);
  }

  @Post('compensation-claims/:claimId/pay')
  @HttpCode(200)
  @Roles('INSURER', 'FUND_MANAGER')
  @ApiOperation({
    summary:
      "Pay the claim: the share, limited by the cap and (for the fund) by the fund's balance",
  })
  @PerformsTransition('loan-case', 'PAY_INSURANCE_CLAIM', 'PAY_FUND_CLAIM')
  async pay(
    @Param('id') id: string,
    @Param('claimId') claimId: string,
    @Body() body: CompensationClaimPaymentDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    if (body.reference) await this.claims.assertReferenceUnused(claimId, body.reference, user);
    const payment = { claimId, reference: body.reference };
    return user.role === 'INSURER'
      ? this.cases.act(id, 'pay-insurance-claim', payment, user)
      : this.cases.act(id, 'pay-fund-claim', payment, user);
  }
}

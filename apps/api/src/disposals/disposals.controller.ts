import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { AuditSubject } from '../audit/audit.decorators';
import { ValuationReportDto } from '../loan-case/loan-case.request.dto';
import { LoanCaseService } from '../loan-case/loan-case.service';
import {
  BidDto,
  ClaimPaymentDto,
  CompleteSaleDto,
  DisposalMethodDto,
  OpenRoundDto,
  OptionalReasonDto,
  ProposeSaleDto,
} from './default-disposal.dto';
import { DisposalsService } from './disposals.service';

/**
 * Default, compensation claims and disposal of a case. Case steps are Updates of the loan-case
 * workflow; disposal steps are Updates of the case's disposal workflow. Either refuses a wrong
 * state, role, organisation or payload with a problem JSON before anything enters history.
 */
@ApiTags('default and disposal')
@ApiBearerAuth()
@Controller('api/v1/cases/:id')
@AuditSubject('CASE', ({ params }) => params.id)
export class DisposalsController {
  constructor(
    private readonly cases: LoanCaseService,
    private readonly disposals: DisposalsService,
  ) {}

  @Post('default')
  @HttpCode(200)
  @Roles('LOAN_OFFICER', 'CREDIT_APPROVER')
  @ApiOperation({ summary: 'The bank declares the loan in default (reason required)' })
  declareDefault(
    @Param('id') id: string,
    @Body() body: OptionalReasonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'declare-default', { reason: body.reason ?? '' }, user);
  }

  @Get('delinquency')
  @ApiOperation({ summary: 'Every move between delinquency buckets' })
  delinquency(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.disposals.delinquency(id, user);
  }

  @Get('compensation-claims')
  @ApiOperation({ summary: 'Insurance and risk-compensation claims with their payments' })
  claims(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.disposals.claims(id, user);
  }

  @Post('compensation-claims/:claimId/confirm')
  @HttpCode(200)
  @Roles('INSURER')
  confirmClaim(
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
  reviewClaim(
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
  payClaim(
    @Param('id') id: string,
    @Param('claimId') claimId: string,
    @Body() body: ClaimPaymentDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    const action = user.role === 'INSURER' ? 'pay-insurance-claim' : 'pay-fund-claim';
    return this.cases.act(id, action, { claimId, reference: body.reference }, user);
  }

  @Post('disposal')
  @HttpCode(200)
  @Roles('LOAN_OFFICER')
  @ApiOperation({ summary: 'Start disposing of the pledged IP (starts the disposal workflow)' })
  startDisposal(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.act(id, 'start-disposal', {}, user);
  }

  @Get('disposal')
  @ApiOperation({
    summary: 'The disposal: status, valuation used, floor, rounds, bids, sale, timeline',
  })
  disposal(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.disposals.disposal(id, user);
  }

  @Get('disposal/rounds')
  rounds(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.disposals.rounds(id, user);
  }

  @Get('disposal/bids')
  bids(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.disposals.bids(id, user);
  }

  @Post('disposal/valuation')
  @HttpCode(200)
  @Roles('EVALUATOR')
  @ApiOperation({ summary: 'A refreshed valuation when the last one is no longer valid' })
  valuation(
    @Param('id') id: string,
    @Body() body: ValuationReportDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(
      id,
      'valuation',
      { ...body, validUntil: body.validUntil ?? null },
      user,
    );
  }

  @Post('disposal/method')
  @HttpCode(200)
  @Roles('LOAN_OFFICER')
  method(
    @Param('id') id: string,
    @Body() body: DisposalMethodDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, 'method', { method: body.method }, user);
  }

  @Post('disposal/rounds')
  @HttpCode(200)
  @Roles('LOAN_OFFICER')
  @ApiOperation({ summary: 'Open the next auction round at a starting price within the rules' })
  openRound(
    @Param('id') id: string,
    @Body() body: OpenRoundDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, 'open-round', { startingPrice: body.startingPrice }, user);
  }

  @Post('disposal/bids')
  @HttpCode(200)
  @Roles('LOAN_OFFICER')
  @ApiOperation({ summary: 'Record a bid of the open round (bidder, amount; instant recorded)' })
  bid(@Param('id') id: string, @Body() body: BidDto, @CurrentUser() user: AuthenticatedUser) {
    return this.disposals.act(id, 'bid', { bidder: body.bidder, amount: body.amount }, user);
  }

  @Post('disposal/sale')
  @HttpCode(200)
  @Roles('LOAN_OFFICER')
  @ApiOperation({
    summary:
      "Propose a negotiated transfer, licence or takeover; below the floor it needs an administrator's approval",
  })
  proposeSale(
    @Param('id') id: string,
    @Body() body: ProposeSaleDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, 'propose-sale', { ...body }, user);
  }

  @Post('disposal/sale/approve')
  @HttpCode(200)
  @Roles('ADMINISTRATOR')
  approveSale(
    @Param('id') id: string,
    @Body() body: OptionalReasonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, 'approve-sale', { reason: body.reason ?? '' }, user);
  }

  @Post('disposal/sale/complete')
  @HttpCode(200)
  @Roles('LOAN_OFFICER')
  @ApiOperation({
    summary:
      'Complete the agreed sale with its costs; the case distributes the proceeds and closes',
  })
  completeSale(
    @Param('id') id: string,
    @Body() body: CompleteSaleDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, 'complete-sale', { costs: body.costs }, user);
  }

  @Post('disposal/write-off')
  @HttpCode(200)
  @Roles('LOAN_OFFICER', 'CREDIT_APPROVER')
  @ApiOperation({ summary: 'Give up the disposal and write the loan off (reason required)' })
  writeOff(
    @Param('id') id: string,
    @Body() body: OptionalReasonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, 'write-off', { reason: body.reason ?? '' }, user);
  }
}

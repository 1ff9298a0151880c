import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { AuditSubject } from '../audit/audit.decorators';
import { ValuationReportDto } from '../loan-case/loan-case.request.dto';
import { LoanCaseService } from '../loan-case/loan-case.service';
import { OptionalReasonDto } from '../compensation-claim/compensation-claim.request.dto';
import { DISPOSAL_ACTIONS } from './disposal.actions';
import {
  ApproveSaleDto,
  ApproveWriteOffDto,
  BidDto,
  RecordDepositDto,
  RegisterBidderDto,
  TransferRegistrationDto,
  CompleteSaleDto,
  DisposalMethodDto,
  OpenRoundDto,
  ProposeSaleDto,
} from './disposal.request.dto';
import { DisposalService } from './disposal.service';
import { PerformsTransition } from '../allowed-actions/performs-transition';

/**
 * The disposal of a case's pledged IP. Its start is a step of the loan-case workflow; every
 * later step is an Update of the case's disposal workflow, which refuses a wrong state, role,
 * organisation or payload with a problem JSON before anything enters history.
 */
@ApiTags('default and disposal')
@ApiBearerAuth()
@Controller('api/v1/cases/:id')
@AuditSubject('CASE', ({ params }) => params.id)
export class DisposalController {
  constructor(
    private readonly cases: LoanCaseService,
    private readonly disposals: DisposalService,
  ) {}

  @Post('disposal')
  @HttpCode(200)
  @Roles('LOAN_OFFICER')
  @ApiOperation({ summary: 'Start disposing of the pledged IP (starts the disposal workflow)' })
  @PerformsTransition('loan-case', 'START_DISPOSAL')
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

  @Get('disposal/allowed-actions')
  @ApiOperation({
    summary: 'The disposal steps the caller may take now (state, role, organisation, rounds)',
  })
  allowedActions(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.disposals.allowedActions(id, user);
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
  @PerformsTransition('disposal', 'SUBMIT_VALUATION')
  valuation(
    @Param('id') id: string,
    @Body() body: ValuationReportDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, DISPOSAL_ACTIONS.valuation, body, user);
  }

  @Post('disposal/method')
  @HttpCode(200)
  @Roles('LOAN_OFFICER')
  @PerformsTransition('disposal', 'CHOOSE_ROUND_METHOD', 'CHOOSE_PRIVATE_METHOD')
  method(
    @Param('id') id: string,
    @Body() body: DisposalMethodDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, DISPOSAL_ACTIONS.method, body, user);
  }

  @Post('disposal/rounds')
  @HttpCode(200)
  @Roles('EXCHANGE_OPERATOR')
  @ApiOperation({ summary: 'Open the next auction round at a starting price within the rules' })
  @PerformsTransition('disposal', 'OPEN_ROUND')
  openRound(
    @Param('id') id: string,
    @Body() body: OpenRoundDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, DISPOSAL_ACTIONS['open-round'], body, user);
  }

  @Get('disposal/bidders')
  @ApiOperation({ summary: "The disposal's registered bidders with their deposits" })
  bidders(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.disposals.bidders(id, user);
  }

  @Post('disposal/bidders')
  @HttpCode(200)
  @Roles('EXCHANGE_OPERATOR')
  @ApiOperation({
    summary:
      'Register a bidder (firm by USCC, person by resident ID), with its deposit if paid; never the pledgor, its legal representative or the lending bank',
  })
  @PerformsTransition('disposal', 'REGISTER_BIDDER')
  registerBidder(
    @Param('id') id: string,
    @Body() body: RegisterBidderDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, DISPOSAL_ACTIONS['register-bidder'], body, user);
  }

  @Post('disposal/deposits')
  @HttpCode(200)
  @Roles('EXCHANGE_OPERATOR')
  @ApiOperation({ summary: "Record a registered bidder's deposit (保证金); only then may it bid" })
  @PerformsTransition('disposal', 'RECORD_DEPOSIT')
  deposit(
    @Param('id') id: string,
    @Body() body: RecordDepositDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, DISPOSAL_ACTIONS.deposit, body, user);
  }

  @Post('disposal/bids')
  @HttpCode(200)
  @Roles('EXCHANGE_OPERATOR')
  @ApiOperation({ summary: 'Record a bid of the open round (bidder, amount; instant recorded)' })
  @PerformsTransition('disposal', 'RECORD_BID')
  bid(@Param('id') id: string, @Body() body: BidDto, @CurrentUser() user: AuthenticatedUser) {
    return this.disposals.act(id, DISPOSAL_ACTIONS.bid, body, user);
  }

  @Post('disposal/rounds/close')
  @HttpCode(200)
  @Roles('EXCHANGE_OPERATOR')
  @ApiOperation({
    summary: 'Close the open round at or after its end: the best bid at or above the start wins',
  })
  @PerformsTransition('disposal', 'CLOSE_ROUND_SOLD', 'CLOSE_ROUND_UNSOLD', 'CLOSE_ROUND_FAILED')
  closeRound(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.disposals.act(id, DISPOSAL_ACTIONS['close-round'], {}, user);
  }

  @Post('disposal/sale')
  @HttpCode(200)
  @Roles('LOAN_OFFICER')
  @ApiOperation({
    summary:
      "Propose a negotiated transfer, licence or takeover; below the floor it needs an administrator's approval",
  })
  @PerformsTransition('disposal', 'PROPOSE_SALE', 'PROPOSE_SALE_BELOW_FLOOR')
  proposeSale(
    @Param('id') id: string,
    @Body() body: ProposeSaleDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, DISPOSAL_ACTIONS['propose-sale'], body, user);
  }

  @Post('disposal/sale/approve')
  @HttpCode(200)
  @Roles('ADMINISTRATOR')
  @ApiOperation({
    summary:
      'Approve a sale below the floor: after a round closed unsold, or on a listed ground (GET /disposal-lookups/below-floor-grounds)',
  })
  @PerformsTransition('disposal', 'APPROVE_SALE')
  approveSale(
    @Param('id') id: string,
    @Body() body: ApproveSaleDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, DISPOSAL_ACTIONS['approve-sale'], body, user);
  }

  @Post('disposal/sale/complete')
  @HttpCode(200)
  @Roles('LOAN_OFFICER')
  @ApiOperation({
    summary:
      'Complete the agreed sale with its costs; the case distributes the proceeds and closes',
  })
  @PerformsTransition('disposal', 'COMPLETE_SALE')
  completeSale(
    @Param('id') id: string,
    @Body() body: CompleteSaleDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, DISPOSAL_ACTIONS['complete-sale'], body, user);
  }

  @Post('disposal/write-off')
  @HttpCode(200)
  @Roles('LOAN_OFFICER', 'CREDIT_APPROVER')
  @ApiOperation({
    summary:
      'Propose to give the disposal up and write the loan off (reason required); an administrator approves',
  })
  @PerformsTransition('disposal', 'PROPOSE_WRITE_OFF')
  writeOff(
    @Param('id') id: string,
    @Body() body: OptionalReasonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, DISPOSAL_ACTIONS['write-off'], body, user);
  }

  @Post('disposal/write-off/approve')
  @HttpCode(200)
  @Roles('ADMINISTRATOR')
  @ApiOperation({
    summary:
      "Approve the bank's write-off proposal (never by its proposer); the case writes the loan off",
  })
  @PerformsTransition('disposal', 'APPROVE_WRITE_OFF')
  approveWriteOff(
    @Param('id') id: string,
    @Body() body: ApproveWriteOffDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, DISPOSAL_ACTIONS['approve-write-off'], body, user);
  }

  @Post('disposal/transfer-registration')
  @HttpCode(200)
  @Roles('REGISTRATION_CLERK')
  @ApiOperation({
    summary:
      'Register the transfer of the sold asset (number, date): the buyer becomes its owner; the disposal completes',
  })
  @PerformsTransition('disposal', 'REGISTER_TRANSFER')
  registerTransfer(
    @Param('id') id: string,
    @Body() body: TransferRegistrationDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.disposals.act(id, DISPOSAL_ACTIONS['transfer-registration'], body, user);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import {
  AcceptRegistrationDto,
  ApproveCreditDto,
  CreateCaseDto,
  DisburseDto,
  ListCasesQuery,
  ReasonDto,
  ReassignOwnerDto,
  RefuseRegistrationDto,
  RegisterReleaseDto,
  RepaymentDto,
  RequestValuationDto,
  SignContractDto,
  ValuationReportDto,
} from './loan-case.request.dto';
import { AuditSubject } from '../audit/audit.decorators';
import { CaseListResponseDto } from './case-list.response.dto';
import { caseNumberFor, LoanCaseService } from './loan-case.service';
import { PerformsTransition } from '../allowed-actions/performs-transition';

/**
 * Loan cases. Every step is a Temporal Update: its validator refuses a wrong state, role,
 * organisation or payload before anything enters the case history (409/422 problem JSON).
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases')
@AuditSubject('CASE', ({ params, body, user }) => {
  if (params.id) return params.id;
  // Opening a case: the number it has, or would have had when the opening was refused.
  const reference = (body as { bankReference?: unknown } | undefined)?.bankReference;
  return typeof reference === 'string' ? caseNumberFor(user.organisationId, reference) : undefined;
})
export class LoanCaseController {
  constructor(private readonly cases: LoanCaseService) {}

  @Post()
  @Roles('LOAN_OFFICER')
  @ApiOperation({
    summary: 'Open a case (starts its workflow; a second start of the same case is refused)',
  })
  open(@Body() body: CreateCaseDto, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.open(body, user);
  }

  @Get()
  @ApiOperation({
    summary: 'Cases visible to the caller, filtered, sorted, cursor-paginated, with their total',
  })
  @ApiOkResponse({ type: CaseListResponseDto })
  list(
    @Query() query: ListCasesQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CaseListResponseDto> {
    return this.cases.list(query, user);
  }

  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.get(id, user);
  }

  @Get(':id/timeline')
  timeline(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.timeline(id, user);
  }

  @Get(':id/allowed-actions')
  allowedActions(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.allowedActions(id, user);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'SUBMIT')
  submit(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.act(id, 'submit', {}, user);
  }

  @Post(':id/verify-ip')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pre-filing check of every pledged asset; evidence is stored on the case',
  })
  @PerformsTransition('loan-case', 'VERIFY_IP')
  verifyIp(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.act(id, 'verify-ip', {}, user);
  }

  @Post(':id/valuation-request')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'REQUEST_VALUATION')
  requestValuation(
    @Param('id') id: string,
    @Body() body: RequestValuationDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'request-valuation', body, user);
  }

  @Post(':id/valuation-report')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'SUBMIT_VALUATION')
  submitValuation(
    @Param('id') id: string,
    @Body() body: ValuationReportDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'submit-valuation', body, user);
  }

  @Post(':id/credit-approval')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'APPROVE_CREDIT')
  approveCredit(
    @Param('id') id: string,
    @Body() body: ApproveCreditDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'approve-credit', body, user);
  }

  @Post(':id/contract')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'SIGN_CONTRACT')
  signContract(
    @Param('id') id: string,
    @Body() body: SignContractDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'sign-contract', body, user);
  }

  @Post(':id/registration')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'SUBMIT_REGISTRATION')
  submitRegistration(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.act(id, 'submit-registration', {}, user);
  }

  @Post(':id/registration/accept')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'ACCEPT_REGISTRATION')
  acceptRegistration(
    @Param('id') id: string,
    @Body() body: AcceptRegistrationDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'accept-registration', body, user);
  }

  @Post(':id/registration/refuse')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'REFUSE_REGISTRATION')
  refuseRegistration(
    @Param('id') id: string,
    @Body() body: RefuseRegistrationDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'refuse-registration', body, user);
  }

  @Post(':id/disbursement')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'DISBURSE')
  disburse(
    @Param('id') id: string,
    @Body() body: DisburseDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'disburse', body, user);
  }

  @Post(':id/repayments')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record a repayment (scheduled, partial or early settlement); keyed by the bank reference',
  })
  @PerformsTransition('loan-case', 'RECORD_REPAYMENT')
  recordRepayment(
    @Param('id') id: string,
    @Body() body: RepaymentDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'record-repayment', body, user);
  }

  @Post(':id/release/request')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'REQUEST_RELEASE')
  requestRelease(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.act(id, 'request-release', {}, user);
  }

  @Post(':id/release/register')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'REGISTER_RELEASE')
  registerRelease(
    @Param('id') id: string,
    @Body() body: RegisterReleaseDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'register-release', body, user);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'REJECT')
  reject(@Param('id') id: string, @Body() body: ReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.cases.act(id, 'reject', body, user);
  }

  // No role guard: the workflow refuses another role (ROLE_FORBIDDEN), and the refusal is audited.
  @Post(':id/owner')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "A credit approver hands the case to another enabled loan officer of the case's bank (reason required)",
  })
  @PerformsTransition('loan-case', 'REASSIGN_OWNER')
  reassignOwner(
    @Param('id') id: string,
    @Body() body: ReassignOwnerDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.reassignOwner(id, body, user);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @PerformsTransition('loan-case', 'WITHDRAW')
  withdraw(
    @Param('id') id: string,
    @Body() body: ReasonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.cases.act(id, 'withdraw', body, user);
  }
}

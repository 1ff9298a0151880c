/**
 * The loan case's API actions: each names the Update it sends, the case event it fires (for
 * the allowed-actions answer and the message of a step sent to a closed case) and how its input
 * is built from the request body, the caller and the business date. The compensation-claim
 * routes use the claim actions of the same map.
 */
import type { CaseEvent } from '../../../../libs/domain/src/loan-case/loan-case.states';
import {
  acceptRegistrationUpdate,
  approveCreditUpdate,
  confirmDefaultUpdate,
  confirmInsuranceClaimUpdate,
  declareDefaultUpdate,
  disburseUpdate,
  payFundClaimUpdate,
  payInsuranceClaimUpdate,
  reassignOwnerUpdate,
  recordRepaymentUpdate,
  refuseRegistrationUpdate,
  registerReleaseUpdate,
  rejectDefaultUpdate,
  rejectUpdate,
  requestReleaseUpdate,
  requestValuationUpdate,
  reviewFundClaimUpdate,
  signContractUpdate,
  startDisposalUpdate,
  submitRegistrationUpdate,
  submitUpdate,
  submitValuationUpdate,
  verifyIpUpdate,
  withdrawUpdate,
  type CaseStepAnswer,
  type StepInput,
} from '../../../../workflows/loan-case/loan-case.shared';
import type { OwnerCandidate } from '../../../../libs/domain/src/loan-case/loan-case.default-proposal';
import {
  workflowAction,
  type DtoOf,
  type StepContext,
  type WorkflowAction,
} from '../common/workflow-actions';
import type {
  AcceptRegistrationDto,
  ApproveCreditDto,
  DisburseDto,
  ReasonDto,
  RefuseRegistrationDto,
  RegisterReleaseDto,
  RepaymentDto,
  RequestValuationDto,
  SignContractDto,
  ValuationReportDto,
} from './loan-case.request.dto';

/** A loan-case action: a workflow action and the case event its Update fires. */
export interface LoanCaseAction<Dto, Input, Result>
  extends WorkflowAction<Dto, StepContext, Input, Result> {
  event: CaseEvent;
}

function caseAction<Dto, Input, Result>(
  event: CaseEvent,
  action: WorkflowAction<Dto, StepContext, Input, Result>,
): LoanCaseAction<Dto, Input, Result> {
  return { ...action, event };
}

/** Who acts, on which business date: part of every step's input. */
const step = ({ user, businessDate }: StepContext): StepInput => ({ actor: user, businessDate });

/** Steps with no body. */
type NoBody = Record<string, never>;
/** The claim steps of the compensation-claim routes. */
export interface CompensationClaimStepBody {
  claimId: string;
}
export interface CompensationClaimPaymentBody extends CompensationClaimStepBody {
  reference: string;
}

/** The owner hand-over as the service sends it: the request and the user it names. */
export interface ReassignOwnerBody {
  ownerUserId: string;
  reason?: string;
  candidate: OwnerCandidate | null;
}

/** Every action of the case, keyed by its API name. */
export const LOAN_CASE_ACTIONS = {
  submit: caseAction(
    'SUBMIT',
    workflowAction(submitUpdate, (_: NoBody, ctx) => step(ctx)),
  ),
  'verify-ip': caseAction(
    'VERIFY_IP',
    workflowAction(verifyIpUpdate, (_: NoBody, ctx) => step(ctx)),
  ),
  'request-valuation': caseAction(
    'REQUEST_VALUATION',
    workflowAction(requestValuationUpdate, (dto: RequestValuationDto, ctx) => ({
      ...step(ctx),
      firmOrgId: dto.firmOrgId,
    })),
  ),
  'submit-valuation': caseAction(
    'SUBMIT_VALUATION',
    workflowAction(submitValuationUpdate, (dto: ValuationReportDto, ctx) => ({
      ...step(ctx),
      reportNumber: dto.reportNumber,
      method: dto.method,
      baseDate: dto.baseDate,
      validUntil: dto.validUntil ?? null,
      assets: dto.assets.map((a) => ({ number: a.number, value: a.value })),
    })),
  ),
  'approve-credit': caseAction(
    'APPROVE_CREDIT',
    workflowAction(approveCreditUpdate, (dto: ApproveCreditDto, ctx) => ({
      ...step(ctx),
      riskSharing: { ...dto.riskSharing },
      ipSecuredShare: dto.ipSecuredShare,
      note: dto.note ?? null,
    })),
  ),
  'sign-contract': caseAction(
    'SIGN_CONTRACT',
    workflowAction(signContractUpdate, (dto: SignContractDto, ctx) => ({
      ...step(ctx),
      loanContractNumber: dto.loanContractNumber,
      pledgeContractNumber: dto.pledgeContractNumber,
      signedOn: dto.signedOn,
      forfeitureClause: dto.forfeitureClause,
    })),
  ),
  'submit-registration': caseAction(
    'SUBMIT_REGISTRATION',
    workflowAction(submitRegistrationUpdate, (_: NoBody, ctx) => step(ctx)),
  ),
  'accept-registration': caseAction(
    'ACCEPT_REGISTRATION',
    workflowAction(acceptRegistrationUpdate, (dto: AcceptRegistrationDto, ctx) => ({
      ...step(ctx),
      registrationNumber: dto.registrationNumber,
      registeredOn: dto.registeredOn,
    })),
  ),
  'refuse-registration': caseAction(
    'REFUSE_REGISTRATION',
    workflowAction(refuseRegistrationUpdate, (dto: RefuseRegistrationDto, ctx) => ({
      ...step(ctx),
      reason: dto.reason,
      note: dto.note ?? null,
    })),
  ),
  disburse: caseAction(
    'DISBURSE',
    workflowAction(disburseUpdate, (dto: DisburseDto, ctx) => ({
      ...step(ctx),
      reference: dto.reference,
      valueDate: dto.valueDate,
    })),
  ),
  'record-repayment': caseAction(
    'RECORD_REPAYMENT',
    workflowAction(recordRepaymentUpdate, (dto: RepaymentDto, ctx) => ({
      ...step(ctx),
      reference: dto.reference,
      amount: dto.amount,
      valueDate: dto.valueDate,
      kind: dto.kind ?? 'SCHEDULED',
    })),
  ),
  'request-release': caseAction(
    'REQUEST_RELEASE',
    workflowAction(requestReleaseUpdate, (_: NoBody, ctx) => step(ctx)),
  ),
  'register-release': caseAction(
    'REGISTER_RELEASE',
    workflowAction(registerReleaseUpdate, (dto: RegisterReleaseDto, ctx) => ({
      ...step(ctx),
      cancellationNumber: dto.cancellationNumber,
      registeredOn: dto.registeredOn,
    })),
  ),
  reject: caseAction(
    'REJECT',
    workflowAction(rejectUpdate, (dto: ReasonDto, ctx) => ({ ...step(ctx), reason: dto.reason })),
  ),
  withdraw: caseAction(
    'WITHDRAW',
    workflowAction(withdrawUpdate, (dto: ReasonDto, ctx) => ({ ...step(ctx), reason: dto.reason })),
  ),
  // A loan officer proposes the default; a credit approver other than the proposer confirms
  // (the loan defaults) or rejects it. The workflow refuses a missing or wrong reason by code.
  'declare-default': caseAction(
    'PROPOSE_DEFAULT',
    workflowAction(declareDefaultUpdate, (dto: { reasonCode?: string; reason?: string }, ctx) => ({
      ...step(ctx),
      ...(dto.reasonCode !== undefined ? { reasonCode: dto.reasonCode } : {}),
      reason: dto.reason ?? '',
    })),
  ),
  'confirm-default': caseAction(
    'DECLARE_DEFAULT',
    workflowAction(confirmDefaultUpdate, (_: NoBody, ctx) => step(ctx)),
  ),
  'reject-default': caseAction(
    'REJECT_DEFAULT',
    workflowAction(rejectDefaultUpdate, (dto: { reason?: string }, ctx) => ({
      ...step(ctx),
      reason: dto.reason ?? '',
    })),
  ),
  // The service looks the new owner up in the directory (`candidate`) before sending it.
  'reassign-owner': caseAction(
    'REASSIGN_OWNER',
    workflowAction(reassignOwnerUpdate, (dto: ReassignOwnerBody, ctx) => ({
      ...step(ctx),
      ownerUserId: dto.ownerUserId,
      candidate: dto.candidate,
      reason: dto.reason ?? '',
    })),
  ),
  'confirm-insurance-claim': caseAction(
    'CONFIRM_INSURANCE_CLAIM',
    workflowAction(confirmInsuranceClaimUpdate, (dto: CompensationClaimStepBody, ctx) => ({
      ...step(ctx),
      claimId: dto.claimId,
    })),
  ),
  'pay-insurance-claim': caseAction(
    'PAY_INSURANCE_CLAIM',
    workflowAction(payInsuranceClaimUpdate, (dto: CompensationClaimPaymentBody, ctx) => ({
      ...step(ctx),
      claimId: dto.claimId,
      reference: dto.reference,
    })),
  ),
  'review-fund-claim': caseAction(
    'REVIEW_FUND_CLAIM',
    workflowAction(reviewFundClaimUpdate, (dto: CompensationClaimStepBody, ctx) => ({
      ...step(ctx),
      claimId: dto.claimId,
    })),
  ),
  'pay-fund-claim': caseAction(
    'PAY_FUND_CLAIM',
    workflowAction(payFundClaimUpdate, (dto: CompensationClaimPaymentBody, ctx) => ({
      ...step(ctx),
      claimId: dto.claimId,
      reference: dto.reference,
    })),
  ),
  'start-disposal': caseAction(
    'START_DISPOSAL',
    workflowAction(startDisposalUpdate, (_: NoBody, ctx) => step(ctx)),
  ),
} as const;

export type LoanCaseActionName = keyof typeof LOAN_CASE_ACTIONS;

/** The request body of each action. */
export type LoanCaseActionDtos = {
  [K in LoanCaseActionName]: DtoOf<(typeof LOAN_CASE_ACTIONS)[K]>;
};

type InputOf<A> = A extends LoanCaseAction<never, infer Input, unknown> ? Input : never;

/**
 * The map again, as a mapped type over the action names: indexing it with a generic name gives
 * one action whose body type is that name's (not a union of every action), so a service can
 * dispatch any action by name, type-checked.
 */
export type LoanCaseActionMap = {
  [K in LoanCaseActionName]: LoanCaseAction<
    LoanCaseActionDtos[K],
    InputOf<(typeof LOAN_CASE_ACTIONS)[K]>,
    CaseStepAnswer
  >;
};
export const LOAN_CASE_ACTION_MAP: LoanCaseActionMap = LOAN_CASE_ACTIONS;

/**
 * Messages of the loan-case workflow, shared by the workflow and the API: Update and Query
 * definitions, the workflow id and type name, and the Updates' input types. The case's records
 * (snapshot, application, claims…) and its transition table live in libs/domain/src/loan-case
 * and libs/domain/src/compensation-claim.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { RegistrationRefusalReason } from '../../libs/domain/src/ip-assets';
import type { OwnerCandidate } from '../../libs/domain/src/loan-case/loan-case.default-proposal';
import type { CaseEvent, CaseStatus } from '../../libs/domain/src/loan-case/loan-case.states';
import type {
  AssetValuation,
  CaseSnapshot,
  DisposalOutcome,
  LoanApplication,
  RiskSharing,
} from '../../libs/domain/src/loan-case/loan-case.types';
import { Money } from '../../libs/domain/src/money';
import type { Actor } from '../../libs/domain/src/roles';

/*
 * The disposal's messages name these two records (a valuation of one asset, the outcome it
 * reports to the case); they are re-exported so its imports keep working.
 */

export const LOAN_CASE_WORKFLOW = 'loanCaseWorkflow';

/** Workflow id of a case: derived from the case number, so a case can be started only once. */
export function loanCaseWorkflowId(caseNumber: string): string {
  return `loan-case-${caseNumber}`;
}

// --- Updates: every human step; `actor` comes from the API's authenticated user. --------------

/**
 * What a step's Update answers once the case's read model holds the case exactly as the step
 * left it: the case is read there, not carried through the workflow's history. Runs recorded
 * before this answer (and a step that leaves a change unprojected) answer the whole case.
 */
export interface CaseStepResult {
  caseNumber: string;
  /** The case's version after the step; the read model's is this or a later one. */
  version: number;
  projected: true;
}

export type CaseStepAnswer = CaseSnapshot | CaseStepResult;

/** True when the answer is the small result and the case must be read from the read model. */
export function isStepResult(answer: CaseStepAnswer): answer is CaseStepResult {
  return (answer as CaseStepResult).projected === true;
}

export interface StepInput {
  actor: Actor;
  /** The business date the API saw; the case never goes back in time. */
  businessDate: string;
}

export const submitUpdate = defineUpdate<CaseStepAnswer, [StepInput]>('submit');
export const verifyIpUpdate = defineUpdate<CaseStepAnswer, [StepInput]>('verifyIp');
export interface RequestValuationInput extends StepInput {
  firmOrgId: string;
}
export const requestValuationUpdate = defineUpdate<CaseStepAnswer, [RequestValuationInput]>(
  'requestValuation',
);
export interface SubmitValuationInput extends StepInput {
  reportNumber: string;
  method: 'INCOME' | 'MARKET' | 'COST';
  baseDate: string;
  validUntil: string | null;
  assets: AssetValuation[];
}
export const submitValuationUpdate = defineUpdate<CaseStepAnswer, [SubmitValuationInput]>(
  'submitValuation',
);
export interface ApproveCreditInput extends StepInput {
  riskSharing: RiskSharing;
  /** Fraction as text; absent reads as `"1"` (the IP is the only collateral). */
  ipSecuredShare?: string;
  note: string | null;
}
export const approveCreditUpdate = defineUpdate<CaseStepAnswer, [ApproveCreditInput]>(
  'approveCredit',
);
export interface SignContractInput extends StepInput {
  loanContractNumber: string;
  pledgeContractNumber: string;
  signedOn: string;
  /** A clause handing the IP to the bank on default (流质) makes the contract unregistrable. */
  forfeitureClause: boolean;
}
export const signContractUpdate = defineUpdate<CaseStepAnswer, [SignContractInput]>('signContract');
export const submitRegistrationUpdate = defineUpdate<CaseStepAnswer, [StepInput]>(
  'submitRegistration',
);
export interface AcceptRegistrationInput extends StepInput {
  registrationNumber: string;
  registeredOn: string;
}
export const acceptRegistrationUpdate = defineUpdate<CaseStepAnswer, [AcceptRegistrationInput]>(
  'acceptRegistration',
);
export interface RefuseRegistrationInput extends StepInput {
  reason: RegistrationRefusalReason;
  note: string | null;
}
export const refuseRegistrationUpdate = defineUpdate<CaseStepAnswer, [RefuseRegistrationInput]>(
  'refuseRegistration',
);
export interface DisburseInput extends StepInput {
  reference: string;
  valueDate: string;
}
export const disburseUpdate = defineUpdate<CaseStepAnswer, [DisburseInput]>('disburse');
export interface RepaymentInput extends StepInput {
  reference: string;
  amount: string;
  valueDate: string;
  /** `SETTLEMENT` pays the loan off early: amount must equal the payoff on valueDate. */
  kind: 'SCHEDULED' | 'SETTLEMENT';
}
export const recordRepaymentUpdate = defineUpdate<CaseStepAnswer, [RepaymentInput]>(
  'recordRepayment',
);
export const requestReleaseUpdate = defineUpdate<CaseStepAnswer, [StepInput]>('requestRelease');
export interface RegisterReleaseInput extends StepInput {
  cancellationNumber: string;
  registeredOn: string;
}
export const registerReleaseUpdate = defineUpdate<CaseStepAnswer, [RegisterReleaseInput]>(
  'registerRelease',
);
/** Rejecting, withdrawing or declaring a default: the reason is required. */
export interface ReasonInput extends StepInput {
  reason: string;
}
export const rejectUpdate = defineUpdate<CaseStepAnswer, [ReasonInput]>('reject');
export const withdrawUpdate = defineUpdate<CaseStepAnswer, [ReasonInput]>('withdraw');
/**
 * A loan officer proposes the default (before the proposal, recorded histories declared it at
 * once with `reason` alone). `reasonCode` is one of DEFAULT_REASONS; `reason` its free text.
 */
export interface DefaultProposalInput extends ReasonInput {
  reasonCode?: string;
}
export const declareDefaultUpdate = defineUpdate<CaseStepAnswer, [DefaultProposalInput]>(
  'declareDefault',
);
/** A credit approver confirms the pending proposal: the loan defaults. */
export const confirmDefaultUpdate = defineUpdate<CaseStepAnswer, [StepInput]>('confirmDefault');
/** A credit approver rejects the pending proposal, saying why. */
export const rejectDefaultUpdate = defineUpdate<CaseStepAnswer, [ReasonInput]>('rejectDefault');
/**
 * A credit approver hands the case to another loan officer of the bank. The API looks the user
 * up in the directory (`candidate`, null when unknown); the workflow checks it, the database
 * checks it again as it writes the owner.
 */
export interface ReassignOwnerInput extends ReasonInput {
  ownerUserId: string;
  candidate: OwnerCandidate | null;
}
export const reassignOwnerUpdate = defineUpdate<CaseStepAnswer, [ReassignOwnerInput]>(
  'reassignOwner',
);
export interface CompensationClaimStepInput extends StepInput {
  claimId: string;
}
export interface CompensationClaimPaymentInput extends CompensationClaimStepInput {
  /** The payer's own transaction reference; one payment per claim. */
  reference: string;
}
export const confirmInsuranceClaimUpdate = defineUpdate<
  CaseStepAnswer,
  [CompensationClaimStepInput]
>('confirmInsuranceClaim');
export const payInsuranceClaimUpdate = defineUpdate<
  CaseStepAnswer,
  [CompensationClaimPaymentInput]
>('payInsuranceClaim');
export const reviewFundClaimUpdate = defineUpdate<CaseStepAnswer, [CompensationClaimStepInput]>(
  'reviewFundClaim',
);
export const payFundClaimUpdate = defineUpdate<CaseStepAnswer, [CompensationClaimPaymentInput]>(
  'payFundClaim',
);
export const startDisposalUpdate = defineUpdate<CaseStepAnswer, [StepInput]>('startDisposal');
/**
 * Sent by the disposal workflow (through an activity) when the IP is sold or the loan written
 * off. The same outcome sent twice is acknowledged once.
 */
export const recordDisposalOutcomeUpdate = defineUpdate<CaseStepAnswer, [DisposalOutcome]>(
  'recordDisposalOutcome',
);

// --- Signals and queries --------------------------------------------------------------------

/**
 * Sent by the close of business to every live case; completes once the case has re-assessed
 * its position on that date. Older or equal dates change nothing.
 */
export const applyBusinessDateUpdate = defineUpdate<
  { status: CaseStatus; daysPastDue: number },
  [{ businessDate: string }]
>('applyBusinessDate');
export const getCaseQuery = defineQuery<CaseSnapshot>('getCase');
/** Completes once the new case is recorded in the read model (the API answers a POST after it). */
export const openedUpdate = defineUpdate<CaseStepAnswer, []>('opened');
export const allowedActionsQuery = defineQuery<CaseEvent[], [Actor]>('allowedActions');

export interface LoanCaseInput {
  application: LoanApplication;
  /** Present when the workflow continued as new: the state it carries over. */
  carried?: CaseSnapshot;
}

/** Search attributes of a case (registered on the server by the set-up scripts). */
export const CASE_SEARCH_ATTRIBUTES = {
  number: { name: 'CaseNumber', type: 'KEYWORD' },
  status: { name: 'CaseStatus', type: 'KEYWORD' },
  district: { name: 'CaseDistrict', type: 'KEYWORD' },
  bank: { name: 'CaseBank', type: 'KEYWORD' },
  enterprise: { name: 'CaseEnterprise', type: 'KEYWORD' },
  amountFen: { name: 'CaseAmountFen', type: 'INT' },
} as const;

/**
 * The search attributes a case opens with: the API starts the workflow with them, so the
 * workflow upserts none of them (runs recorded before that upserted them on their first task).
 */
export function openingSearchAttributes(application: LoanApplication, status: CaseStatus) {
  return [
    { key: CASE_SEARCH_ATTRIBUTES.number, value: application.caseNumber },
    { key: CASE_SEARCH_ATTRIBUTES.district, value: application.enterprise.districtCode },
    { key: CASE_SEARCH_ATTRIBUTES.bank, value: application.bankOrgId },
    { key: CASE_SEARCH_ATTRIBUTES.enterprise, value: application.enterprise.uscc },
    { key: CASE_SEARCH_ATTRIBUTES.amountFen, value: Number(Money.ofYuan(application.amount).fen) },
    { key: CASE_SEARCH_ATTRIBUTES.status, value: status },
  ];
}

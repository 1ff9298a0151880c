/**
 * Messages of the loan-case workflow, shared by the workflow and the API. Only types and
 * message definitions live here, so the API can import it without pulling in workflow code.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { WaterfallInYuan } from '../../libs/domain/src/disposal';
import type { AssetKind, RegistrationRefusalReason } from '../../libs/domain/src/ip-assets';
import type { CaseEvent, CaseStatus } from '../../libs/domain/src/case-state-machine';
import type { DelinquencyBucket } from '../../libs/domain/src/delinquency';
import type { AuctionRules, DisposalMethod } from '../../libs/domain/src/disposal';
import type { RiskScheme } from '../../libs/domain/src/risk-sharing';
import type {
  AccountPosition,
  RepaymentRecord,
  ScheduleRow,
} from '../../libs/domain/src/loan-account';
import type { Actor } from '../../libs/domain/src/roles';
import type { RepaymentMethod } from '../../libs/domain/src/schedule';

export const LOAN_CASE_WORKFLOW = 'loanCaseWorkflow';

/** Workflow id of a case: derived from the case number, so a case can be started only once. */
export function loanCaseWorkflowId(caseNumber: string): string {
  return `loan-case-${caseNumber}`;
}

/** Terms of the bank's loan product that the case is opened under, frozen at application. */
export interface ProductTerms {
  code: string;
  name: string;
  /** Loan-to-value cap per asset kind, fraction as text (`"0.25"`). */
  ltvByAssetKind: Record<AssetKind, string>;
  /** An instalment unpaid for this many days makes the case OVERDUE. */
  overdueAfterDays: number;
  /** Days past due at which the loan defaults by itself, when `autoDefault` is set. */
  defaultAfterDays: number;
  /** A valuation report is valid this many months from its base date unless it says otherwise. */
  valuationValidityMonths: number;
  /*
   * The default-and-disposal terms below were added after the first cases were opened; a case
   * whose frozen terms lack them reads them through `effectiveTerms` (loan-default.ts), which
   * documents the defaults.
   */
  /** Days-past-due bands; every move between them is kept. */
  delinquencyBuckets?: DelinquencyBucket[];
  /** Default starts by itself on the business date days past due reach `defaultAfterDays`. */
  autoDefault?: boolean;
  /** Floor, price cuts and rounds of the auction of pledged IP. */
  auctionRules?: AuctionRules;
  /** The `risk_scheme` row that says how the loss is shared and when the fund may be claimed. */
  riskSchemeCode?: string;
}

export interface PledgedAssetInput {
  kind: AssetKind;
  /** Normalised register number (patent application number, trademark or copyright number). */
  number: string;
  /** Co-owners (USCC) whose written consent is on file. */
  coOwnerConsents: string[];
  /** Parties confirmed after being told that invalidation proceedings are pending. */
  invalidationPendingConfirmed: boolean;
}

export interface EnterpriseInput {
  uscc: string;
  name: string;
  districtCode: string;
  sme: boolean;
  /** The USCC check character fails and the officer confirmed the code is right. */
  usccCheckOverride: { confirmedBy: string; reason: string } | null;
}

export interface LoanApplication {
  caseNumber: string;
  bankOrgId: string;
  bankReference: string;
  enterprise: EnterpriseInput;
  amount: string;
  termMonths: number;
  annualRate: string;
  repaymentMethod: RepaymentMethod;
  paymentFrequencyMonths: number;
  product: ProductTerms;
  assets: PledgedAssetInput[];
  preparer: Actor;
  applicationDate: string;
}

export interface AssetCheckResult {
  kind: AssetKind;
  number: string;
  title: string | null;
  passed: boolean;
  findings: { ground: string; message: string; evidence: Record<string, unknown> }[];
}

export interface IpCheckReport {
  checkedOn: string;
  passed: boolean;
  assets: AssetCheckResult[];
}

export interface AssetValuation {
  number: string;
  value: string;
}

export interface ValuationReport {
  reportNumber: string;
  firmOrgId: string;
  evaluatorUserId: string;
  method: 'INCOME' | 'MARKET' | 'COST';
  baseDate: string;
  validUntil: string;
  assets: AssetValuation[];
  totalValue: string;
  /** Largest loan the product's LTV caps allow on this valuation. */
  maxLoan: string;
  submittedOn: string;
}

/** Loss shares in basis points; they add up to 10,000. */
export interface RiskSharing {
  bankBp: number;
  insurerBp: number;
  fundBp: number;
  guarantorBp: number;
}

export interface RegistrationFiling {
  filingNumber: string;
  filedOn: string;
  outcome: 'PENDING' | 'ACCEPTED' | 'REFUSED';
  registrationNumber: string | null;
  registeredOn: string | null;
  refusalReason: RegistrationRefusalReason | null;
  refusalNote: string | null;
}

export interface TimelineEntry {
  seq: number;
  event: CaseEvent | 'OPEN';
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  actor: Actor | null;
  businessDate: string;
  /** UTC instant from the workflow clock (deterministic on replay). */
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** Everything the case knows; the read model stores it, `getCase` returns it. */
export interface CaseSnapshot {
  caseNumber: string;
  workflowId: string;
  status: CaseStatus;
  version: number;
  businessDate: string;
  application: LoanApplication;
  ipCheck: IpCheckReport | null;
  valuationRequest: { firmOrgId: string; requestedOn: string; requestedBy: string } | null;
  valuations: ValuationReport[];
  approval: {
    approverUserId: string;
    approvedOn: string;
    riskSharing: RiskSharing;
    /**
     * Share of the loan secured by the pledged IP, fraction as text (`"1"` when the IP is the
     * only collateral). Subsidies apportion to it; loss sharing takes it as the base.
     * Absent on cases approved before it was recorded, which read as `"1"`.
     */
    ipSecuredShare?: string;
    note: string | null;
  } | null;
  contract: { loanContractNumber: string; pledgeContractNumber: string; signedOn: string } | null;
  filings: RegistrationFiling[];
  disbursement: { reference: string; amount: string; valueDate: string; recordedBy: string } | null;
  schedule: ScheduleRow[];
  repayments: RepaymentRecord[];
  position: AccountPosition | null;
  release: {
    requestedOn: string | null;
    cancellationNumber: string | null;
    registeredOn: string | null;
  } | null;
  closure: {
    kind: 'CLOSED' | 'REJECTED' | 'WITHDRAWN';
    on: string;
    reason: string | null;
    /** Principal and interest the bank wrote off when a defaulted case closed. */
    writeOff?: { amount: string; reason: string } | null;
  } | null;
  /** Runs of this workflow so far (continue-as-new keeps each history short). */
  run: number;
  // Added with default and disposal: absent on snapshots carried over from before.
  delinquency?: DelinquencyState;
  default?: LoanDefault | null;
  claims?: CompensationClaim[];
  disposal?: CaseDisposal | null;
  settlement?: Settlement | null;
}

// --- Delinquency, default, loss sharing, disposal -------------------------------------------

export interface DelinquencyMove {
  seq: number;
  from: string;
  to: string;
  daysPastDue: number;
  /** Business date of the move. */
  on: string;
}

export interface DelinquencyState {
  bucket: string;
  since: string;
  history: DelinquencyMove[];
}

/** The default and the loss it leaves, as fixed on the default date. */
export interface LoanDefault {
  kind: 'DECLARED' | 'AUTOMATIC';
  on: string;
  declaredBy: Actor | null;
  reason: string;
  daysPastDue: number;
  /** Oldest unpaid due date, or the default date when nothing was past due. */
  nonPerformingSince: string;
  principalOutstanding: string;
  /** Interest of instalments due on or before the default date and unpaid. */
  interestOutstanding: string;
  ipSecuredShare: string;
  riskSharing: RiskSharing;
  scheme: RiskScheme;
  /** The amount whose loss is shared, and each party's share of it (yuan). */
  lossBase: string;
  shares: { bank: string; insurer: string; fund: string; guarantor: string };
}

export type ClaimPayer = 'INSURER' | 'FUND';
export type ClaimStatus = 'FILED' | 'CONFIRMED' | 'REVIEWED' | 'PAID';

export interface ClaimPayment {
  reference: string;
  amount: string;
  /** What limited the amount below the share: the per-claim cap or the fund's balance. */
  limitedBy: 'CAP' | 'BALANCE' | null;
  /** Deposit model: the part of a fund payment held in deposit until the write-off. */
  deposit: string | null;
  paidOn: string;
  paidBy: string;
}

/** An insurance or risk-compensation claim filed at default; its rows live in PostgreSQL too. */
export interface CompensationClaim {
  claimId: string;
  payer: ClaimPayer;
  payerOrgId: string;
  fundCode: string | null;
  share: string;
  cap: string | null;
  status: ClaimStatus;
  filedOn: string;
  /** First business date the payer may act on it (the fund: after the trigger days). */
  eligibleOn: string;
  steps: { status: ClaimStatus; userId: string; role: string; on: string; at: string }[];
  payment: ClaimPayment | null;
}

/** How the disposal ended, as the disposal workflow reports it to the case. */
export interface DisposalOutcome {
  kind: 'SOLD' | 'WRITTEN_OFF';
  method: DisposalMethod | null;
  /** Identifier (USCC) of the buyer or licensee; null on a write-off. */
  buyer: string | null;
  proceeds: string;
  costs: string;
  /** The bank's reason for a write-off. */
  reason: string | null;
  decidedBy: Actor;
  /** Business date of the completion or write-off. */
  on: string;
}

export interface CaseDisposal {
  workflowId: string;
  startedOn: string;
  startedBy: string;
  outcome: DisposalOutcome | null;
}

/** Where the proceeds went (yuan), and the figures the waterfall was run on. */
export interface Settlement extends WaterfallInYuan {
  settledOn: string;
}

// --- Updates: every human step; `actor` comes from the API's authenticated user. --------------

export interface StepInput {
  actor: Actor;
  /** The business date the API saw; the case never goes back in time. */
  businessDate: string;
}

export const submitUpdate = defineUpdate<CaseSnapshot, [StepInput]>('submit');
export const verifyIpUpdate = defineUpdate<CaseSnapshot, [StepInput]>('verifyIp');
export const requestValuationUpdate = defineUpdate<
  CaseSnapshot,
  [StepInput & { firmOrgId: string }]
>('requestValuation');
export interface SubmitValuationInput extends StepInput {
  reportNumber: string;
  method: 'INCOME' | 'MARKET' | 'COST';
  baseDate: string;
  validUntil: string | null;
  assets: AssetValuation[];
}
export const submitValuationUpdate = defineUpdate<CaseSnapshot, [SubmitValuationInput]>(
  'submitValuation',
);
export const approveCreditUpdate = defineUpdate<
  CaseSnapshot,
  [StepInput & { riskSharing: RiskSharing; ipSecuredShare?: string; note: string | null }]
>('approveCredit');
export interface SignContractInput extends StepInput {
  loanContractNumber: string;
  pledgeContractNumber: string;
  signedOn: string;
  /** A clause handing the IP to the bank on default (流质) makes the contract unregistrable. */
  forfeitureClause: boolean;
}
export const signContractUpdate = defineUpdate<CaseSnapshot, [SignContractInput]>('signContract');
export const submitRegistrationUpdate = defineUpdate<CaseSnapshot, [StepInput]>(
  'submitRegistration',
);
export const acceptRegistrationUpdate = defineUpdate<
  CaseSnapshot,
  [StepInput & { registrationNumber: string; registeredOn: string }]
>('acceptRegistration');
export const refuseRegistrationUpdate = defineUpdate<
  CaseSnapshot,
  [StepInput & { reason: RegistrationRefusalReason; note: string | null }]
>('refuseRegistration');
export const disburseUpdate = defineUpdate<
  CaseSnapshot,
  [StepInput & { reference: string; valueDate: string }]
>('disburse');
export interface RepaymentInput extends StepInput {
  reference: string;
  amount: string;
  valueDate: string;
  /** `SETTLEMENT` pays the loan off early: amount must equal the payoff on valueDate. */
  kind: 'SCHEDULED' | 'SETTLEMENT';
}
export const recordRepaymentUpdate = defineUpdate<CaseSnapshot, [RepaymentInput]>(
  'recordRepayment',
);
export const requestReleaseUpdate = defineUpdate<CaseSnapshot, [StepInput]>('requestRelease');
export const registerReleaseUpdate = defineUpdate<
  CaseSnapshot,
  [StepInput & { cancellationNumber: string; registeredOn: string }]
>('registerRelease');
export const rejectUpdate = defineUpdate<CaseSnapshot, [StepInput & { reason: string }]>('reject');
export const withdrawUpdate = defineUpdate<CaseSnapshot, [StepInput & { reason: string }]>(
  'withdraw',
);
export const declareDefaultUpdate = defineUpdate<CaseSnapshot, [StepInput & { reason: string }]>(
  'declareDefault',
);
export interface ClaimStepInput extends StepInput {
  claimId: string;
}
export interface ClaimPaymentInput extends ClaimStepInput {
  /** The payer's own transaction reference; one payment per claim. */
  reference: string;
}
export const confirmInsuranceClaimUpdate = defineUpdate<CaseSnapshot, [ClaimStepInput]>(
  'confirmInsuranceClaim',
);
export const payInsuranceClaimUpdate = defineUpdate<CaseSnapshot, [ClaimPaymentInput]>(
  'payInsuranceClaim',
);
export const reviewFundClaimUpdate = defineUpdate<CaseSnapshot, [ClaimStepInput]>(
  'reviewFundClaim',
);
export const payFundClaimUpdate = defineUpdate<CaseSnapshot, [ClaimPaymentInput]>('payFundClaim');
export const startDisposalUpdate = defineUpdate<CaseSnapshot, [StepInput]>('startDisposal');
/**
 * Sent by the disposal workflow (through an activity) when the IP is sold or the loan written
 * off. The same outcome sent twice is acknowledged once.
 */
export const recordDisposalOutcomeUpdate = defineUpdate<CaseSnapshot, [DisposalOutcome]>(
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
export const openedUpdate = defineUpdate<CaseSnapshot, []>('opened');
export const allowedActionsQuery = defineQuery<CaseEvent[], [Actor]>('allowedActions');

/** Updates keyed by the API action name, with the event each one fires. */
export const CASE_ACTIONS = {
  submit: { update: submitUpdate, event: 'SUBMIT' },
  'verify-ip': { update: verifyIpUpdate, event: 'VERIFY_IP' },
  'request-valuation': { update: requestValuationUpdate, event: 'REQUEST_VALUATION' },
  'submit-valuation': { update: submitValuationUpdate, event: 'SUBMIT_VALUATION' },
  'approve-credit': { update: approveCreditUpdate, event: 'APPROVE_CREDIT' },
  'sign-contract': { update: signContractUpdate, event: 'SIGN_CONTRACT' },
  'submit-registration': { update: submitRegistrationUpdate, event: 'SUBMIT_REGISTRATION' },
  'accept-registration': { update: acceptRegistrationUpdate, event: 'ACCEPT_REGISTRATION' },
  'refuse-registration': { update: refuseRegistrationUpdate, event: 'REFUSE_REGISTRATION' },
  disburse: { update: disburseUpdate, event: 'DISBURSE' },
  'record-repayment': { update: recordRepaymentUpdate, event: 'RECORD_REPAYMENT' },
  'request-release': { update: requestReleaseUpdate, event: 'REQUEST_RELEASE' },
  'register-release': { update: registerReleaseUpdate, event: 'REGISTER_RELEASE' },
  reject: { update: rejectUpdate, event: 'REJECT' },
  withdraw: { update: withdrawUpdate, event: 'WITHDRAW' },
  'declare-default': { update: declareDefaultUpdate, event: 'DECLARE_DEFAULT' },
  'confirm-insurance-claim': {
    update: confirmInsuranceClaimUpdate,
    event: 'CONFIRM_INSURANCE_CLAIM',
  },
  'pay-insurance-claim': { update: payInsuranceClaimUpdate, event: 'PAY_INSURANCE_CLAIM' },
  'review-fund-claim': { update: reviewFundClaimUpdate, event: 'REVIEW_FUND_CLAIM' },
  'pay-fund-claim': { update: payFundClaimUpdate, event: 'PAY_FUND_CLAIM' },
  'start-disposal': { update: startDisposalUpdate, event: 'START_DISPOSAL' },
} as const;
export type CaseAction = keyof typeof CASE_ACTIONS;

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

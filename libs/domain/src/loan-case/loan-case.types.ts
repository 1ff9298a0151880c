import type { PreFilingGround } from '../ip-assets';
/**
 * The loan case's records: the application and its product terms, the reports and filings
 * gathered on the way, the timeline, and the snapshot the workflow keeps, the read model
 * stores and `getCase` returns. Plain data (yuan as decimal strings, business dates as
 * `YYYY-MM-DD`), shared by the workflow, the activities, persistence and the API.
 */
import type { CompensationClaim } from '../compensation-claim/compensation-claim.types';
import type { DelinquencyBucket } from '../delinquency';
import type {
  AuctionRules,
  DisposalMethod,
  SettlementInterestInYuan,
  WaterfallInYuan,
} from '../disposal';
import type { AssetKind, RegistrationRefusalReason } from '../ip-assets';
import type { AccountPosition, RepaymentRecord, ScheduleRow } from '../loan-account';
import type { RiskScheme } from '../risk-sharing';
import type { Actor } from '../roles';
import type { RepaymentMethod } from '../schedule';
import type { CaseOwner, DefaultProposal } from './loan-case.default-proposal';
import type { CaseEvent, CaseStatus } from './loan-case.states';

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
   * whose frozen terms lack them reads them through `defaultTermsOf` (loan-case.default-terms.ts), which
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
  /** Penalty rate (罚息) on overdue principal = contract rate × this, decimal text; default "1.5". */
  penaltyRateMultiplier?: string;
  /** An explicit annual penalty rate, decimal text; wins over the multiplier when set. */
  penaltyRate?: string | null;
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
  /**
   * From the enterprise register when the case was opened; absent on cases opened before the
   * register existed, whose facts were typed by the bank. The name only: a person's identity
   * number stays in the register and never enters a workflow's history (cases opened before
   * this rule carry it).
   */
  legalRepresentative?: { name: string; idNumber?: string } | null;
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
  findings: { ground: PreFilingGround; message: string; evidence: Record<string, unknown> }[];
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
  // Added with default proposals and owner hand-over: absent on older snapshots.
  /** The latest default proposal, pending or decided (earlier ones are in the timeline). */
  defaultProposal?: DefaultProposal | null;
  /** Absent until the case is first handed over: the preparer owns it. */
  owner?: CaseOwner | null;
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
  /** Who declared it: the credit approver who confirmed the proposal (or, before proposals, the officer). */
  declaredBy: Actor | null;
  reason: string;
  /** The proposal the default confirmed; absent for automatic defaults and older declarations. */
  proposal?: DefaultProposal | null;
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
  /**
   * How `interestDue` was made up, line by line with its basis (scheduled, contract and penalty
   * interest to the settlement date). Absent on settlements made before the lines were kept,
   * whose `interestDue` is the scheduled interest due and unpaid on the disposal's outcome date.
   */
  interestBasis?: SettlementInterestInYuan | null;
}

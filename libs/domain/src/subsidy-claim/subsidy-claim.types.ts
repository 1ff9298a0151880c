import type { RepaymentRecord, ScheduleRow } from '../loan-account';
import type { SubsidyKind } from '../subsidy-policy/subsidy-policy';
import type { SubsidyClaimStatus } from './subsidy-claim.states';

/** A district's budget pool of one subsidy kind and year. */
export interface PoolRef {
  districtCode: string;
  kind: SubsidyKind;
  budgetYear: number;
}

/** An interest claim: a contiguous run of the loan's schedule instalments. */
export interface InterestClaimRequest {
  kind: 'INTEREST';
  caseNumber: string;
  /** The district whose policy and budget the claim is made against. */
  districtCode: string;
  fromInstalment: number;
  toInstalment: number;
  /** Proof codes attached by the claimant (checked against the policy's required proofs). */
  proofs: string[];
}

/** An insurance-premium claim: one insurance policy of the loan, confirmed by its insurer. */
export interface InsuranceClaimRequest {
  kind: 'INSURANCE_PREMIUM';
  caseNumber: string;
  districtCode: string;
  insurerOrgId: string;
  insurancePolicyNumber: string;
  /** Yuan, two decimals. */
  premium: string;
  premiumPaidOn: string;
  proofs: string[];
}

export type SubsidyClaimRequest = InterestClaimRequest | InsuranceClaimRequest;

/**
 * What the workflow keeps of its claim: enough to validate the next step. The full claim, with
 * its frozen computation, is the stored row (`SubsidyClaimRow`), written by the activities.
 */
export interface SubsidyClaimState {
  claimId: string;
  kind: SubsidyKind;
  districtCode: string;
  budgetYear: number;
  caseNumber: string;
  bankOrgId: string;
  enterpriseUscc: string;
  insurerOrgId: string | null;
  /** Yuan; the premium the claimant declared (insurance only). */
  premium: string | null;
  status: SubsidyClaimStatus;
  reserved: boolean;
  reviewedBy: string | null;
  /**
   * Who approved the claim. Absent on states recorded before payment needed a second person;
   * the payment use case checks the stored row as well.
   */
  approvedBy?: string | null;
  /** Yuan; the subsidy computed at submission. */
  amount: string;
  version: number;
}

/** A claim's refusal, as the API reports it (code, message, details). */
export interface SubsidyClaimRefusal {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** How a claim's workflow ended: its last state, or REFUSED at submission (nothing stored). */
export interface SubsidyClaimOutcome {
  claimId: string;
  status: SubsidyClaimStatus | 'REFUSED';
  refusal: SubsidyClaimRefusal | null;
}

/** A claim as stored: money in yuan strings (two decimals), and fen where the budget needs it. */
export interface SubsidyClaimRow {
  id: string;
  workflowId: string;
  kind: SubsidyKind;
  districtCode: string;
  budgetYear: number;
  caseNumber: string;
  bankOrgId: string;
  enterpriseUscc: string;
  enterpriseName: string;
  policyId: string;
  policyVersion: number;
  programme: string;
  status: SubsidyClaimStatus;
  reserved: boolean;
  submissionSeq: number;
  submittedOn: string;
  submittedBy: string;
  submittedByOrg: string;
  fromInstalment: number | null;
  toInstalment: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  insurerOrgId: string | null;
  insurancePolicyNumber: string | null;
  premium: string | null;
  premiumPaidOn: string | null;
  amount: string;
  amountFen: string;
  limitedBy: 'CAP' | 'LPR' | null;
  paidAmount: string | null;
  computation: Record<string, unknown>;
  proofs: string[];
  /** Last day to file under the policy's claim window (frozen at submission); null: none. */
  claimDeadline: string | null;
  insurerConfirmedBy: string | null;
  insurerConfirmedOn: string | null;
  reviewedBy: string | null;
  reviewedOn: string | null;
  reviewNote: string | null;
  approvedBy: string | null;
  approvedOn: string | null;
  paymentReference: string | null;
  paidOn: string | null;
  rejectionReason: string | null;
  rejectedBy: string | null;
  rejectedOn: string | null;
  clawbackReason: string | null;
  clawedBackBy: string | null;
  clawedBackOn: string | null;
  version: number;
}

/** The workflow's state of a stored claim. */
export function subsidyClaimStateOf(row: SubsidyClaimRow): SubsidyClaimState {
  return {
    claimId: row.id,
    kind: row.kind,
    districtCode: row.districtCode,
    budgetYear: row.budgetYear,
    caseNumber: row.caseNumber,
    bankOrgId: row.bankOrgId,
    enterpriseUscc: row.enterpriseUscc,
    insurerOrgId: row.insurerOrgId,
    premium: row.premium,
    status: row.status,
    reserved: row.reserved,
    reviewedBy: row.reviewedBy,
    approvedBy: row.approvedBy,
    amount: row.amount,
    version: row.version,
  };
}

export function poolOf(
  claim: Pick<SubsidyClaimRow, 'districtCode' | 'kind' | 'budgetYear'>,
): PoolRef {
  return { districtCode: claim.districtCode, kind: claim.kind, budgetYear: claim.budgetYear };
}

/** One entry of a claim's timeline, as a step records it (the label may differ from the event). */
export interface SubsidyClaimTimelineEntry {
  event: string;
  actorUserId: string | null;
  actorRole: string | null;
  businessDate: string;
  payload?: Record<string, unknown>;
}

/** The live claim that already covers a loan period or a premium. */
export interface CoverageConflict {
  claimId: string;
  districtCode: string;
  status: SubsidyClaimStatus;
  periodStart: string | null;
  periodEnd: string | null;
  insurancePolicyNumber: string | null;
}

/** What the submission reads about a case: the read model, the bank's ledger, the pledge register. */
export interface CaseFacts {
  caseNumber: string;
  status: string;
  bankOrgId: string;
  enterpriseUscc: string;
  enterpriseName: string;
  /** The enterprise's registered district, as the case records it. */
  enterpriseDistrictCode: string;
  detail: Record<string, unknown>;
  disbursement: { amount: string; valueDate: string } | null;
  schedule: ScheduleRow[];
  repayments: RepaymentRecord[];
  /** Each pledged asset of the case and whether this case is its first pledge in the register. */
  pledges: { assetNumber: string; firstPledge: boolean }[];
}

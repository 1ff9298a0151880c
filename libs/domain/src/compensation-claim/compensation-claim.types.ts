import type { CompensationClaimPayer, CompensationClaimStatus } from './compensation-claim.states';

export interface CompensationClaimPayment {
  reference: string;
  amount: string;
  /** What limited the amount below the share: the per-claim cap or the fund's balance. */
  limitedBy: 'CAP' | 'BALANCE' | null;
  /** Deposit model: the part of a fund payment held in deposit until the write-off. */
  deposit: string | null;
  paidOn: string;
  paidBy: string;
}

/** One step taken on a claim: who moved it to which status, on which business date. */
export interface CompensationClaimStep {
  status: CompensationClaimStatus;
  userId: string;
  role: string;
  on: string;
  /** UTC instant from the workflow clock. */
  at: string;
}

/** An insurance or risk-compensation claim filed at default; its rows live in PostgreSQL too. */
export interface CompensationClaim {
  claimId: string;
  payer: CompensationClaimPayer;
  payerOrgId: string;
  fundCode: string | null;
  share: string;
  cap: string | null;
  status: CompensationClaimStatus;
  filedOn: string;
  /** First business date the payer may act on it (the fund: after the trigger days). */
  eligibleOn: string;
  steps: CompensationClaimStep[];
  payment: CompensationClaimPayment | null;
}

/**
 * Messages of the disposal workflow, shared by the workflow, its activities and the API: the
 * workflow id and type, Update and Query definitions and their input types. The disposal's own
 * vocabulary (statuses, transitions, snapshot and record types) lives in libs/domain/src/disposal.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AuctionRules,
  BidderKind,
  DisposalMethod,
  DisposalSnapshot,
  DisposalTransition,
  DisposalValuation,
} from '../../libs/domain/src/disposal';
import type { AssetKind } from '../../libs/domain/src/ip-assets';
import type { Actor } from '../../libs/domain/src/roles';
import type { AssetValuation } from '../../libs/domain/src/loan-case/loan-case.types';

export const DISPOSAL_WORKFLOW = 'disposalWorkflow';

/** One disposal per case: a second start for the same case is refused by the server. */
export function disposalWorkflowId(caseNumber: string): string {
  return `disposal-${caseNumber}`;
}

/** What the case hands over when it starts the disposal. */
export interface DisposalInput {
  caseNumber: string;
  bankOrgId: string;
  pledgorUscc: string;
  assets: { kind: AssetKind; number: string }[];
  /** The valuation firm of the case: it submits a refreshed report when the last one expired. */
  valuationFirmOrgId: string | null;
  valuationValidityMonths: number;
  ltvByAssetKind: Record<AssetKind, string>;
  latestValuation: Omit<DisposalValuation, 'source' | 'submittedBy'> | null;
  rules: AuctionRules;
  startedBy: Actor;
  businessDate: string;
  /** Present when the workflow continued as new. */
  carried?: DisposalSnapshot;
}

// --- Updates: every human step carries the actor and the business date the API saw. --------

export interface DisposalStepInput {
  actor: Actor;
  businessDate: string;
}

export interface DisposalValuationInput extends DisposalStepInput {
  reportNumber: string;
  method: 'INCOME' | 'MARKET' | 'COST';
  baseDate: string;
  validUntil: string | null;
  assets: AssetValuation[];
}
export interface DisposalMethodInput extends DisposalStepInput {
  method: DisposalMethod;
}
export interface OpenRoundInput extends DisposalStepInput {
  startingPrice: string;
}
/** A bidder registered by the exchange, with its deposit if already paid. */
export interface RegisterBidderInput extends DisposalStepInput {
  kind: BidderKind;
  /** USCC of a firm, resident ID number of a person. */
  identity: string;
  name: string;
  deposit?: DepositTerms | null;
}
export interface DepositTerms {
  amount: string;
  reference: string;
  paidOn: string;
}
export interface RecordDepositInput extends DisposalStepInput, DepositTerms {
  bidderId: string;
}
export interface RecordBidInput extends DisposalStepInput {
  /** The registered bidder (with its deposit paid). */
  bidderId?: string;
  /** Runs recorded before bidders were registered named the bidder's identity here. */
  bidder?: string;
  amount: string;
}
/** The exchange closes the open round at or after its end. */
export type CloseRoundInput = DisposalStepInput;
export interface ProposeSaleInput extends DisposalStepInput {
  method: DisposalMethod;
  buyer: string;
  price: string;
}
export interface ApproveSaleInput extends DisposalStepInput {
  reason: string;
  /** One of BELOW_FLOOR_GROUNDS: required unless an auction round has closed unsold. */
  ground?: string | null;
}
export interface CompleteSaleInput extends DisposalStepInput {
  costs: string;
}
/** The bank's write-off proposal (a direct write-off in runs recorded before approvals). */
export interface WriteOffInput extends DisposalStepInput {
  reason: string;
}
/** An administrator approves the bank's write-off proposal; the note is optional. */
export interface ApproveWriteOffInput extends DisposalStepInput {
  note: string | null;
}
/** The registration office registers the transfer of the sold asset to the buyer. */
export interface RegisterTransferInput extends DisposalStepInput {
  registrationNumber: string;
  registeredOn: string;
}
export interface DisposalBusinessDateInput {
  businessDate: string;
}

/**
 * Sent with the start (update-with-start): answers once the START step is projected, so the
 * starter knows the disposal exists in PostgreSQL.
 */
export const disposalStartedUpdate = defineUpdate<DisposalSnapshot>('disposalStarted');

export const submitDisposalValuationUpdate = defineUpdate<
  DisposalSnapshot,
  [DisposalValuationInput]
>('submitDisposalValuation');
export const chooseDisposalMethodUpdate = defineUpdate<DisposalSnapshot, [DisposalMethodInput]>(
  'chooseDisposalMethod',
);
export const openRoundUpdate = defineUpdate<DisposalSnapshot, [OpenRoundInput]>('openRound');
export const recordBidUpdate = defineUpdate<DisposalSnapshot, [RecordBidInput]>('recordBid');
export const closeRoundUpdate = defineUpdate<DisposalSnapshot, [CloseRoundInput]>('closeRound');
export const proposeSaleUpdate = defineUpdate<DisposalSnapshot, [ProposeSaleInput]>('proposeSale');
export const approveSaleUpdate = defineUpdate<DisposalSnapshot, [ApproveSaleInput]>('approveSale');
export const completeSaleUpdate = defineUpdate<DisposalSnapshot, [CompleteSaleInput]>(
  'completeSale',
);
export const writeOffUpdate = defineUpdate<DisposalSnapshot, [WriteOffInput]>('writeOff');
export const registerBidderUpdate = defineUpdate<DisposalSnapshot, [RegisterBidderInput]>(
  'registerBidder',
);
export const recordDepositUpdate = defineUpdate<DisposalSnapshot, [RecordDepositInput]>(
  'recordDeposit',
);
export const approveWriteOffUpdate = defineUpdate<DisposalSnapshot, [ApproveWriteOffInput]>(
  'approveWriteOff',
);
export const registerTransferUpdate = defineUpdate<DisposalSnapshot, [RegisterTransferInput]>(
  'registerTransfer',
);

/** Sent by the close of business to every live disposal; closes rounds that reached their end. */
export const applyDisposalBusinessDateUpdate = defineUpdate<
  DisposalSnapshot,
  [DisposalBusinessDateInput]
>('applyDisposalBusinessDate');

export const getDisposalQuery = defineQuery<DisposalSnapshot>('getDisposal');

/**
 * The transitions this performer may fire now (state, role, organisation and the round's
 * calendar); payload checks come with the step itself.
 */
export const disposalAllowedActionsQuery = defineQuery<
  DisposalTransition[],
  [Pick<Actor, 'role' | 'organisationId'>]
>('allowedActions');

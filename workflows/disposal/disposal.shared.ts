/**
 * Messages of the disposal workflow, shared by the workflow, its activities and the API.
 * Only types and message definitions live here.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AuctionRules, DisposalMethod } from '../../libs/domain/src/disposal';
import type { AssetKind } from '../../libs/domain/src/ip-assets';
import type { Actor } from '../../libs/domain/src/roles';
import type { AssetValuation } from '../loan-case/loan-case.shared';

export const DISPOSAL_WORKFLOW = 'disposalWorkflow';

/** One disposal per case: a second start for the same case is refused by the server. */
export function disposalWorkflowId(caseNumber: string): string {
  return `disposal-${caseNumber}`;
}

/** Sold in rounds at an exchange; the other methods are agreed with one buyer. */
export const ROUND_METHODS = ['AUCTION', 'LISTED_TRANSFER'] as const;
export const PRIVATE_METHODS = ['NEGOTIATED_TRANSFER', 'LICENSING', 'BANK_TAKEOVER'] as const;
export type RoundMethod = (typeof ROUND_METHODS)[number];
export type PrivateMethod = (typeof PRIVATE_METHODS)[number];

export interface DisposalValuation {
  reportNumber: string;
  totalValue: string;
  baseDate: string;
  validUntil: string;
  /** `CASE`: the case's latest report, still valid; `REFRESHED`: submitted for the disposal. */
  source: 'CASE' | 'REFRESHED';
  submittedBy: string | null;
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

export type DisposalStatus =
  /** The last valuation expired: an evaluator must submit a new one. */
  | 'AWAITING_VALUATION'
  /** The bank chooses how to sell. */
  | 'AWAITING_METHOD'
  /** Rounds at an exchange: one open, or between rounds. */
  | 'AUCTION'
  /** Every round passed unsold: a private sale (with approval below the floor) or a write-off. */
  | 'AUCTION_FAILED'
  /** The bank negotiates a transfer, licence or takeover. */
  | 'NEGOTIATION'
  /** A private sale below the floor waits for an administrator's approval. */
  | 'AWAITING_APPROVAL'
  | 'SALE_AGREED'
  | 'COMPLETED'
  | 'WRITTEN_OFF';

export interface DisposalRound {
  round: number;
  method: RoundMethod;
  startingPrice: string;
  /** The lowest start the rules allowed for this round. */
  minimumPrice: string;
  openedOn: string;
  /** Bids are taken on business dates before this one; the round closes when it arrives. */
  closesOn: string;
  openedBy: string;
  openedAt: string;
  outcome: 'OPEN' | 'SOLD' | 'UNSOLD';
  closedOn: string | null;
  winningBidSeq: number | null;
}

export interface DisposalBid {
  seq: number;
  round: number;
  bidder: string;
  amount: string;
  /** UTC instant from the workflow clock. */
  at: string;
  businessDate: string;
  recordedBy: string;
  atOrAboveStart: boolean;
}

export interface SaleTerms {
  method: DisposalMethod;
  buyer: string;
  price: string;
  /** The round that sold it, for a sale at an exchange. */
  round: number | null;
  agreedOn: string;
  proposedBy: string | null;
  /** Below the disposal floor: needs an administrator's approval before completion. */
  belowFloor: boolean;
  approval: { userId: string; reason: string; on: string; at: string } | null;
}

export interface DisposalSnapshot {
  caseNumber: string;
  workflowId: string;
  bankOrgId: string;
  status: DisposalStatus;
  version: number;
  businessDate: string;
  startedOn: string;
  startedBy: string;
  rules: AuctionRules;
  valuation: DisposalValuation | null;
  /** round(valuation × floorRatio), yuan. */
  floor: string | null;
  method: DisposalMethod | null;
  rounds: DisposalRound[];
  bids: DisposalBid[];
  sale: SaleTerms | null;
  completion: { costs: string; proceeds: string; on: string; by: string } | null;
  writeOff: { reason: string; by: string; on: string } | null;
  run: number;
}

/** A step of the disposal as its timeline keeps it. */
export interface DisposalEvent {
  seq: number;
  event: string;
  actor: Actor | null;
  businessDate: string;
  occurredAt: string;
  payload: Record<string, unknown>;
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
export const submitDisposalValuationUpdate = defineUpdate<
  DisposalSnapshot,
  [DisposalValuationInput]
>('submitDisposalValuation');
export const chooseDisposalMethodUpdate = defineUpdate<
  DisposalSnapshot,
  [DisposalStepInput & { method: DisposalMethod }]
>('chooseDisposalMethod');
export const openRoundUpdate = defineUpdate<
  DisposalSnapshot,
  [DisposalStepInput & { startingPrice: string }]
>('openRound');
export const recordBidUpdate = defineUpdate<
  DisposalSnapshot,
  [DisposalStepInput & { bidder: string; amount: string }]
>('recordBid');
export const proposeSaleUpdate = defineUpdate<
  DisposalSnapshot,
  [DisposalStepInput & { method: DisposalMethod; buyer: string; price: string }]
>('proposeSale');
export const approveSaleUpdate = defineUpdate<
  DisposalSnapshot,
  [DisposalStepInput & { reason: string }]
>('approveSale');
export const completeSaleUpdate = defineUpdate<
  DisposalSnapshot,
  [DisposalStepInput & { costs: string }]
>('completeSale');
export const writeOffUpdate = defineUpdate<
  DisposalSnapshot,
  [DisposalStepInput & { reason: string }]
>('writeOff');

/** Sent by the close of business to every live disposal; closes rounds that reached their end. */
export const applyDisposalBusinessDateUpdate = defineUpdate<
  DisposalSnapshot,
  [{ businessDate: string }]
>('applyDisposalBusinessDate');
export const getDisposalQuery = defineQuery<DisposalSnapshot>('getDisposal');

/** Updates keyed by the API action name. */
export const DISPOSAL_ACTIONS = {
  valuation: submitDisposalValuationUpdate,
  method: chooseDisposalMethodUpdate,
  'open-round': openRoundUpdate,
  bid: recordBidUpdate,
  'propose-sale': proposeSaleUpdate,
  'approve-sale': approveSaleUpdate,
  'complete-sale': completeSaleUpdate,
  'write-off': writeOffUpdate,
} as const;
export type DisposalAction = keyof typeof DISPOSAL_ACTIONS;

/** Statuses in which a disposal is still running. */
export const LIVE_DISPOSAL_STATUSES: readonly DisposalStatus[] = [
  'AWAITING_VALUATION',
  'AWAITING_METHOD',
  'AUCTION',
  'AUCTION_FAILED',
  'NEGOTIATION',
  'AWAITING_APPROVAL',
  'SALE_AGREED',
];

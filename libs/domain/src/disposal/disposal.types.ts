import type { Actor } from '../roles';
import type { DisposalStatus, DisposalTimelineEvent } from './disposal.states';

/** How pledged IP is turned into money after a default. */
export const DISPOSAL_METHODS = [
  'AUCTION',
  'LISTED_TRANSFER',
  'NEGOTIATED_TRANSFER',
  'LICENSING',
  'BANK_TAKEOVER',
] as const;
export type DisposalMethod = (typeof DISPOSAL_METHODS)[number];

/** Sold in rounds at an exchange; the other methods are agreed with one buyer. */
export const ROUND_METHODS = ['AUCTION', 'LISTED_TRANSFER'] as const;
export const PRIVATE_METHODS = ['NEGOTIATED_TRANSFER', 'LICENSING', 'BANK_TAKEOVER'] as const;
export type RoundMethod = (typeof ROUND_METHODS)[number];
export type PrivateMethod = (typeof PRIVATE_METHODS)[number];

export function isRoundMethod(method: DisposalMethod): method is RoundMethod {
  return (ROUND_METHODS as readonly string[]).includes(method);
}

/** A product's auction rules; ratios are decimal text so they never pass through a float. */
export interface AuctionRules {
  /** Round 1 starts at >= floorRatio × the latest valuation, e.g. "0.7". */
  floorRatio: string;
  /** A later round starts at >= (1 − maxStepCut) × the previous start, e.g. "0.2". */
  maxStepCut: string;
  /** A round lasts this many business days. */
  roundBusinessDays: number;
  maxRounds: number;
}

/** The valuation a disposal prices against (yuan text, business dates). */
export interface DisposalValuation {
  reportNumber: string;
  totalValue: string;
  baseDate: string;
  validUntil: string;
  /** `CASE`: the case's latest report, still valid; `REFRESHED`: submitted for the disposal. */
  source: 'CASE' | 'REFRESHED';
  submittedBy: string | null;
}

/** How a round ended; OPEN while it takes bids. */
export type RoundOutcome = 'OPEN' | 'SOLD' | 'UNSOLD';

/** One auction round at an exchange: its price path and how it ended. Prices are yuan text. */
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
  outcome: RoundOutcome;
  closedOn: string | null;
  winningBidSeq: number | null;
}

/** One recorded bid of a round. The amount is yuan text. */
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

/** The terms of a sale, at an exchange round or agreed privately. */
export interface DisposalSale {
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

/** The disposal as the workflow keeps it, projects it to PostgreSQL and answers queries with. */
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
  sale: DisposalSale | null;
  completion: { costs: string; proceeds: string; on: string; by: string } | null;
  writeOff: { reason: string; by: string; on: string } | null;
  run: number;
}

/** A step of the disposal as its timeline keeps it. */
export interface DisposalEvent {
  seq: number;
  event: DisposalTimelineEvent;
  /** Null for the disposal's own moves (a round closing). */
  actor: Actor | null;
  businessDate: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** The organisations a disposal's steps are performed by. */
export interface DisposalParties {
  bankOrgId: string;
  /** The valuation firm of the case, which submits a refreshed report; null if none. */
  valuationFirmOrgId: string | null;
}

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

/** A bidder is a firm (by its USCC) or a person (by resident identity number). */
export const BIDDER_KINDS = ['FIRM', 'PERSON'] as const;
export type BidderKind = (typeof BIDDER_KINDS)[number];

/** The deposit (保证金) a bidder paid the exchange before bidding. The amount is yuan text. */
export interface BidderDeposit {
  amount: string;
  /** The payment's reference at the exchange. */
  reference: string;
  /** Business date it was paid: on or before the date it is recorded. */
  paidOn: string;
  recordedBy: string;
  recordedOn: string;
}

/** A party registered by the exchange to bid on this disposal. */
export interface DisposalBidder {
  /** `B1`, `B2`, … in order of registration. */
  id: string;
  kind: BidderKind;
  /** The normalised USCC of a firm or resident ID number of a person. */
  identity: string;
  name: string;
  registeredOn: string;
  registeredBy: string;
  deposit: BidderDeposit | null;
}

/**
 * Who may not bid on the pledged asset: the pledgor, its legal representative and the lending
 * bank, as the registers know them when the first bidder is registered.
 */
export interface ExcludedBidders {
  pledgorUscc: string;
  legalRepIdNumber: string | null;
  bankUscc: string | null;
}

/** One recorded bid of a round. The amount is yuan text. */
export interface DisposalBid {
  seq: number;
  round: number;
  /** The bidder's identity (USCC or resident ID): the buyer if the bid wins. */
  bidder: string;
  /** The registered bidder; absent on bids recorded before bidders were registered. */
  bidderId?: string;
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
  approval: {
    userId: string;
    reason: string;
    on: string;
    at: string;
    /** The listed ground of a below-floor sale with no round closed unsold first. */
    ground?: BelowFloorGround | null;
  } | null;
}

/**
 * The grounds on which an administrator may approve a sale below the floor before any auction
 * round has closed unsold, with their Chinese labels.
 */
export const BELOW_FLOOR_GROUNDS = {
  ASSET_LAPSING_SOON: { en: 'The right lapses soon', zh: '权利即将失效' },
  COURT_ORDER: { en: 'Ordered by a court', zh: '法院裁定' },
  NO_MARKET_EVALUATOR_OPINION: {
    en: 'The valuation firm finds no market for it',
    zh: '评估机构意见无市场',
  },
  COSTS_EXCEED_VALUE: { en: 'Disposal costs exceed its value', zh: '处置费用超过价值' },
} as const;
export type BelowFloorGround = keyof typeof BELOW_FLOOR_GROUNDS;

/** A write-off the bank proposed; an administrator approves it. */
export interface DisposalWriteOffProposal {
  reason: string;
  proposedBy: string;
  proposedOn: string;
  approvedBy: string | null;
  approvedOn: string | null;
}

/**
 * The transfer of the sold asset to the buyer, pending at the registration office from the
 * sale's completion until a clerk registers it.
 */
export interface DisposalTransfer {
  /** `<case number>-T`. */
  transferId: string;
  buyer: string;
  assetNumbers: string[];
  requestedOn: string;
  registrationNumber: string | null;
  registeredOn: string | null;
  registeredBy: string | null;
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
  /** Registered bidders; absent in snapshots carried from runs before bidders were registered. */
  bidders?: DisposalBidder[];
  /** Loaded with the first bidder's registration. */
  excludedBidders?: ExcludedBidders | null;
  writeOffProposal?: DisposalWriteOffProposal | null;
  transfer?: DisposalTransfer | null;
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

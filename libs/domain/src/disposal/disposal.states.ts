import {
  eventsAvailableIn,
  targetIn,
  type Performer,
  type TransitionTable,
} from '../shared/transition-table';

/** Every state a disposal can be in. */
export const DISPOSAL_STATUSES = [
  /** The last valuation expired: an evaluator must submit a new one. */
  'AWAITING_VALUATION',
  /** The bank chooses how to sell. */
  'AWAITING_METHOD',
  /** Rounds at an exchange: one open, or between rounds. */
  'AUCTION',
  /** Every round passed unsold: a private sale (with approval below the floor) or a write-off. */
  'AUCTION_FAILED',
  /** The bank negotiates a transfer, licence or takeover. */
  'NEGOTIATION',
  /** A private sale below the floor waits for an administrator's approval. */
  'AWAITING_APPROVAL',
  'SALE_AGREED',
  /** The sale is complete and settled; the registration office has yet to register the transfer. */
  'TRANSFER_PENDING',
  /** The bank proposed a write-off: an administrator approves it. */
  'AWAITING_WRITE_OFF_APPROVAL',
  'COMPLETED',
  'WRITTEN_OFF',
] as const;
export type DisposalStatus = (typeof DISPOSAL_STATUSES)[number];

/** States in which the disposal has ended: its workflow returns. */
export const FINAL_DISPOSAL_STATUSES: readonly DisposalStatus[] = ['COMPLETED', 'WRITTEN_OFF'];

/** Statuses in which a disposal is still running (close of business tells them the date). */
export const LIVE_DISPOSAL_STATUSES: readonly DisposalStatus[] = DISPOSAL_STATUSES.filter(
  (status) => !FINAL_DISPOSAL_STATUSES.includes(status),
);

/** States from which the bank may give up and write the loan off: all live ones but a sale agreed. */
const WRITABLE_OFF: readonly DisposalStatus[] = [
  'AWAITING_VALUATION',
  'AWAITING_METHOD',
  'AUCTION',
  'AUCTION_FAILED',
  'NEGOTIATION',
  'AWAITING_APPROVAL',
];

/** A private sale may be proposed after negotiation, a failed auction, or again while one waits. */
const PRIVATE_SALE_FROM: readonly DisposalStatus[] = [
  'NEGOTIATION',
  'AUCTION_FAILED',
  'AWAITING_APPROVAL',
];

const BANK: readonly Performer[] = ['LOAN_OFFICER', 'CREDIT_APPROVER'];

/** Where the exchange registers bidders and their deposits: while rounds may still open. */
const BIDDER_DESK: readonly DisposalStatus[] = ['AUCTION', 'AUCTION_FAILED'];

/**
 * Who closes a round at or after its end: its exchange's operator, or the close of business
 * (the system) for a round whose end passed without the operator closing it.
 */
const ROUND_CLOSERS: readonly Performer[] = ['SYSTEM', 'EXCHANGE_OPERATOR'];

/**
 * The disposal's state machine: one row per outcome, so a step that can end two ways (a round
 * closing sold or unsold) has a row for each and the workflow looks its target up here. START
 * rows have no source state: they give the state a disposal begins in.
 */
export const DISPOSAL_TRANSITIONS = {
  START_NEEDS_VALUATION: {
    from: [],
    to: 'AWAITING_VALUATION',
    performers: ['SYSTEM'],
    description: 'Started by the case; the last valuation has expired, so a new one is needed',
  },
  START_WITH_VALUATION: {
    from: [],
    to: 'AWAITING_METHOD',
    performers: ['SYSTEM'],
    description: "Started by the case; the case's latest valuation is still valid",
  },
  SUBMIT_VALUATION: {
    from: ['AWAITING_VALUATION'],
    to: 'AWAITING_METHOD',
    performers: ['EVALUATOR'],
    description: "The case's valuation firm submits a refreshed report; the floor follows from it",
  },
  CHOOSE_ROUND_METHOD: {
    from: ['AWAITING_METHOD'],
    to: 'AUCTION',
    performers: ['LOAN_OFFICER'],
    description: 'The bank sells in rounds at an exchange (auction or listed transfer)',
  },
  CHOOSE_PRIVATE_METHOD: {
    from: ['AWAITING_METHOD'],
    to: 'NEGOTIATION',
    performers: ['LOAN_OFFICER'],
    description: 'The bank negotiates a transfer, a licence or a takeover',
  },
  OPEN_ROUND: {
    from: ['AUCTION', 'AUCTION_FAILED'],
    to: 'AUCTION',
    performers: ['EXCHANGE_OPERATOR'],
    description:
      "The exchange opens the next round at a starting price within the floor and the price-cut rule; it lasts the product's number of working days",
  },
  RECORD_BID: {
    from: ['AUCTION'],
    to: null,
    performers: ['EXCHANGE_OPERATOR'],
    description: 'The exchange records a bid of the open round with its instant',
  },
  CLOSE_ROUND_SOLD: {
    from: ['AUCTION'],
    to: 'SALE_AGREED',
    performers: ROUND_CLOSERS,
    description: 'The round reached its end with a bid at or above the start: the best bid wins',
  },
  CLOSE_ROUND_UNSOLD: {
    from: ['AUCTION'],
    to: 'AUCTION',
    performers: ROUND_CLOSERS,
    description: 'The round reached its end unsold; another round may open',
  },
  CLOSE_ROUND_FAILED: {
    from: ['AUCTION'],
    to: 'AUCTION_FAILED',
    performers: ROUND_CLOSERS,
    description: 'The last round the rules allow reached its end unsold',
  },
  PROPOSE_SALE: {
    from: PRIVATE_SALE_FROM,
    to: 'SALE_AGREED',
    performers: ['LOAN_OFFICER'],
    description: 'A private sale at or above the floor is agreed',
  },
  PROPOSE_SALE_BELOW_FLOOR: {
    from: PRIVATE_SALE_FROM,
    to: 'AWAITING_APPROVAL',
    performers: ['LOAN_OFFICER'],
    description: "A private sale below the floor waits for an administrator's approval",
  },
  APPROVE_SALE: {
    from: ['AWAITING_APPROVAL'],
    to: 'SALE_AGREED',
    performers: ['ADMINISTRATOR'],
    description: 'An administrator approves the sale below the floor, with a reason',
  },
  REGISTER_BIDDER: {
    from: BIDDER_DESK,
    to: null,
    performers: ['EXCHANGE_OPERATOR'],
    description:
      'The exchange registers a bidder (a firm by USCC or a person by resident ID); never the pledgor, its legal representative or the lending bank',
  },
  RECORD_DEPOSIT: {
    from: BIDDER_DESK,
    to: null,
    performers: ['EXCHANGE_OPERATOR'],
    description:
      "The exchange records a registered bidder's deposit (保证金); only then may it bid",
  },
  COMPLETE_SALE: {
    from: ['SALE_AGREED'],
    to: 'TRANSFER_PENDING',
    performers: ['LOAN_OFFICER'],
    description:
      'The sale completes with its costs; the case distributes the proceeds; the transfer waits for the registration office',
  },
  COMPLETE_SALE_LEGACY: {
    from: ['SALE_AGREED'],
    to: 'COMPLETED',
    performers: ['LOAN_OFFICER'],
    description:
      'Runs recorded before transfer registration: the completion registered the transfer at once (replayed only)',
  },
  REGISTER_TRANSFER: {
    from: ['TRANSFER_PENDING'],
    to: 'COMPLETED',
    performers: ['REGISTRATION_CLERK'],
    description:
      "The registration office registers the transfer (number and date): the buyer becomes the asset's owner",
  },
  PROPOSE_WRITE_OFF: {
    from: WRITABLE_OFF,
    to: 'AWAITING_WRITE_OFF_APPROVAL',
    performers: BANK,
    description: 'The bank proposes to give the disposal up and write the loan off, with a reason',
  },
  APPROVE_WRITE_OFF: {
    from: ['AWAITING_WRITE_OFF_APPROVAL'],
    to: 'WRITTEN_OFF',
    performers: ['ADMINISTRATOR'],
    description:
      'An administrator, never the bank user who proposed it, approves the write-off; the case writes the loan off',
  },
  WRITE_OFF: {
    from: WRITABLE_OFF,
    to: 'WRITTEN_OFF',
    performers: BANK,
    description:
      'Runs recorded before write-off approval: the bank wrote the loan off directly (replayed only)',
  },
} as const satisfies TransitionTable<string, DisposalStatus>;

/** The labels of the disposal's timeline, as recorded (one per step, not per outcome). */
export const DISPOSAL_TIMELINE_EVENTS = [
  'START',
  'SUBMIT_VALUATION',
  'CHOOSE_METHOD',
  'OPEN_ROUND',
  'RECORD_BID',
  'CLOSE_ROUND',
  'PROPOSE_SALE',
  'APPROVE_SALE',
  'COMPLETE_SALE',
  'WRITE_OFF',
  'REGISTER_BIDDER',
  'RECORD_DEPOSIT',
  'REGISTER_TRANSFER',
  'PROPOSE_WRITE_OFF',
  'APPROVE_WRITE_OFF',
] as const;
export type DisposalTimelineEvent = (typeof DISPOSAL_TIMELINE_EVENTS)[number];

/** The closed list of disposal transitions, one per outcome. */
export type DisposalTransition = keyof typeof DISPOSAL_TRANSITIONS;
export const DISPOSAL_TRANSITION_NAMES = Object.keys(DISPOSAL_TRANSITIONS) as DisposalTransition[];

/** The table typed for the generic helpers (the literal above keeps its exact rows). */
const TABLE: TransitionTable<DisposalTransition, DisposalStatus> = DISPOSAL_TRANSITIONS;

/** The label the timeline records for a transition: one per step, whatever its outcome. */
export const DISPOSAL_TIMELINE_EVENT_OF: Readonly<
  Record<DisposalTransition, DisposalTimelineEvent>
> = {
  START_NEEDS_VALUATION: 'START',
  START_WITH_VALUATION: 'START',
  SUBMIT_VALUATION: 'SUBMIT_VALUATION',
  CHOOSE_ROUND_METHOD: 'CHOOSE_METHOD',
  CHOOSE_PRIVATE_METHOD: 'CHOOSE_METHOD',
  OPEN_ROUND: 'OPEN_ROUND',
  RECORD_BID: 'RECORD_BID',
  CLOSE_ROUND_SOLD: 'CLOSE_ROUND',
  CLOSE_ROUND_UNSOLD: 'CLOSE_ROUND',
  CLOSE_ROUND_FAILED: 'CLOSE_ROUND',
  PROPOSE_SALE: 'PROPOSE_SALE',
  PROPOSE_SALE_BELOW_FLOOR: 'PROPOSE_SALE',
  APPROVE_SALE: 'APPROVE_SALE',
  REGISTER_BIDDER: 'REGISTER_BIDDER',
  RECORD_DEPOSIT: 'RECORD_DEPOSIT',
  COMPLETE_SALE: 'COMPLETE_SALE',
  COMPLETE_SALE_LEGACY: 'COMPLETE_SALE',
  REGISTER_TRANSFER: 'REGISTER_TRANSFER',
  PROPOSE_WRITE_OFF: 'PROPOSE_WRITE_OFF',
  APPROVE_WRITE_OFF: 'APPROVE_WRITE_OFF',
  WRITE_OFF: 'WRITE_OFF',
};

/**
 * Rows only runs recorded before a patch fire: their handlers keep the old move for replay
 * (`disposal-transfer-registration`, `disposal-write-off-approval`), and a new run never takes
 * them. The replay of recorded histories covers them; allowed actions never offer them.
 */
export const LEGACY_DISPOSAL_TRANSITIONS: readonly DisposalTransition[] = [
  'COMPLETE_SALE_LEGACY',
  'WRITE_OFF',
];

/**
 * The state `transition` leads to from `status`, from the table.
 * @throws DomainError(INVALID_TRANSITION) where the table has no such move.
 */
export function disposalTarget(
  status: DisposalStatus,
  transition: DisposalTransition,
): DisposalStatus {
  return targetIn(TABLE, 'disposal', status, transition);
}

/** The state a disposal begins in: a START row's target. */
export function initialDisposalStatus(valuationStillValid: boolean): DisposalStatus {
  return DISPOSAL_TRANSITIONS[
    valuationStillValid ? 'START_WITH_VALUATION' : 'START_NEEDS_VALUATION'
  ].to;
}

/** Transitions a performer could fire from a status, before organisation and payload checks. */
export function disposalTransitionsAvailable(
  status: DisposalStatus,
  performer: Performer,
): DisposalTransition[] {
  return eventsAvailableIn(TABLE, status, performer).filter(
    (t) => !LEGACY_DISPOSAL_TRANSITIONS.includes(t),
  );
}

/** The states any of `transitions` may fire from, in the order of DISPOSAL_STATUSES. */
export function disposalSourcesOf(transitions: readonly DisposalTransition[]): DisposalStatus[] {
  const sources = new Set<DisposalStatus>(
    transitions.flatMap((t): readonly DisposalStatus[] => DISPOSAL_TRANSITIONS[t].from),
  );
  return DISPOSAL_STATUSES.filter((status) => sources.has(status));
}

/** The roles that may fire any of `transitions` (the system's own moves left out), in order. */
export function disposalPerformersOf(transitions: readonly DisposalTransition[]): Performer[] {
  const performers: Performer[] = [];
  for (const t of transitions)
    for (const p of DISPOSAL_TRANSITIONS[t].performers as readonly Performer[])
      if (p !== 'SYSTEM' && !performers.includes(p)) performers.push(p);
  return performers;
}

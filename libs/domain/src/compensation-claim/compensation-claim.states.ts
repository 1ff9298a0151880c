/**
 * The life of one compensation claim (the insurer's or the risk-compensation fund's share of a
 * defaulted loan's loss): filed at default, confirmed by the insurer or reviewed by the fund
 * manager, then paid. The case keeps its own status while its claims move (the case table's
 * CONFIRM_/REVIEW_/PAY_ rows); the claim's status moves by this table.
 */
import {
  checkTransitionIn,
  targetIn,
  type Performer,
  type TransitionCheck,
  type TransitionTable,
} from '../shared/transition-table';

export const COMPENSATION_CLAIM_STATUSES = ['FILED', 'CONFIRMED', 'REVIEWED', 'PAID'] as const;
export type CompensationClaimStatus = (typeof COMPENSATION_CLAIM_STATUSES)[number];

/** Who pays a claim: the insurer of the loan, or the district's risk-compensation fund. */
export const COMPENSATION_CLAIM_PAYERS = ['INSURER', 'FUND'] as const;
export type CompensationClaimPayer = (typeof COMPENSATION_CLAIM_PAYERS)[number];

/**
 * The closed list of claim events. FILE has no source state: a claim is born FILED when the
 * case defaults (its row says who files it and where it starts).
 */
export const COMPENSATION_CLAIM_TRANSITIONS = {
  FILE: {
    from: [],
    to: 'FILED',
    performers: ['SYSTEM'],
    description:
      'file the claim with the default (its share of the loss fixed on the default date)',
  },
  CONFIRM: {
    from: ['FILED'],
    to: 'CONFIRMED',
    performers: ['INSURER'],
    description: 'the insurer confirms its claim',
  },
  PAY_INSURANCE: {
    from: ['CONFIRMED'],
    to: 'PAID',
    performers: ['INSURER'],
    description: 'the insurer pays its share, up to its per-claim cap',
  },
  REVIEW: {
    from: ['FILED'],
    to: 'REVIEWED',
    performers: ['FUND_MANAGER'],
    description: 'the fund manager reviews the claim once the trigger days have passed',
  },
  PAY_FUND: {
    from: ['REVIEWED'],
    to: 'PAID',
    performers: ['FUND_MANAGER'],
    description: 'the fund pays its share, up to its per-claim cap and its balance',
  },
} as const satisfies TransitionTable<string, CompensationClaimStatus>;

export type CompensationClaimEvent = keyof typeof COMPENSATION_CLAIM_TRANSITIONS;
export const COMPENSATION_CLAIM_EVENTS = Object.keys(
  COMPENSATION_CLAIM_TRANSITIONS,
) as CompensationClaimEvent[];

const TABLE: TransitionTable<CompensationClaimEvent, CompensationClaimStatus> =
  COMPENSATION_CLAIM_TRANSITIONS;

/** The status a claim is filed in. */
export const FILED_STATUS: CompensationClaimStatus = COMPENSATION_CLAIM_TRANSITIONS.FILE.to;

/** Which claim event a payer's step fires: insurers confirm, fund managers review; both pay. */
export const CLAIM_EVENTS_OF_PAYER = {
  INSURER: { approve: 'CONFIRM', pay: 'PAY_INSURANCE' },
  FUND: { approve: 'REVIEW', pay: 'PAY_FUND' },
} as const satisfies Record<
  CompensationClaimPayer,
  { approve: CompensationClaimEvent; pay: CompensationClaimEvent }
>;

/** Dry run: may `performer` fire `event` on a claim in `status`? */
export function checkClaimTransition(
  status: CompensationClaimStatus,
  event: CompensationClaimEvent,
  performer: Performer,
): TransitionCheck<CompensationClaimStatus> {
  return checkTransitionIn(TABLE, 'claim', status, event, performer);
}

/**
 * The status `event` moves a claim to from `status`.
 * @throws DomainError(INVALID_TRANSITION) where the table has no such move.
 */
export function claimTargetOf(
  status: CompensationClaimStatus,
  event: CompensationClaimEvent,
): CompensationClaimStatus {
  return targetIn(TABLE, 'claim', status, event);
}

/** The one status a claim must be in for `event` (every row but FILE has a single source). */
export function claimStatusNeededFor(event: CompensationClaimEvent): CompensationClaimStatus {
  const from: readonly CompensationClaimStatus[] = COMPENSATION_CLAIM_TRANSITIONS[event].from;
  return from[0] ?? FILED_STATUS;
}

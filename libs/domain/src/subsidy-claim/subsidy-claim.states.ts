import {
  checkTransitionIn,
  eventsAvailableIn,
  targetIn,
  type Performer,
  type TransitionCheck,
  type TransitionTable,
} from '../shared/transition-table';

/** Every state a subsidy claim can be in. */
export const SUBSIDY_CLAIM_STATUSES = [
  'AWAITING_INSURER',
  'SUBMITTED',
  'WAITLISTED',
  'REVIEWED',
  'APPROVED',
  'PAID',
  'REJECTED',
  'CLAWED_BACK',
] as const;
export type SubsidyClaimStatus = (typeof SUBSIDY_CLAIM_STATUSES)[number];

export function isSubsidyClaimStatus(value: unknown): value is SubsidyClaimStatus {
  return typeof value === 'string' && (SUBSIDY_CLAIM_STATUSES as readonly string[]).includes(value);
}

/** States a claim never leaves: its workflow completes there. */
export const SUBSIDY_CLAIM_TERMINAL_STATUSES: readonly SubsidyClaimStatus[] = [
  'REJECTED',
  'CLAWED_BACK',
];

export function isTerminalSubsidyClaimStatus(status: SubsidyClaimStatus): boolean {
  return SUBSIDY_CLAIM_TERMINAL_STATUSES.includes(status);
}

/** States in which a claim can still be rejected (before payment): the open claims. */
export const SUBSIDY_CLAIM_REJECTABLE_STATUSES: readonly SubsidyClaimStatus[] = [
  'AWAITING_INSURER',
  'SUBMITTED',
  'WAITLISTED',
  'REVIEWED',
  'APPROVED',
];

/** Claims that still commit money and cap room: everything but the rejected and clawed back. */
export const SUBSIDY_CLAIM_LIVE_STATUSES: readonly SubsidyClaimStatus[] =
  SUBSIDY_CLAIM_STATUSES.filter((status) => !SUBSIDY_CLAIM_TERMINAL_STATUSES.includes(status));

const DISTRICT_STAFF = ['DISTRICT_REVIEWER', 'DISTRICT_APPROVER'] as const;
const CLAIMANTS = ['LOAN_OFFICER', 'ENTERPRISE'] as const;

/**
 * The claim's state machine: one row per event and outcome. Where one step can end in two
 * states (a submission reserves budget or waits for it), each outcome is its own row, so the
 * state a step leads to is always read here, never written by hand. The timeline keeps its own
 * labels (SUBMIT, WAITLIST, BUDGET_RESERVED…); these names are the rules'.
 *
 * Submission rows have no `from`: the claim does not exist before them.
 */
export const SUBSIDY_CLAIM_TRANSITIONS = {
  SUBMIT: {
    from: [],
    to: 'SUBMITTED',
    performers: CLAIMANTS,
    description: 'An interest claim is stored and reserves its amount in the pool',
  },
  SUBMIT_WAITLISTED: {
    from: [],
    to: 'WAITLISTED',
    performers: CLAIMANTS,
    description: 'An interest claim is stored; its pool has no room, so it waits for budget',
  },
  SUBMIT_AWAITING_INSURER: {
    from: [],
    to: 'AWAITING_INSURER',
    performers: CLAIMANTS,
    description: 'An insurance-premium claim is stored; its insurer must confirm the premium',
  },
  CONFIRM_PREMIUM: {
    from: ['AWAITING_INSURER'],
    to: 'SUBMITTED',
    performers: ['INSURER'],
    description: 'The insurer confirms the premium; the claim reserves its amount',
  },
  CONFIRM_PREMIUM_WAITLISTED: {
    from: ['AWAITING_INSURER'],
    to: 'WAITLISTED',
    performers: ['INSURER'],
    description: 'The insurer confirms the premium; the pool has no room, so the claim waits',
  },
  REVIEW: {
    // An approver may review in a small office; four eyes still holds at approval.
    from: ['SUBMITTED'],
    to: 'REVIEWED',
    performers: DISTRICT_STAFF,
    description: 'The district reviews a claim that holds its reservation',
  },
  REVIEW_WAITLISTED: {
    from: ['WAITLISTED'],
    to: null,
    performers: DISTRICT_STAFF,
    description: 'The district reviews a waiting claim; it keeps waiting for budget',
  },
  APPROVE: {
    from: ['REVIEWED'],
    to: 'APPROVED',
    performers: ['DISTRICT_APPROVER'],
    description: 'An approver other than the reviewer approves the reserved claim',
  },
  APPROVE_FROM_WAITLIST: {
    from: ['WAITLISTED'],
    to: 'APPROVED',
    performers: ['DISTRICT_APPROVER'],
    description: 'Approval of a reviewed waiting claim, which reserves in the same step',
  },
  RESERVE_FROM_WAITLIST: {
    from: ['WAITLISTED'],
    to: 'SUBMITTED',
    performers: ['SYSTEM'],
    description: 'Budget came back to the pool: a waiting claim not yet reviewed reserves it',
  },
  RESERVE_FROM_WAITLIST_REVIEWED: {
    from: ['WAITLISTED'],
    to: 'REVIEWED',
    performers: ['SYSTEM'],
    description: 'Budget came back to the pool: a waiting reviewed claim reserves it',
  },
  PAY: {
    // A second person of the district, never the approver (checked by user id): a reviewer
    // may pay, so that a district with one reviewer and one approver can still pay at all.
    from: ['APPROVED'],
    to: 'PAID',
    performers: DISTRICT_STAFF,
    description: 'A district user other than the approver pays the claim under its reference',
  },
  REJECT: {
    from: ['SUBMITTED', 'WAITLISTED', 'REVIEWED', 'APPROVED'],
    to: 'REJECTED',
    performers: DISTRICT_STAFF,
    description: 'The district rejects an unpaid claim; its reservation goes back to the pool',
  },
  REJECT_AWAITING_INSURER: {
    // The insurer may refuse to confirm a premium it never received.
    from: ['AWAITING_INSURER'],
    to: 'REJECTED',
    performers: [...DISTRICT_STAFF, 'INSURER'],
    description: 'The district or the insurer rejects a claim awaiting premium confirmation',
  },
  CLOSE_BUDGET_YEAR: {
    from: ['WAITLISTED'],
    to: 'REJECTED',
    performers: ['SYSTEM'],
    description: 'The close of business ends the budget year of a claim still waiting for budget',
  },
  CLAW_BACK: {
    from: ['PAID'],
    to: 'CLAWED_BACK',
    performers: ['DISTRICT_APPROVER'],
    description: 'A paid claim found ineligible: the money returns to the pool',
  },
} as const satisfies TransitionTable<string, SubsidyClaimStatus>;

export type SubsidyClaimEvent = keyof typeof SUBSIDY_CLAIM_TRANSITIONS;
export const SUBSIDY_CLAIM_EVENTS = Object.keys(SUBSIDY_CLAIM_TRANSITIONS) as SubsidyClaimEvent[];

const TABLE: TransitionTable<SubsidyClaimEvent, SubsidyClaimStatus> = SUBSIDY_CLAIM_TRANSITIONS;
const SUBJECT = 'subsidy claim';

/** Dry run: may `performer` fire `event` on a claim in `status`? */
export function checkSubsidyClaimTransition(
  status: SubsidyClaimStatus,
  event: SubsidyClaimEvent,
  performer: Performer,
): TransitionCheck<SubsidyClaimStatus> {
  return checkTransitionIn(TABLE, SUBJECT, status, event, performer);
}

/** The state `event` leads to from `status`; throws INVALID_TRANSITION where there is no such move. */
export function subsidyClaimTarget(
  status: SubsidyClaimStatus,
  event: SubsidyClaimEvent,
): SubsidyClaimStatus {
  return targetIn(TABLE, SUBJECT, status, event);
}

/** The state a submission stores the claim in (the claim has no state before it). */
export function submittedStatus(
  event: 'SUBMIT' | 'SUBMIT_WAITLISTED' | 'SUBMIT_AWAITING_INSURER',
): SubsidyClaimStatus {
  return SUBSIDY_CLAIM_TRANSITIONS[event].to;
}

/** Events `performer` could fire on a claim in `status`, before organisation or payload checks. */
export function subsidyClaimEventsAvailable(
  status: SubsidyClaimStatus,
  performer: Performer,
): SubsidyClaimEvent[] {
  return eventsAvailableIn(TABLE, status, performer);
}

/**
 * The human steps on a claim, by the name the API gives them, with the events each may fire
 * (one per outcome) and the label its refusals use.
 */
export const SUBSIDY_CLAIM_STEPS = {
  'insurer-confirmation': {
    label: 'Premium confirmation',
    events: ['CONFIRM_PREMIUM', 'CONFIRM_PREMIUM_WAITLISTED'],
  },
  review: { label: 'Review', events: ['REVIEW', 'REVIEW_WAITLISTED'] },
  approve: { label: 'Approval', events: ['APPROVE', 'APPROVE_FROM_WAITLIST'] },
  pay: { label: 'Payment', events: ['PAY'] },
  reject: { label: 'Rejection', events: ['REJECT', 'REJECT_AWAITING_INSURER'] },
  'claw-back': { label: 'Clawback', events: ['CLAW_BACK'] },
} as const satisfies Record<string, { label: string; events: readonly SubsidyClaimEvent[] }>;

/** A human step on a claim, as the API names it. */
export type SubsidyClaimAction = keyof typeof SUBSIDY_CLAIM_STEPS;
export const SUBSIDY_CLAIM_ACTION_NAMES = Object.keys(SUBSIDY_CLAIM_STEPS) as SubsidyClaimAction[];

/** The events of a step that apply to a claim in `status` (none: the step does not apply). */
export function stepEventsFrom(
  action: SubsidyClaimAction,
  status: SubsidyClaimStatus,
): SubsidyClaimEvent[] {
  return SUBSIDY_CLAIM_STEPS[action].events.filter((event) =>
    (TABLE[event].from as readonly SubsidyClaimStatus[]).includes(status),
  );
}

/**
 * Who may take a step on a claim in `status`: the performers of the step's row for that status,
 * or of its first row when none applies (the status check then refuses the step anyway).
 */
export function stepPerformers(
  action: SubsidyClaimAction,
  status: SubsidyClaimStatus,
): readonly Performer[] {
  const [event] = stepEventsFrom(action, status);
  return TABLE[event ?? SUBSIDY_CLAIM_STEPS[action].events[0]].performers;
}

/**
 * The states a stored claim must be in for `event`, and the state it leads to, for the
 * conditional update that records the move (a row that keeps the state leads to its own `from`).
 */
export function subsidyClaimMove(event: SubsidyClaimEvent): {
  from: SubsidyClaimStatus[];
  to: SubsidyClaimStatus;
} {
  const rule = TABLE[event];
  const to = rule.to ?? rule.from[0];
  if (!to || (rule.to === null && rule.from.length !== 1)) {
    throw new Error(`${event} has no single target state`);
  }
  return { from: [...rule.from], to };
}

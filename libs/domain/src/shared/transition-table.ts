import { DomainError } from '../errors';
import type { Role } from '../roles';

/** Who performs a step: a role, or the system itself (close of business, a workflow's own move). */
export type Performer = Role | 'SYSTEM';

/** One row of a process's transition table. */
export interface TransitionRule<S extends string> {
  /** The states the event may fire from. */
  from: readonly S[];
  /** The state it leads to; `null` keeps the current state (a repayment while ACTIVE, say). */
  to: S | null;
  /** Who may fire it; SYSTEM for the process's own moves. */
  performers: readonly Performer[];
  description: string;
}

/** A closed list of events with their rules: the state machine of one process. */
export type TransitionTable<E extends string, S extends string> = Readonly<
  Record<E, TransitionRule<S>>
>;

export type TransitionCheck<S extends string> =
  | { allowed: true; to: S | null }
  | { allowed: false; code: 'INVALID_TRANSITION' | 'ROLE_FORBIDDEN'; message: string };

/**
 * Dry run of a transition: may `performer` fire `event` while the process is in `status`?
 * Pure and total: an unknown combination is an answer, never an exception or a silent null.
 */
export function checkTransitionIn<E extends string, S extends string>(
  table: TransitionTable<E, S>,
  subject: string,
  status: S,
  event: E,
  performer: Performer,
): TransitionCheck<S> {
  const rule: TransitionRule<S> = table[event];
  if (!rule.from.includes(status)) {
    return {
      allowed: false,
      code: 'INVALID_TRANSITION',
      message: `${event} is not allowed while the ${subject} is ${status}`,
    };
  }
  if (!rule.performers.includes(performer)) {
    return {
      allowed: false,
      code: 'ROLE_FORBIDDEN',
      message: `${event} must be performed by ${rule.performers.join(' or ')}, not ${performer}`,
    };
  }
  return { allowed: true, to: rule.to };
}

/**
 * The state `event` leads to from `status`, looked up in the table: a step never names its
 * target by hand. Throws INVALID_TRANSITION where the table has no such move (a bug in the
 * caller, since validators check the move first).
 */
export function targetIn<E extends string, S extends string>(
  table: TransitionTable<E, S>,
  subject: string,
  status: S,
  event: E,
): S {
  const rule: TransitionRule<S> = table[event];
  if (!rule.from.includes(status)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `${event} is not allowed while the ${subject} is ${status}`,
      { status, event },
    );
  }
  return rule.to ?? status;
}

/** Events a performer could fire from a status, before any payload or organisation check. */
export function eventsAvailableIn<E extends string, S extends string>(
  table: TransitionTable<E, S>,
  status: S,
  performer: Performer,
): E[] {
  return (Object.keys(table) as E[]).filter((event) => {
    const rule: TransitionRule<S> = table[event];
    return rule.from.includes(status) && rule.performers.includes(performer);
  });
}

/**
 * `@PerformsTransition(process, ...events)` marks the controller method that fires those rows of
 * a process's transition table. At start-up {@link TransitionRoutes} reads the marks of every
 * controller and builds the table {process, event} → {HTTP method, path template}, from which
 * every allowed-actions answer takes its method and path: a route renamed in its controller is
 * renamed in the answers, and a human row without a route fails the route-coverage test.
 *
 * To route a new row: put `@PerformsTransition('<process>', '<EVENT>')` on the controller method
 * that fires it (several events when one route fires several rows, e.g. a round closing sold or
 * unsold; the same event on several methods when several routes fire it).
 */
import { CASE_TRANSITIONS } from '../../../../libs/domain/src/loan-case/loan-case.states';
import {
  DISPOSAL_TRANSITIONS,
  LEGACY_DISPOSAL_TRANSITIONS,
} from '../../../../libs/domain/src/disposal/disposal.states';
import { SUBSIDY_CLAIM_TRANSITIONS } from '../../../../libs/domain/src/subsidy-claim/subsidy-claim.states';
import type {
  Performer,
  TransitionRule,
} from '../../../../libs/domain/src/shared/transition-table';

/** The transition table of each process, by the name the decorator uses. */
export const PROCESS_TABLES = {
  'loan-case': CASE_TRANSITIONS,
  disposal: DISPOSAL_TRANSITIONS,
  'subsidy-claim': SUBSIDY_CLAIM_TRANSITIONS,
} as const;
export type ProcessName = keyof typeof PROCESS_TABLES;
export type EventOf<P extends ProcessName> = keyof (typeof PROCESS_TABLES)[P] & string;

export const PERFORMS_TRANSITION = 'process:performs-transition';

export interface PerformedTransition {
  process: ProcessName;
  event: string;
}

/** The row of `event` in `process`'s table. */
export function ruleOf(process: ProcessName, event: string): TransitionRule<string> | undefined {
  return (PROCESS_TABLES[process] as Record<string, TransitionRule<string>>)[event];
}

/** Rows fired by a person (any performer but SYSTEM): each needs a route. */
const LEGACY_ROWS: readonly string[] = LEGACY_DISPOSAL_TRANSITIONS;

export function humanRows(): PerformedTransition[] {
  return (Object.keys(PROCESS_TABLES) as ProcessName[]).flatMap((process) =>
    Object.entries(PROCESS_TABLES[process] as Record<string, TransitionRule<string>>)
      .filter(([, rule]) => rule.performers.some((p: Performer) => p !== 'SYSTEM'))
      // Rows kept only so that old histories replay are never offered, so never routed.
      .filter(([event]) => process !== 'disposal' || !LEGACY_ROWS.includes(event))
      .map(([event]) => ({ process, event })),
  );
}

/** Marks a controller method as the route that fires `events` of `process`. */
export function PerformsTransition<P extends ProcessName>(
  process: P,
  ...events: [EventOf<P>, ...EventOf<P>[]]
): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const marked = (Reflect.getMetadata(PERFORMS_TRANSITION, handler) ??
      []) as PerformedTransition[];
    Reflect.defineMetadata(
      PERFORMS_TRANSITION,
      [...marked, ...events.map((event) => ({ process, event }))],
      handler,
    );
    return descriptor;
  };
}

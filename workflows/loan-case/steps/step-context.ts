/**
 * What every step of the loan-case workflow is built on: the case's state, the serial lock, the
 * step definition with the case's own guard (business date, transition table, organisation),
 * and the one way the case changes status, `transition`, which looks its target up in the table,
 * projects the case and notifies the parties.
 */
import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { assertBusinessDate, maxDate } from '../../../libs/domain/src/business-date';
import { positionOf } from '../../../libs/domain/src/loan-account';
import { noticeRecipientsOf } from '../../../libs/domain/src/loan-case/loan-case.parties';
import { organisationMayAct } from '../../../libs/domain/src/loan-case/loan-case.rules';
import {
  CASE_TRANSITIONS,
  checkTransition,
  targetOf,
  type CaseEvent,
  type CaseStatus,
} from '../../../libs/domain/src/loan-case/loan-case.states';
import type {
  CaseSnapshot,
  TimelineEntry,
} from '../../../libs/domain/src/loan-case/loan-case.types';
import type { Actor } from '../../../libs/domain/src/roles';
import type { CaseLedgerActivities } from '../../../activities/case-ledger/case-ledger.activities';
import type { NotificationActivities } from '../../../activities/notification/notification.activities';
import { ACTIVITY_OPTIONS, refuse, type StepKit, type StepUpdate } from '../../shared/step-kit';
import { takesPatch } from '../loan-case.patches';
import { CASE_SEARCH_ATTRIBUTES, type CaseStepAnswer, type StepInput } from '../loan-case.shared';

const ledger = proxyActivities<CaseLedgerActivities>(ACTIVITY_OPTIONS);
const notifications = proxyActivities<NotificationActivities>(ACTIVITY_OPTIONS);

/**
 * The projection writes the parties' notice to the outbox in its own transaction; runs recorded
 * before that still queued it with a second activity, which their replay schedules again.
 */
export const NOTICE_IN_PROJECTION_PATCH = 'notice-in-projection' as const;

/**
 * Runs recorded before it projected the whole case on every step, answered every Update with the
 * whole case and upserted the status on every step. With it, a projection carries only the
 * snapshot's members that changed since the run's last one, a step answers a small result when
 * the read model holds the case as the step left it, and a search attribute is upserted only
 * when its value changes: the case's history no longer carries the case a dozen times over.
 */
export const LEAN_HISTORY_PATCH = 'lean-case-history' as const;

/** The JSON of each member of a run's snapshot as it was last projected (none yet: absent). */
const projectedMembers = new WeakMap<CaseSnapshot, Map<string, string>>();

function membersOf(state: CaseSnapshot): Map<string, string> {
  // A member never goes back to undefined (nothing deletes one), so JSON text compares values.
  return new Map(Object.entries(state).map(([key, value]) => [key, JSON.stringify(value) ?? '']));
}

/**
 * Projects the case: its first projection in a run sends the whole snapshot, later ones the
 * members that changed (the activity merges them into the stored case, under its lock).
 */
async function projectCase(state: CaseSnapshot, entry: TimelineEntry | null): Promise<void> {
  if (!takesPatch(state, LEAN_HISTORY_PATCH))
    return ledger.recordCaseTransition({ snapshot: state, entry });
  const now = membersOf(state);
  const last = projectedMembers.get(state);
  if (!last) {
    await ledger.recordCaseTransition({ snapshot: state, entry });
  } else {
    const changes = Object.fromEntries(
      [...now]
        .filter(([key, json]) => last.get(key) !== json)
        .map(([key]) => [key, state[key as keyof CaseSnapshot]]),
    ) as Partial<CaseSnapshot>;
    await ledger.recordCaseTransition({ caseNumber: state.caseNumber, changes, entry });
  }
  projectedMembers.set(state, now);
}

/**
 * What a step answers: the small result when the read model holds the case exactly as it is
 * now, else (a recorded run, or a change left unprojected) the whole case.
 */
export function answerOf(state: CaseSnapshot): CaseStepAnswer {
  if (!takesPatch(state, LEAN_HISTORY_PATCH)) return state;
  const last = projectedMembers.get(state);
  const now = membersOf(state);
  const current =
    last !== undefined &&
    last.size === now.size &&
    [...now].every(([key, json]) => last.get(key) === json);
  return current
    ? { caseNumber: state.caseNumber, version: state.version, projected: true }
    : state;
}

/** A typed search-attribute update, as `upsertSearchAttributes` takes a list of them. */
type SearchAttributeUpdate = Extract<
  Parameters<typeof upsertSearchAttributes>[0],
  unknown[]
>[number];

/**
 * Upserts the search attributes whose values differ from the run's; recorded runs upsert them
 * all, every time.
 */
export function upsertChanged(state: CaseSnapshot, pairs: SearchAttributeUpdate[]): void {
  if (!takesPatch(state, LEAN_HISTORY_PATCH)) return upsertSearchAttributes(pairs);
  const known = workflowInfo().typedSearchAttributes;
  const changed = pairs.filter((pair) => known.get(pair.key) !== pair.value);
  if (changed.length > 0) upsertSearchAttributes(changed);
}

/** The small context each step file registers its steps on. */
export interface CaseContext {
  state: CaseSnapshot;
  /** Runs work after every earlier step has finished (the kit's lock). */
  serially: StepKit['serially'];
  /** The kit itself, for steps that are not case events (the business date, the disposal). */
  kit: StepKit;
  /**
   * Registers an Update as the step that fires `event`: its guard (business date, table,
   * organisation) and `validate` refuse before history; `perform` runs under the lock after
   * the case's business date has moved to the step's; the Update answers the case, or the
   * small result once the read model holds the case as it is (see `answerOf`).
   */
  caseStep<I extends StepInput>(
    update: StepUpdate<I, CaseStepAnswer>,
    event: CaseEvent,
    validate: (input: I) => void,
    perform: (input: I) => Promise<void>,
    /** Checked by the validator only (see the step kit's `admit`). */
    admit?: (input: I) => void,
  ): void;
  /** Fires `event`: the status its table row leads to, the timeline entry, projection, notice. */
  transition(
    event: CaseEvent,
    actor: Actor | null,
    payload?: Record<string, unknown>,
  ): Promise<void>;
  /** Projects the case with no timeline entry (new date, evidence of a refused check). */
  project(): Promise<void>;
  /** The case never goes back in time. */
  advanceDate(date: string): void;
  /**
   * The case's guard of `event` (business date, table, organisation) for steps registered on the
   * kit directly; `role: false` leaves the performer out (checked where the step says).
   */
  guard(event: CaseEvent, input: StepInput, options?: { role: boolean }): void;
}

/** Builds the context of one workflow run on its step kit. */
export function createCaseContext(state: CaseSnapshot, kit: StepKit): CaseContext {
  function advanceDate(date: string): void {
    state.businessDate = maxDate(state.businessDate, date);
  }

  function guard(event: CaseEvent, input: StepInput, options = { role: true }): void {
    assertBusinessDate(input.businessDate, 'businessDate');
    // Without the role check, the performer is taken to be one the row allows.
    const performer = options.role ? input.actor.role : CASE_TRANSITIONS[event].performers[0];
    const check = checkTransition(state.status, event, performer);
    if (!check.allowed) throw refuse(check.code, check.message, { status: state.status, event });
    if (!organisationMayAct(state, input.actor))
      throw refuse(
        'ORGANISATION_FORBIDDEN',
        `${input.actor.organisationId} may not act on case ${state.caseNumber}`,
      );
  }

  function caseStep<I extends StepInput>(
    update: StepUpdate<I, CaseStepAnswer>,
    event: CaseEvent,
    validate: (input: I) => void,
    perform: (input: I) => Promise<void>,
    admit?: (input: I) => void,
  ): void {
    kit.step(update, {
      validate: (input) => {
        guard(event, input);
        validate(input);
      },
      ...(admit ? { admit } : {}),
      perform: async (input) => {
        advanceDate(input.businessDate);
        await perform(input);
        return answerOf(state);
      },
    });
  }

  function transition(
    event: CaseEvent,
    actor: Actor | null,
    payload: Record<string, unknown> = {},
  ): Promise<void> {
    return record(state, event, targetOf(state.status, event), actor, payload);
  }

  return {
    state,
    serially: kit.serially,
    kit,
    caseStep,
    transition,
    project: () => projectCase(state, null),
    advanceDate,
    guard,
  };
}

/**
 * Appends a timeline entry and moves the case to `to`, then projects it to the read model, whose
 * transaction also writes the parties' notice to the outbox (one key per entry, so a retried
 * activity writes it once). The
 * opening of a case (`OPEN`, no source status) comes here directly; every other move through
 * `transition`.
 */
export async function record(
  state: CaseSnapshot,
  event: CaseEvent | 'OPEN',
  to: CaseStatus,
  actor: Actor | null,
  payload: Record<string, unknown>,
): Promise<void> {
  const entry: TimelineEntry = {
    seq: state.version + 1,
    event,
    fromStatus: event === 'OPEN' ? null : state.status,
    toStatus: to,
    actor,
    businessDate: state.businessDate,
    occurredAt: new Date().toISOString(),
    payload,
  };
  state.version = entry.seq;
  state.status = to;
  if (state.disbursement)
    state.position = positionOf(state.schedule, state.repayments, state.businessDate);
  upsertChanged(state, [{ key: CASE_SEARCH_ATTRIBUTES.status, value: to }]);
  await projectCase(state, entry);
  if (!takesPatch(state, NOTICE_IN_PROJECTION_PATCH))
    await notifications.enqueueNotification({
      key: `${state.caseNumber}:${entry.seq}`,
      caseNumber: state.caseNumber,
      template: `case.${event.toLowerCase()}`,
      recipientOrgIds: noticeRecipientsOf(state),
      payload: { status: to, event, businessDate: state.businessDate },
    });
}

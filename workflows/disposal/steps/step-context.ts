import { assertBusinessDate } from '../../../libs/domain/src/business-date';
import {
  checkDisposalPerformer,
  checkDisposalSource,
  type DisposalSnapshot,
  type DisposalTimelineEvent,
  type DisposalTransition,
} from '../../../libs/domain/src/disposal';
import type { Actor } from '../../../libs/domain/src/roles';
import type { DisposalActivities } from '../../../activities/exchange/disposal.activities';
import type { RegistrationOfficeActivities } from '../../../activities/registration-office/registration-office.activities';
import type { ValuationActivities } from '../../../activities/valuation/valuation.activities';
import type { WorkingCalendarActivities } from '../../../activities/case-ledger/working-calendar.activities';
import type { DisposalOutcome } from '../../../libs/domain/src/loan-case/loan-case.types';
import type { StepKit } from '../../shared/step-kit';
import type { DisposalInput, DisposalStepInput } from '../disposal.shared';

/** Activities the disposal's steps call, as proxies of the workflow. */
export interface DisposalProxies {
  exchange: Pick<DisposalActivities, 'exchangeProjectDisposal' | 'exchangeExcludedBidders'>;
  /** The registration office: the pending transfer of a sold asset and its registration. */
  registry: Pick<
    RegistrationOfficeActivities,
    'openAssetTransferRequest' | 'withdrawAssetTransferRequest' | 'registerRequestedTransfer'
  >;
  valuation: Pick<ValuationActivities, 'recordValuationReport'>;
  /** A round's closing date, in working days. */
  calendar: Pick<WorkingCalendarActivities, 'addWorkingDays'>;
  /** With a longer timeout: the case settles and closes inside the Update it receives. */
  caseReport: Pick<DisposalActivities, 'exchangeReportDisposalOutcome'>;
}

/** What a step handler of the disposal works with: the run's state, its input and its helpers. */
export interface DisposalStepContext {
  kit: StepKit;
  /** The disposal's state; steps change it in place, under the kit's lock. */
  state: DisposalSnapshot;
  input: DisposalInput;
  activities: DisposalProxies;
  /** Moves the business date forward and closes a round whose end it reached. */
  catchUp(given: { businessDate: string }): Promise<void>;
  /** Moves the disposal to the target of `transition` in the table. */
  move(transition: DisposalTransition): void;
  /** Projects the snapshot with a timeline entry (the version moves on by one). */
  record(
    event: DisposalTimelineEvent,
    actor: Actor | null,
    payload?: Record<string, unknown>,
  ): Promise<void>;
  /** Hands the outcome to the case, which distributes the proceeds and closes. */
  reportOutcome(outcome: DisposalOutcome): Promise<void>;
}

/**
 * The checks every human step starts with: a valid business date, a role and organisation one of
 * the step's transitions allows, and a state one of them may fire from.
 */
export function checkStep(
  ctx: DisposalStepContext,
  given: DisposalStepInput,
  transitions: readonly DisposalTransition[],
  options: { performer: boolean } = { performer: true },
): void {
  assertBusinessDate(given.businessDate, 'businessDate');
  if (options.performer)
    checkDisposalPerformer(given.actor, transitions, ctx.input, ctx.state.caseNumber);
  checkDisposalSource(ctx.state.status, transitions);
}

/**
 * The performer check of a step whose performers were changed (the exchange took the rounds over
 * from the bank): run by the validator only, so recorded runs where the bank opened rounds and
 * recorded bids still replay through the handler.
 */
export function admitStep(
  ctx: DisposalStepContext,
  given: DisposalStepInput,
  transitions: readonly DisposalTransition[],
): void {
  checkDisposalPerformer(given.actor, transitions, ctx.input, ctx.state.caseNumber);
}

import { continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import { compareDates } from '../../libs/domain/src/business-date';
import {
  disposalFloor,
  disposalTarget,
  disposalTransitionsAllowed,
  FINAL_DISPOSAL_STATUSES,
  initialDisposalStatus,
  type DisposalEvent,
  type DisposalSnapshot,
} from '../../libs/domain/src/disposal';
import { Money } from '../../libs/domain/src/money';
import type { DisposalActivities } from '../../activities/exchange/disposal.activities';
import type { ValuationActivities } from '../../activities/valuation/valuation.activities';
import type { RegistrationOfficeActivities } from '../../activities/registration-office/registration-office.activities';
import type { WorkingCalendarActivities } from '../../activities/case-ledger/working-calendar.activities';
import { ACTIVITY_OPTIONS, awaitFinishOrContinue, createStepKit } from '../shared/step-kit';
import {
  disposalAllowedActionsQuery,
  disposalStartedUpdate,
  disposalWorkflowId,
  getDisposalQuery,
  type DisposalInput,
} from './disposal.shared';
import { registerBidderSteps } from './steps/bidders.step';
import { registerMethodStep } from './steps/method.step';
import { registerTransferStep } from './steps/transfer.step';
import {
  catchUpRounds,
  registerBusinessDate,
  registerCloseRoundStep,
  registerRoundSteps,
} from './steps/rounds.step';
import { registerSaleSteps } from './steps/sale.step';
import type { DisposalStepContext } from './steps/step-context';
import { registerValuationStep } from './steps/valuation.step';
import { registerWriteOffStep } from './steps/write-off.step';

/** Below Temporal's suggestion, like the case: a long auction continues as new. */
const HISTORY_LIMIT = 400;

const exchange = proxyActivities<DisposalActivities>(ACTIVITY_OPTIONS);
const valuation = proxyActivities<ValuationActivities>(ACTIVITY_OPTIONS);
const calendar = proxyActivities<WorkingCalendarActivities>(ACTIVITY_OPTIONS);
const registry = proxyActivities<RegistrationOfficeActivities>(ACTIVITY_OPTIONS);
// The case settles, releases the pledge and closes inside the Update that receives the outcome.
const caseReport = proxyActivities<DisposalActivities>({
  ...ACTIVITY_OPTIONS,
  startToCloseTimeout: '2 minutes',
});

/**
 * The disposal of a defaulted case's pledged IP: a valuation still valid (or a refreshed one),
 * the method, auction rounds at an exchange with a floor and bounded price cuts, checked bidders
 * with deposits and every bid, a private sale below the floor only with an administrator's
 * approval, or a write-off the bank proposes and an administrator approves; then the outcome goes
 * to the case, which distributes the proceeds and closes, and a sold asset's transfer waits for
 * the registration office. Every step is an Update
 * with its actor, projected with its instant to PostgreSQL; the states and the moves between
 * them are the table in libs/domain/src/disposal.
 */
export async function disposalWorkflow(input: DisposalInput): Promise<DisposalSnapshot> {
  const rules = input.rules;
  const latest = input.latestValuation;
  const latestValid = latest !== null && compareDates(latest.validUntil, input.businessDate) >= 0;
  const state: DisposalSnapshot = input.carried ?? {
    caseNumber: input.caseNumber,
    workflowId: disposalWorkflowId(input.caseNumber),
    bankOrgId: input.bankOrgId,
    status: initialDisposalStatus(latestValid),
    version: 0,
    businessDate: input.businessDate,
    startedOn: input.businessDate,
    startedBy: input.startedBy.userId,
    rules,
    valuation: latestValid ? { ...latest, source: 'CASE', submittedBy: null } : null,
    floor: latestValid ? disposalFloor(Money.ofYuan(latest.totalValue), rules).toYuan() : null,
    method: null,
    rounds: [],
    bids: [],
    sale: null,
    completion: null,
    writeOff: null,
    run: 0,
    bidders: [],
    excludedBidders: null,
    writeOffProposal: null,
    transfer: null,
  };
  // A snapshot carried from a run before bidders, approvals and transfers were kept has none.
  state.bidders ??= [];
  state.excludedBidders ??= null;
  state.writeOffProposal ??= null;
  state.transfer ??= null;
  state.run += 1;

  const kit = createStepKit();
  const ctx: DisposalStepContext = {
    kit,
    state,
    input,
    activities: { exchange, valuation, calendar, caseReport, registry },
    catchUp: (given) => catchUp(given),
    move(transition) {
      state.status = disposalTarget(state.status, transition);
    },
    async record(event, actor, payload = {}) {
      state.version += 1;
      const entry: DisposalEvent = {
        seq: state.version,
        event,
        actor,
        businessDate: state.businessDate,
        occurredAt: new Date().toISOString(),
        payload,
      };
      await exchange.exchangeProjectDisposal({ snapshot: state, event: entry });
    },
    async reportOutcome(outcome) {
      await caseReport.exchangeReportDisposalOutcome({ caseNumber: state.caseNumber, outcome });
    },
  };
  const catchUp = catchUpRounds(ctx);

  registerValuationStep(ctx);
  registerMethodStep(ctx);
  registerRoundSteps(ctx);
  registerCloseRoundStep(ctx);
  registerSaleSteps(ctx);
  registerWriteOffStep(ctx);
  registerBidderSteps(ctx);
  registerTransferStep(ctx);
  registerBusinessDate(ctx);
  setHandler(getDisposalQuery, () => state);
  setHandler(disposalAllowedActionsQuery, (actor) =>
    disposalTransitionsAllowed(state, actor, input),
  );
  // Answers the starter once START is projected: queued behind it on the same lock.
  setHandler(disposalStartedUpdate, () => kit.serially(() => Promise.resolve(state)));

  if (state.version === 0) {
    await kit.serially(() =>
      ctx.record('START', input.startedBy, {
        valuation: state.valuation,
        floor: state.floor,
        rules,
        status: state.status,
      }),
    );
  }

  const finished = () => FINAL_DISPOSAL_STATUSES.includes(state.status);
  for (;;) {
    if ((await awaitFinishOrContinue(finished, HISTORY_LIMIT)) === 'FINISHED') return state;
    await continueAsNew<typeof disposalWorkflow>({ ...input, carried: state });
  }
}

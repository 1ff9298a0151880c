/**
 * One loan case from application to closure (docs/architecture.md): wiring and the main loop.
 * The steps live in ./steps, each file registering its Updates on the case context; every
 * status change goes through the context's `transition`, which takes its target from the case's
 * transition table.
 */
import { condition, continueAsNew, setHandler } from '@temporalio/workflow';
import { allowedCaseEvents } from '../../libs/domain/src/loan-case/loan-case.allowed-actions';
import { INITIAL_CASE_STATUS, isTerminal } from '../../libs/domain/src/loan-case/loan-case.states';
import type { CaseSnapshot } from '../../libs/domain/src/loan-case/loan-case.types';
import { awaitFinishOrContinue, createStepKit } from '../shared/step-kit';
import { startAtBaseline, takesPatch } from './loan-case.patches';
import {
  answerOf,
  createCaseContext,
  LEAN_HISTORY_PATCH,
  record,
  upsertChanged,
} from './steps/step-context';
import {
  allowedActionsQuery,
  CASE_SEARCH_ATTRIBUTES,
  getCaseQuery,
  loanCaseWorkflowId,
  openedUpdate,
  openingSearchAttributes,
  type LoanCaseInput,
} from './loan-case.shared';
import { registerApplicationSteps } from './steps/application.step';
import { registerCompensationSteps } from './steps/compensation.step';
import { registerCreditSteps } from './steps/credit.step';
import { registerDefaultSteps } from './steps/default.step';
import { registerOwnerSteps } from './steps/owner.step';
import { registerRegistrationSteps } from './steps/registration.step';
import { registerReleaseSteps } from './steps/release.step';
import { registerServicingSteps } from './steps/servicing.step';
import { registerSettlementSteps } from './steps/settlement.step';
import { registerValuationSteps } from './steps/valuation.step';

export { DEFAULT_TRACK_PATCH } from './steps/servicing.step';

/**
 * A run continues as new once its history passes this many events, so a 36-month loan never
 * keeps its whole past in one history. Each run stays below HISTORY_LIMIT plus one step
 * (a step is under 40 events).
 */
export const HISTORY_LIMIT = 400;

export async function loanCaseWorkflow(input: LoanCaseInput): Promise<CaseSnapshot> {
  const { application } = input;
  const state: CaseSnapshot = input.carried ?? {
    caseNumber: application.caseNumber,
    workflowId: loanCaseWorkflowId(application.caseNumber),
    status: INITIAL_CASE_STATUS,
    version: 0,
    businessDate: application.applicationDate,
    application,
    ipCheck: null,
    valuationRequest: null,
    valuations: [],
    approval: null,
    contract: null,
    filings: [],
    disbursement: null,
    schedule: [],
    repayments: [],
    position: null,
    release: null,
    closure: null,
    run: 0,
  };
  state.run += 1;
  startAtBaseline(state);
  // True once the OPEN step is projected (a continued run was opened long ago).
  let opened = input.carried !== undefined;

  const kit = createStepKit();
  const ctx = createCaseContext(state, kit);
  registerApplicationSteps(ctx);
  registerValuationSteps(ctx);
  registerCreditSteps(ctx);
  registerRegistrationSteps(ctx);
  registerServicingSteps(ctx);
  registerReleaseSteps(ctx);
  registerDefaultSteps(ctx);
  registerCompensationSteps(ctx);
  registerSettlementSteps(ctx);
  registerOwnerSteps(ctx);

  setHandler(getCaseQuery, () => state);
  setHandler(openedUpdate, async () => {
    await condition(() => opened);
    return answerOf(state);
  });
  setHandler(allowedActionsQuery, (actor) => allowedCaseEvents(state, actor));

  if (state.version === 0) {
    // The API starts a case with these set, so none is upserted; recorded runs upserted all but
    // the status here (their OPEN step upserted that).
    const opening = openingSearchAttributes(application, INITIAL_CASE_STATUS);
    upsertChanged(
      state,
      takesPatch(state, LEAN_HISTORY_PATCH)
        ? opening
        : opening.filter((pair) => pair.key !== CASE_SEARCH_ATTRIBUTES.status),
    );
    await kit.serially(() =>
      record(state, 'OPEN', INITIAL_CASE_STATUS, application.preparer, {
        amount: application.amount,
        assets: application.assets.length,
      }),
    );
    opened = true;
  }

  if ((await awaitFinishOrContinue(() => isTerminal(state.status), HISTORY_LIMIT)) === 'FINISHED')
    return state;
  return continueAsNew<typeof loanCaseWorkflow>({ application, carried: state });
}

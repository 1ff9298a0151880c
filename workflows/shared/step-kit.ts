/**
 * What every process workflow (loan case, disposal, subsidy claim) builds its human steps with:
 * the serial lock, the step definition (a validator that refuses before history, re-run inside
 * the lock against the then-current state), refusals as typed failures, and the continue-as-new
 * check. Workflow-safe: imports the workflow SDK and the domain only.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  setHandler,
  workflowInfo,
  type defineUpdate,
} from '@temporalio/workflow';
import { DomainError, type ErrorCode } from '../../libs/domain/src/errors';

/** A refused step: its stable code, the English message and structured details. */
export interface Refusal {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/**
 * A failure of the step (not of the workflow): non-retryable, typed with the stable error code.
 * Thrown from a validator it keeps the Update out of history; from a handler it fails the Update.
 */
export function refuse(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, details: [details], nonRetryable: true });
}

/**
 * The refusal inside an error, if it is one: a domain error thrown in the workflow, or an
 * activity's non-retryable failure with a code (e.g. ASSET_ALREADY_PLEDGED). Anything else is a
 * bug or an outage, and stays what it is so that the workflow task is retried.
 */
export function refusalOf(error: unknown): Refusal | null {
  if (error instanceof DomainError)
    return { code: error.code, message: error.message, details: error.details };
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.nonRetryable && cause.type) {
    return {
      code: cause.type,
      message: cause.message,
      details: (cause.details?.[0] ?? {}) as Record<string, unknown>,
    };
  }
  return null;
}

/**
 * A refusal that crossed a boundary (an activity's failure, a stored outcome) thrown again as
 * this step's failure. Its code was catalogued where it was raised; it crosses unchanged.
 */
export function refuseAgain(refusal: Refusal): ApplicationFailure {
  return refuse(refusal.code as ErrorCode, refusal.message, refusal.details);
}

/** Domain errors and activity refusals cross Temporal as ApplicationFailures of the same code. */
export function asFailure(error: unknown): unknown {
  const refusal = refusalOf(error);
  return refusal ? refuseAgain(refusal) : error;
}

/** Short: activities are single database or queue writes; a dead worker's attempt is retried soon. */
export const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const;

/** An Update definition as `defineUpdate` returns it. */
export type StepUpdate<I, R> = ReturnType<typeof defineUpdate<R, [I]>>;

/** One human step: how it is checked and what it does. */
export interface StepSpec<I, R> {
  /**
   * Work the step's arrival makes due before it is checked, inside the lock (the disposal closes
   * an auction round whose end the step's business date has reached). Optional.
   */
  catchUp?: (input: I) => Promise<void>;
  /**
   * Who may take the step, where the rule came after histories were recorded (the exchange, not
   * the bank, records bids; the user who confirmed a claim may not pay it): run by the validator
   * only, before `validate`, and not re-run in the handler. Validators do not run on replay, so a
   * rule tightened here refuses new calls while old histories, whose handlers ran under the looser
   * rule, still replay. Optional.
   */
  admit?: (input: I) => void;
  /** Throws a refusal when the step is not allowed now; pure, reads the current state only. */
  validate: (input: I) => void;
  /** Performs the step and returns the Update's result. */
  perform: (input: I) => Promise<R>;
}

export interface StepKit {
  /** Runs work after every earlier step has finished, so two steps never interleave. */
  serially<T>(work: () => Promise<T>): Promise<T>;
  /** Registers an Update as a step: validator before history, then catch-up, check, perform. */
  step<I, R>(update: StepUpdate<I, R>, spec: StepSpec<I, R>): void;
}

/**
 * A step kit for one workflow run. An Update's handler awaits activities, and a second Update
 * must not interleave with it: every step runs under one lock, and its validator is re-run inside
 * the lock, because the state it was accepted against may have moved while it waited.
 */
export function createStepKit(): StepKit {
  let lock: Promise<unknown> = Promise.resolve();
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const result = lock.then(work, work);
    lock = result.catch(() => undefined);
    return result;
  }

  function step<I, R>(update: StepUpdate<I, R>, spec: StepSpec<I, R>): void {
    const check = (input: I): void => {
      try {
        spec.validate(input);
      } catch (error) {
        throw asFailure(error);
      }
    };
    const admit = (input: I): void => {
      try {
        spec.admit?.(input);
      } catch (error) {
        throw asFailure(error);
      }
      check(input);
    };
    setHandler(
      update,
      (input: I) =>
        serially(async () => {
          if (spec.catchUp) await spec.catchUp(input);
          check(input);
          try {
            return await spec.perform(input);
          } catch (error) {
            throw asFailure(error);
          }
        }),
      { validator: admit },
    );
  }

  return { serially, step };
}

/** True once this run's history is long enough that it should continue as new. */
export function historyIsLong(historyLimit: number): boolean {
  const info = workflowInfo();
  return info.historyLength >= historyLimit || info.continueAsNewSuggested;
}

/**
 * Waits until the process is finished or its history is long, then for every running handler.
 * Answers FINISHED, or CONTINUE when the caller should continue as new with its state.
 */
export async function awaitFinishOrContinue(
  finished: () => boolean,
  historyLimit: number,
): Promise<'FINISHED' | 'CONTINUE'> {
  await condition(() => finished() || historyIsLong(historyLimit));
  await condition(allHandlersFinished);
  return finished() ? 'FINISHED' : 'CONTINUE';
}

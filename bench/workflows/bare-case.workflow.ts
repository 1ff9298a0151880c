/**
 * The bare shape of a loan case, for the lifecycle benchmark: the same Updates in the same order
 * as the project's case, each running the same number of activities, which do nothing. No
 * snapshot, no projection, no search attributes: what Temporal itself costs for one case.
 */
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/** The activities of the bare worker: one that does nothing. */
export interface BareActivities {
  nothing(input: { caseId: string; step: string; n: number }): Promise<void>;
}

const { nothing } = proxyActivities<BareActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * The project case's steps from application to a first repayment and the activities each runs
 * (the opening projects the case; a step checks or books something, then projects): counted in
 * a recorded real history, see docs/benchmarks-lifecycle.md.
 */
export const BARE_STEPS = [
  ['opened', 1],
  ['submit', 1],
  ['verifyIp', 2],
  ['requestValuation', 1],
  ['submitValuation', 2],
  ['approveCredit', 1],
  ['signContract', 1],
  ['submitRegistration', 2],
  ['acceptRegistration', 2],
  ['disburse', 2],
  ['recordRepayment', 2],
] as const;

export type BareStep = (typeof BARE_STEPS)[number][0];

export interface BareStepResult {
  caseId: string;
  step: BareStep;
  version: number;
}

export async function bareCaseWorkflow(input: { caseId: string }): Promise<void> {
  let version = 0;
  let lock: Promise<unknown> = Promise.resolve();
  let opened = false;
  for (const [step, activities] of BARE_STEPS) {
    const update = defineUpdate<BareStepResult, [Record<string, unknown>]>(step);
    setHandler(update, () => {
      // One step at a time, as the project's step kit runs them.
      const result = lock.then(async () => {
        if (step === 'opened') await condition(() => opened);
        else for (let n = 0; n < activities; n++) await nothing({ caseId: input.caseId, step, n });
        version += 1;
        return { caseId: input.caseId, step, version };
      });
      lock = result.catch(() => undefined);
      return result;
    });
  }
  await nothing({ caseId: input.caseId, step: 'open', n: 0 });
  opened = true;
  // The project's case stays open after its first repayment, so the bare one does too (the
  // bench terminates both kinds when it is done).
  await condition(() => false);
}

/** The application: submitted, its IP checked before filing, or ended by rejection or withdrawal. */
import { proxyActivities } from '@temporalio/workflow';
import { addMonthsClamped } from '../../../libs/domain/src/business-date';
import { assertReason } from '../../../libs/domain/src/loan-case/loan-case.rules';
import type { RegistrationOfficeActivities } from '../../../activities/registration-office/registration-office.activities';
import { ACTIVITY_OPTIONS, refuse } from '../../shared/step-kit';
import type { CaseContext } from './step-context';
import {
  rejectUpdate,
  submitUpdate,
  verifyIpUpdate,
  withdrawUpdate,
  type ReasonInput,
} from '../loan-case.shared';

const registry = proxyActivities<RegistrationOfficeActivities>(ACTIVITY_OPTIONS);

const noPayloadCheck = (): void => undefined;

export function registerApplicationSteps(ctx: CaseContext): void {
  const { state } = ctx;
  const application = state.application;

  ctx.caseStep(submitUpdate, 'SUBMIT', noPayloadCheck, async (input) => {
    await ctx.transition('SUBMIT', input.actor);
  });

  ctx.caseStep(verifyIpUpdate, 'VERIFY_IP', noPayloadCheck, async (input) => {
    const debtEndDate = addMonthsClamped(state.businessDate, application.termMonths);
    const assets = await registry.checkAssetsForPledge({
      caseNumber: state.caseNumber,
      pledgorUscc: application.enterprise.uscc,
      assets: application.assets,
      debtEndDate,
      asOf: state.businessDate,
    });
    state.ipCheck = {
      checkedOn: state.businessDate,
      passed: assets.every((a) => a.passed),
      assets,
    };
    if (!state.ipCheck.passed) {
      // The evidence is kept on the case (projected) even though the step is refused.
      await ctx.project();
      const first = assets.flatMap((a) => a.findings.map((f) => ({ ...f, number: a.number })))[0];
      throw refuse(
        first?.ground ?? 'IP_CHECK_FAILED',
        `Pre-filing check failed for ${first?.number}: ${first?.message}`,
        {
          findings: assets.flatMap((a) =>
            a.findings.map((f) => ({ number: a.number, ground: f.ground, evidence: f.evidence })),
          ),
        },
      );
    }
    await ctx.transition('VERIFY_IP', input.actor, { assets: assets.length });
  });

  /*
   * Ending an application undoes what the registration office holds: a registered pledge that
   * will never secure a loan is cancelled as waived, a pending filing is refused.
   */
  const endApplication =
    (event: 'REJECT' | 'WITHDRAW') =>
    async (input: ReasonInput): Promise<void> => {
      if (state.status === 'REGISTERED') {
        await registry.releasePledge({
          caseNumber: state.caseNumber,
          cancellationNumber: `${state.caseNumber}-W`,
          registeredOn: state.businessDate,
          ground: 'PLEDGEE_WAIVED',
        });
      }
      const kind = event === 'REJECT' ? 'REJECTED' : 'WITHDRAWN';
      if (state.status === 'REGISTERING') {
        await registry.recordRegistrationRefusal({
          caseNumber: state.caseNumber,
          filingNumber: state.filings[state.filings.length - 1]!.filingNumber,
          reason: 'OTHER_INELIGIBLE',
          note: `case ${kind.toLowerCase()}`,
        });
      }
      state.closure = { kind, on: state.businessDate, reason: input.reason };
      await ctx.transition(event, input.actor, { reason: input.reason });
    };
  const reasonRequired = (input: ReasonInput): void => assertReason(input.reason);
  ctx.caseStep(rejectUpdate, 'REJECT', reasonRequired, endApplication('REJECT'));
  ctx.caseStep(withdrawUpdate, 'WITHDRAW', reasonRequired, endApplication('WITHDRAW'));
}

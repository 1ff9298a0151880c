/** Release after repayment: the bank asks, the registration office cancels the pledge; the case closes. */
import { proxyActivities } from '@temporalio/workflow';
import { assertRegistryEntry } from '../../../libs/domain/src/loan-case/loan-case.rules';
import type { RegistrationOfficeActivities } from '../../../activities/registration-office/registration-office.activities';
import { ACTIVITY_OPTIONS, refuse } from '../../shared/step-kit';
import type { CaseContext } from './step-context';
import { registerReleaseUpdate, requestReleaseUpdate } from '../loan-case.shared';

const registry = proxyActivities<RegistrationOfficeActivities>(ACTIVITY_OPTIONS);

export function registerReleaseSteps(ctx: CaseContext): void {
  const { state } = ctx;

  ctx.caseStep(
    requestReleaseUpdate,
    'REQUEST_RELEASE',
    () => {
      if (state.release?.requestedOn)
        throw refuse('RELEASE_ALREADY_REQUESTED', 'Release was already requested');
    },
    async (input) => {
      state.release = {
        requestedOn: state.businessDate,
        cancellationNumber: null,
        registeredOn: null,
      };
      await ctx.transition('REQUEST_RELEASE', input.actor);
    },
  );

  ctx.caseStep(
    registerReleaseUpdate,
    'REGISTER_RELEASE',
    (input) => {
      if (!state.release?.requestedOn)
        throw refuse(
          'RELEASE_NOT_REQUESTED',
          'The bank has not asked for the pledge to be released',
        );
      assertRegistryEntry(input.cancellationNumber, input.registeredOn, 'cancellationNumber');
    },
    async (input) => {
      await registry.releasePledge({
        caseNumber: state.caseNumber,
        cancellationNumber: input.cancellationNumber,
        registeredOn: input.registeredOn,
        ground: 'DEBT_REPAID',
      });
      state.release = {
        requestedOn: state.release!.requestedOn,
        cancellationNumber: input.cancellationNumber,
        registeredOn: input.registeredOn,
      };
      await ctx.transition('REGISTER_RELEASE', input.actor, {
        cancellationNumber: input.cancellationNumber,
      });
      state.closure = { kind: 'CLOSED', on: state.businessDate, reason: null };
      await ctx.transition('CLOSE', null);
    },
  );
}

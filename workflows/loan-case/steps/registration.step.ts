/** Pledge registration: the bank files it; the registration office accepts or refuses it. */
import { proxyActivities } from '@temporalio/workflow';
import {
  assertRefusalReason,
  assertRegistryEntry,
} from '../../../libs/domain/src/loan-case/loan-case.rules';
import type { RegistrationOfficeActivities } from '../../../activities/registration-office/registration-office.activities';
import { ACTIVITY_OPTIONS } from '../../shared/step-kit';
import type { CaseContext } from './step-context';
import {
  acceptRegistrationUpdate,
  refuseRegistrationUpdate,
  submitRegistrationUpdate,
} from '../loan-case.shared';

const registry = proxyActivities<RegistrationOfficeActivities>(ACTIVITY_OPTIONS);

export function registerRegistrationSteps(ctx: CaseContext): void {
  const { state } = ctx;
  const application = state.application;
  const pledgedAssets = () => application.assets.map((a) => ({ kind: a.kind, number: a.number }));

  ctx.caseStep(
    submitRegistrationUpdate,
    'SUBMIT_REGISTRATION',
    () => undefined,
    async (input) => {
      const filingNumber = `${state.caseNumber}-F${state.filings.length + 1}`;
      await registry.fileRegistration({
        caseNumber: state.caseNumber,
        filingNumber,
        filedOn: state.businessDate,
        bankOrgId: application.bankOrgId,
        pledgorUscc: application.enterprise.uscc,
        assets: pledgedAssets(),
      });
      state.filings.push({
        filingNumber,
        filedOn: state.businessDate,
        outcome: 'PENDING',
        registrationNumber: null,
        registeredOn: null,
        refusalReason: null,
        refusalNote: null,
      });
      await ctx.transition('SUBMIT_REGISTRATION', input.actor, { filingNumber });
    },
  );

  ctx.caseStep(
    acceptRegistrationUpdate,
    'ACCEPT_REGISTRATION',
    (input) =>
      assertRegistryEntry(input.registrationNumber, input.registeredOn, 'registrationNumber'),
    async (input) => {
      const filing = state.filings[state.filings.length - 1]!;
      await registry.registerPledge({
        caseNumber: state.caseNumber,
        filingNumber: filing.filingNumber,
        registrationNumber: input.registrationNumber,
        registeredOn: input.registeredOn,
        bankOrgId: application.bankOrgId,
        pledgorUscc: application.enterprise.uscc,
        assets: pledgedAssets(),
      });
      Object.assign(filing, {
        outcome: 'ACCEPTED',
        registrationNumber: input.registrationNumber,
        registeredOn: input.registeredOn,
      });
      await ctx.transition('ACCEPT_REGISTRATION', input.actor, {
        registrationNumber: input.registrationNumber,
      });
    },
  );

  ctx.caseStep(
    refuseRegistrationUpdate,
    'REFUSE_REGISTRATION',
    (input) => assertRefusalReason(input.reason),
    async (input) => {
      const filing = state.filings[state.filings.length - 1]!;
      await registry.recordRegistrationRefusal({
        caseNumber: state.caseNumber,
        filingNumber: filing.filingNumber,
        reason: input.reason,
        note: input.note,
      });
      Object.assign(filing, {
        outcome: 'REFUSED',
        refusalReason: input.reason,
        refusalNote: input.note,
      });
      await ctx.transition('REFUSE_REGISTRATION', input.actor, {
        reason: input.reason,
        note: input.note,
      });
    },
  );
}

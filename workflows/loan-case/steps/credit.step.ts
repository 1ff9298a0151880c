/** Credit: the approver (never the preparer) approves within the LTV limit; contracts are signed. */
import {
  assertContract,
  assertFourEyes,
  assertIpSecuredShare,
  assertRiskSharing,
  assertWithinLtv,
} from '../../../libs/domain/src/loan-case/loan-case.rules';
import type { CaseContext } from './step-context';
import { approveCreditUpdate, signContractUpdate } from '../loan-case.shared';

export function registerCreditSteps(ctx: CaseContext): void {
  const { state } = ctx;
  const application = state.application;

  ctx.caseStep(
    approveCreditUpdate,
    'APPROVE_CREDIT',
    (input) => {
      assertFourEyes(input.actor.userId, application.preparer.userId);
      assertRiskSharing(input.riskSharing);
      assertIpSecuredShare(input.ipSecuredShare);
      assertWithinLtv(application.amount, state.valuations, input.businessDate);
    },
    async (input) => {
      state.approval = {
        approverUserId: input.actor.userId,
        approvedOn: state.businessDate,
        riskSharing: input.riskSharing,
        ipSecuredShare: input.ipSecuredShare ?? '1',
        note: input.note,
      };
      await ctx.transition('APPROVE_CREDIT', input.actor, { riskSharing: input.riskSharing });
    },
  );

  ctx.caseStep(
    signContractUpdate,
    'SIGN_CONTRACT',
    (input) =>
      assertContract(input, {
        businessDate: input.businessDate,
        approvedOn: state.approval?.approvedOn ?? null,
      }),
    async (input) => {
      state.contract = {
        loanContractNumber: input.loanContractNumber,
        pledgeContractNumber: input.pledgeContractNumber,
        signedOn: input.signedOn,
      };
      await ctx.transition('SIGN_CONTRACT', input.actor, {
        loanContractNumber: input.loanContractNumber,
      });
    },
  );
}

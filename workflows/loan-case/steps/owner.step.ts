/**
 * Who owns the case: a credit approver of the bank hands it to another loan officer of the
 * bank, for a reason. The database writes the new owner only for an enabled loan officer of the
 * case's bank, so the rule holds whatever the API looked up.
 */
import { proxyActivities } from '@temporalio/workflow';
import { assertOwnerReassignment } from '../../../libs/domain/src/loan-case/loan-case.default-proposal';
import type { CaseSnapshot } from '../../../libs/domain/src/loan-case/loan-case.types';
import type { CaseLedgerActivities } from '../../../activities/case-ledger/case-ledger.activities';
import { ACTIVITY_OPTIONS } from '../../shared/step-kit';
import { reassignOwnerUpdate } from '../loan-case.shared';
import type { CaseContext } from './step-context';

const ledger = proxyActivities<CaseLedgerActivities>(ACTIVITY_OPTIONS);

/** The owner's user id: the officer who opened the case until it is handed over. */
export function ownerOf(state: CaseSnapshot): string {
  return state.owner?.userId ?? state.application.preparer.userId;
}

export function registerOwnerSteps(ctx: CaseContext): void {
  const { state } = ctx;
  ctx.caseStep(
    reassignOwnerUpdate,
    'REASSIGN_OWNER',
    (input) =>
      assertOwnerReassignment({
        requestedUserId: input.ownerUserId,
        candidate: input.candidate,
        bankOrgId: state.application.bankOrgId,
        currentOwnerUserId: ownerOf(state),
        reason: input.reason,
      }),
    async (input) => {
      const candidate = input.candidate!;
      const from = ownerOf(state);
      const owner = {
        userId: candidate.userId,
        username: candidate.username,
        since: state.businessDate,
        assignedBy: input.actor.userId,
      };
      // Refused (non-retryable) unless the user is an enabled loan officer of the case's bank.
      await ledger.assignCaseOwner({ caseNumber: state.caseNumber, owner });
      state.owner = owner;
      await ctx.transition('REASSIGN_OWNER', input.actor, {
        from,
        to: owner.userId,
        reason: input.reason.trim(),
      });
    },
  );
}

import { patched } from '@temporalio/workflow';
import { checkDisposalReason, checkWriteOffApprover } from '../../../libs/domain/src/disposal';
import type { Actor } from '../../../libs/domain/src/roles';
import { approveWriteOffUpdate, writeOffUpdate } from '../disposal.shared';
import { checkStep, type DisposalStepContext } from './step-context';

/**
 * A write-off is proposed by the bank and approved by an administrator from here on; runs
 * recorded before it were written off by the bank directly, and replay that way.
 */
export const WRITE_OFF_APPROVAL_PATCH = 'disposal-write-off-approval';

/**
 * The bank proposes to give the disposal up (an open round ends unsold); an administrator, never
 * the proposer, approves it and the case writes the loan off.
 */
export function registerWriteOffStep(ctx: DisposalStepContext): void {
  const { state } = ctx;

  const closeOpenRounds = () => {
    for (const round of state.rounds.filter((r) => r.outcome === 'OPEN')) {
      round.outcome = 'UNSOLD';
      round.closedOn = state.businessDate;
    }
  };

  const writeOff = async (reason: string, decidedBy: Actor) => {
    await ctx.reportOutcome({
      kind: 'WRITTEN_OFF',
      method: state.method,
      buyer: null,
      proceeds: '0.00',
      costs: '0.00',
      reason,
      decidedBy,
      on: state.businessDate,
    });
  };

  ctx.kit.step(writeOffUpdate, {
    catchUp: ctx.catchUp,
    validate: (w) => {
      checkStep(ctx, w, ['PROPOSE_WRITE_OFF', 'WRITE_OFF']);
      checkDisposalReason(w);
    },
    perform: async (w) => {
      const reason = w.reason.trim();
      if (patched(WRITE_OFF_APPROVAL_PATCH)) {
        closeOpenRounds();
        state.writeOffProposal = {
          reason,
          proposedBy: w.actor.userId,
          proposedOn: state.businessDate,
          approvedBy: null,
          approvedOn: null,
        };
        ctx.move('PROPOSE_WRITE_OFF');
        await ctx.record('PROPOSE_WRITE_OFF', w.actor, { reason, status: state.status });
        return state;
      }
      await writeOff(reason, w.actor);
      closeOpenRounds();
      state.writeOff = { reason, by: w.actor.userId, on: state.businessDate };
      ctx.move('WRITE_OFF');
      await ctx.record('WRITE_OFF', w.actor, { reason });
      return state;
    },
  });

  ctx.kit.step(approveWriteOffUpdate, {
    catchUp: ctx.catchUp,
    validate: (a) => {
      checkStep(ctx, a, ['APPROVE_WRITE_OFF']);
      checkWriteOffApprover(state, a.actor.userId);
    },
    perform: async (a) => {
      const proposal = state.writeOffProposal!;
      await writeOff(proposal.reason, a.actor);
      proposal.approvedBy = a.actor.userId;
      proposal.approvedOn = state.businessDate;
      state.writeOff = { reason: proposal.reason, by: a.actor.userId, on: state.businessDate };
      ctx.move('APPROVE_WRITE_OFF');
      const note = a.note?.trim() || null;
      await ctx.record('APPROVE_WRITE_OFF', a.actor, {
        reason: proposal.reason,
        proposedBy: proposal.proposedBy,
        note,
      });
      return state;
    },
  });
}

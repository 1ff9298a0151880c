import { checkDisposalReason } from '../../../libs/domain/src/disposal';
import { writeOffUpdate } from '../disposal.shared';
import { checkStep, type DisposalStepContext } from './step-context';

/** The bank gives the disposal up: the case writes the loan off; an open round ends unsold. */
export function registerWriteOffStep(ctx: DisposalStepContext): void {
  const { state } = ctx;
  ctx.kit.step(writeOffUpdate, {
    catchUp: ctx.catchUp,
    validate: (w) => {
      checkStep(ctx, w, ['WRITE_OFF']);
      checkDisposalReason(w);
    },
    perform: async (w) => {
      const reason = w.reason.trim();
      await ctx.reportOutcome({
        kind: 'WRITTEN_OFF',
        method: state.method,
        buyer: null,
        proceeds: '0.00',
        costs: '0.00',
        reason,
        decidedBy: w.actor,
        on: state.businessDate,
      });
      for (const round of state.rounds.filter((r) => r.outcome === 'OPEN')) {
        round.outcome = 'UNSOLD';
        round.closedOn = state.businessDate;
      }
      state.writeOff = { reason, by: w.actor.userId, on: state.businessDate };
      ctx.move('WRITE_OFF');
      await ctx.record('WRITE_OFF', w.actor, { reason });
      return state;
    },
  });
}

import { checkDisposalMethod, isRoundMethod } from '../../../libs/domain/src/disposal';
import { chooseDisposalMethodUpdate } from '../disposal.shared';
import { checkStep, type DisposalStepContext } from './step-context';

/** The bank chooses how to sell: rounds at an exchange, or a private sale it negotiates. */
export function registerMethodStep(ctx: DisposalStepContext): void {
  const { state } = ctx;
  ctx.kit.step(chooseDisposalMethodUpdate, {
    catchUp: ctx.catchUp,
    validate: (m) => {
      checkStep(ctx, m, ['CHOOSE_ROUND_METHOD', 'CHOOSE_PRIVATE_METHOD']);
      checkDisposalMethod(m.method);
    },
    perform: async (m) => {
      state.method = m.method;
      ctx.move(isRoundMethod(m.method) ? 'CHOOSE_ROUND_METHOD' : 'CHOOSE_PRIVATE_METHOD');
      await ctx.record('CHOOSE_METHOD', m.actor, { method: m.method, status: state.status });
      return state;
    },
  });
}

import {
  checkCompletionCosts,
  checkPrivateSale,
  checkDisposalReason,
  checkSaleApproved,
  needsAdministratorApproval,
} from '../../../libs/domain/src/disposal';
import { assertBusinessDate } from '../../../libs/domain/src/business-date';
import { checkDisposalPerformer, checkDisposalSource } from '../../../libs/domain/src/disposal';
import { Money } from '../../../libs/domain/src/money';
import { approveSaleUpdate, completeSaleUpdate, proposeSaleUpdate } from '../disposal.shared';
import { checkStep, type DisposalStepContext } from './step-context';

/**
 * A private sale (transfer, licence, takeover) proposed by the bank, an administrator's approval
 * when its price is below the floor, and the completion of an agreed sale, which the case
 * settles first.
 */
export function registerSaleSteps(ctx: DisposalStepContext): void {
  const { state } = ctx;

  ctx.kit.step(proposeSaleUpdate, {
    catchUp: ctx.catchUp,
    validate: (p) => {
      checkStep(ctx, p, ['PROPOSE_SALE', 'PROPOSE_SALE_BELOW_FLOOR']);
      checkPrivateSale(p);
    },
    perform: async (p) => {
      const price = Money.ofYuan(p.price);
      const belowFloor = needsAdministratorApproval(
        price,
        Money.ofYuan(state.valuation!.totalValue),
        state.rules,
      );
      state.method = p.method;
      state.sale = {
        method: p.method,
        buyer: p.buyer.trim(),
        price: price.toYuan(),
        round: null,
        agreedOn: state.businessDate,
        proposedBy: p.actor.userId,
        belowFloor,
        approval: null,
      };
      ctx.move(belowFloor ? 'PROPOSE_SALE_BELOW_FLOOR' : 'PROPOSE_SALE');
      await ctx.record('PROPOSE_SALE', p.actor, {
        method: p.method,
        buyer: state.sale.buyer,
        price: state.sale.price,
        floor: state.floor,
        belowFloor,
        status: state.status,
      });
      return state;
    },
  });

  ctx.kit.step(approveSaleUpdate, {
    catchUp: ctx.catchUp,
    validate: (a) => {
      checkStep(ctx, a, ['APPROVE_SALE']);
      checkDisposalReason(a);
    },
    perform: async (a) => {
      const sale = state.sale!;
      sale.approval = {
        userId: a.actor.userId,
        reason: a.reason.trim(),
        on: state.businessDate,
        at: new Date().toISOString(),
      };
      ctx.move('APPROVE_SALE');
      await ctx.record('APPROVE_SALE', a.actor, {
        reason: sale.approval.reason,
        method: sale.method,
        buyer: sale.buyer,
        price: sale.price,
        floor: state.floor,
      });
      return state;
    },
  });

  ctx.kit.step(completeSaleUpdate, {
    catchUp: ctx.catchUp,
    validate: (c) => {
      // A sale waiting for approval is refused with the approval it needs, not as a wrong state.
      assertBusinessDate(c.businessDate, 'businessDate');
      checkDisposalPerformer(c.actor, ['COMPLETE_SALE'], ctx.input, state.caseNumber);
      checkSaleApproved(state);
      checkDisposalSource(state.status, ['COMPLETE_SALE']);
      checkCompletionCosts(c.costs);
    },
    perform: async (c) => {
      const sale = state.sale!;
      const costs = Money.ofYuan(c.costs).toYuan();
      // The case first: if it refuses, the disposal stays where it is and the step can be retried.
      await ctx.reportOutcome({
        kind: 'SOLD',
        method: sale.method,
        buyer: sale.buyer,
        proceeds: sale.price,
        costs,
        reason: null,
        decidedBy: c.actor,
        on: state.businessDate,
      });
      state.completion = {
        costs,
        proceeds: sale.price,
        on: state.businessDate,
        by: c.actor.userId,
      };
      ctx.move('COMPLETE_SALE');
      await ctx.record('COMPLETE_SALE', c.actor, {
        method: sale.method,
        buyer: sale.buyer,
        proceeds: sale.price,
        costs,
      });
      return state;
    },
  });
}

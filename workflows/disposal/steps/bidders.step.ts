import {
  checkBidderAdmissible,
  checkDeposit,
  checkDepositTerms,
  normaliseBidder,
  positiveDisposalAmount,
  registeredBidder,
  type BidderDeposit,
  type DisposalBidder,
} from '../../../libs/domain/src/disposal';
import { recordDepositUpdate, registerBidderUpdate, type DepositTerms } from '../disposal.shared';
import { checkStep, type DisposalStepContext } from './step-context';

/**
 * The exchange registers the bidders of the disposal (a firm by USCC, a person by resident ID;
 * never the pledgor, its legal representative or the lending bank) and records each one's
 * deposit; only a bidder with its deposit recorded may bid.
 */
export function registerBidderSteps(ctx: DisposalStepContext): void {
  const { state, input } = ctx;
  const bidders = (): DisposalBidder[] => state.bidders!;

  const depositOf = (terms: DepositTerms, recordedBy: string): BidderDeposit => ({
    amount: positiveDisposalAmount(terms.amount, 'amount').toYuan(),
    reference: terms.reference.trim(),
    paidOn: terms.paidOn,
    recordedBy,
    recordedOn: state.businessDate,
  });

  ctx.kit.step(registerBidderUpdate, {
    catchUp: ctx.catchUp,
    validate: (r) => {
      checkStep(ctx, r, ['REGISTER_BIDDER']);
      const bidder = normaliseBidder(r);
      // The registers are read with the first registration; until then the handler checks.
      if (state.excludedBidders) checkBidderAdmissible(bidder, state.excludedBidders, bidders());
      if (r.deposit) checkDepositTerms({ ...r.deposit, businessDate: r.businessDate });
    },
    perform: async (r) => {
      state.excludedBidders ??= await ctx.activities.exchange.exchangeExcludedBidders({
        pledgorUscc: input.pledgorUscc,
        bankOrgId: input.bankOrgId,
      });
      const given = normaliseBidder(r);
      checkBidderAdmissible(given, state.excludedBidders, bidders());
      const bidder: DisposalBidder = {
        id: `B${bidders().length + 1}`,
        ...given,
        registeredOn: state.businessDate,
        registeredBy: r.actor.userId,
        deposit: r.deposit ? depositOf(r.deposit, r.actor.userId) : null,
      };
      bidders().push(bidder);
      ctx.move('REGISTER_BIDDER');
      await ctx.record('REGISTER_BIDDER', r.actor, {
        bidderId: bidder.id,
        kind: bidder.kind,
        name: bidder.name,
        deposit: bidder.deposit,
      });
      if (bidder.deposit) {
        ctx.move('RECORD_DEPOSIT');
        await ctx.record('RECORD_DEPOSIT', r.actor, { bidderId: bidder.id, ...bidder.deposit });
      }
      return state;
    },
  });

  ctx.kit.step(recordDepositUpdate, {
    catchUp: ctx.catchUp,
    validate: (d) => {
      checkStep(ctx, d, ['RECORD_DEPOSIT']);
      checkDeposit(bidders(), d);
    },
    perform: async (d) => {
      const bidder = registeredBidder(bidders(), d.bidderId);
      bidder.deposit = depositOf(d, d.actor.userId);
      ctx.move('RECORD_DEPOSIT');
      await ctx.record('RECORD_DEPOSIT', d.actor, { bidderId: bidder.id, ...bidder.deposit });
      return state;
    },
  });
}

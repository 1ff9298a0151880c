import { patched, setHandler } from '@temporalio/workflow';
import {
  addDays,
  assertBusinessDate,
  compareDates,
  maxDate,
} from '../../../libs/domain/src/business-date';
import {
  checkBid,
  checkBidder,
  checkCloseRound,
  checkOpenRound,
  minimumStartingPrice,
  nextDisposalRound,
  roundDueToClose,
  roundOpenOn,
  winningBid,
  type DisposalBid,
  type DisposalRound,
  type RoundMethod,
} from '../../../libs/domain/src/disposal';
import { Money } from '../../../libs/domain/src/money';
import {
  applyDisposalBusinessDateUpdate,
  closeRoundUpdate,
  openRoundUpdate,
  recordBidUpdate,
} from '../disposal.shared';
import type { Actor } from '../../../libs/domain/src/roles';
import { admitStep, checkStep, type DisposalStepContext } from './step-context';

/**
 * Rounds opened from here on last the product's number of working days (the working calendar,
 * with the State Council's holidays and make-up days); runs recorded before it counted calendar
 * days, and replay them that way.
 */
export const ROUND_WORKING_DAYS_PATCH = 'disposal-round-working-days';

/**
 * Bids from here on name a registered bidder (with its deposit) by id; runs recorded before it
 * named the bidder's identity, and replay that way.
 */
export const CHECKED_BIDDERS_PATCH = 'disposal-checked-bidders';

/**
 * Closes the open round once the business date has reached its end: the best bid at or above
 * the start wins and the sale is agreed; unsold, another round may open, unless it was the last.
 */
export async function closeDueRound(
  ctx: DisposalStepContext,
  closedBy: Actor | null = null,
): Promise<void> {
  const { state } = ctx;
  const open = roundDueToClose(state);
  if (!open) return;
  const bids = state.bids
    .filter((b) => b.round === open.round)
    .map((b) => ({ seq: b.seq, bidder: b.bidder, amount: Money.ofYuan(b.amount), at: b.at }));
  const winner = winningBid(bids, Money.ofYuan(open.startingPrice));
  open.closedOn = open.closesOn;
  if (winner) {
    open.outcome = 'SOLD';
    open.winningBidSeq = winner.seq;
    state.sale = {
      method: open.method,
      buyer: winner.bidder,
      price: winner.amount.toYuan(),
      round: open.round,
      agreedOn: open.closesOn,
      proposedBy: null,
      belowFloor: false,
      approval: null,
    };
    ctx.move('CLOSE_ROUND_SOLD');
  } else {
    open.outcome = 'UNSOLD';
    ctx.move(open.round >= state.rules.maxRounds ? 'CLOSE_ROUND_FAILED' : 'CLOSE_ROUND_UNSOLD');
  }
  await ctx.record('CLOSE_ROUND', closedBy, {
    round: open.round,
    outcome: open.outcome,
    startingPrice: open.startingPrice,
    bids: bids.length,
    winningBid: winner && {
      seq: winner.seq,
      bidder: winner.bidder,
      amount: winner.amount.toYuan(),
    },
    status: state.status,
  });
}

/**
 * What a step's arrival makes due before it is checked: its business date becomes the
 * disposal's (dates only move forward), and a round whose end that date reached closes.
 */
export function catchUpRounds(ctx: DisposalStepContext) {
  return async (given: { businessDate: string }): Promise<void> => {
    ctx.state.businessDate = maxDate(ctx.state.businessDate, given.businessDate);
    await closeDueRound(ctx);
  };
}

/** Opening a round at a starting price within the rules, and recording the bids of the open one. */
export function registerRoundSteps(ctx: DisposalStepContext): void {
  const { state } = ctx;

  ctx.kit.step(openRoundUpdate, {
    catchUp: ctx.catchUp,
    admit: (r) => admitStep(ctx, r, ['OPEN_ROUND']),
    validate: (r) => {
      checkStep(ctx, r, ['OPEN_ROUND'], { performer: false });
      checkOpenRound(state, r);
    },
    perform: async (r) => {
      const { round, previousStart } = nextDisposalRound(state);
      const valuation = Money.ofYuan(state.valuation!.totalValue);
      const closesOn = patched(ROUND_WORKING_DAYS_PATCH)
        ? await ctx.activities.calendar.addWorkingDays({
            from: state.businessDate,
            days: state.rules.roundBusinessDays,
          })
        : addDays(state.businessDate, state.rules.roundBusinessDays);
      const opened: DisposalRound = {
        round,
        method: state.method as RoundMethod,
        startingPrice: Money.ofYuan(r.startingPrice).toYuan(),
        minimumPrice: minimumStartingPrice(round, valuation, previousStart, state.rules).toYuan(),
        openedOn: state.businessDate,
        closesOn,
        openedBy: r.actor.userId,
        openedAt: new Date().toISOString(),
        outcome: 'OPEN',
        closedOn: null,
        winningBidSeq: null,
      };
      state.rounds.push(opened);
      ctx.move('OPEN_ROUND');
      await ctx.record('OPEN_ROUND', r.actor, {
        round,
        method: opened.method,
        startingPrice: opened.startingPrice,
        minimumPrice: opened.minimumPrice,
        previousStart: previousStart?.toYuan() ?? null,
        floor: state.floor,
        closesOn: opened.closesOn,
      });
      return state;
    },
  });

  ctx.kit.step(recordBidUpdate, {
    catchUp: ctx.catchUp,
    // A bid names a registered bidder with its deposit: checked by the validator only, so runs
    // recorded before bidders were registered (a bidder's identity, no id) still replay.
    admit: (b) => {
      admitStep(ctx, b, ['RECORD_BID']);
      checkStep(ctx, b, ['RECORD_BID'], { performer: false });
      checkBid(state, b);
      checkBidder(state.bidders!, b.bidderId ?? '');
    },
    validate: (b) => {
      checkStep(ctx, b, ['RECORD_BID'], { performer: false });
      checkBid(state, b);
    },
    perform: async (b) => {
      const round = roundOpenOn(state, state.businessDate)!;
      const amount = Money.ofYuan(b.amount);
      const registered =
        b.bidderId !== undefined && patched(CHECKED_BIDDERS_PATCH)
          ? checkBidder(state.bidders!, b.bidderId)
          : null;
      const bid: DisposalBid = {
        seq: state.bids.length + 1,
        round: round.round,
        bidder: registered ? registered.identity : (b.bidder ?? '').trim(),
        ...(registered ? { bidderId: registered.id } : {}),
        amount: amount.toYuan(),
        at: new Date().toISOString(),
        businessDate: state.businessDate,
        recordedBy: b.actor.userId,
        atOrAboveStart: !amount.lessThan(Money.ofYuan(round.startingPrice)),
      };
      state.bids.push(bid);
      ctx.move('RECORD_BID');
      await ctx.record('RECORD_BID', b.actor, { ...bid });
      return state;
    },
  });
}

/**
 * The exchange's operator closes the open round at or after its end (the close of business
 * closes it too, if nobody did): the best bid at or above the start wins.
 */
export function registerCloseRoundStep(ctx: DisposalStepContext): void {
  const { state } = ctx;
  ctx.kit.step(closeRoundUpdate, {
    validate: (c) => {
      checkStep(ctx, c, ['CLOSE_ROUND_SOLD', 'CLOSE_ROUND_UNSOLD', 'CLOSE_ROUND_FAILED']);
      checkCloseRound(state, c);
    },
    perform: async (c) => {
      state.businessDate = maxDate(state.businessDate, c.businessDate);
      await closeDueRound(ctx, c.actor);
      return state;
    },
  });
}

/** The close of business tells every live disposal the new date; a due round closes. */
export function registerBusinessDate(ctx: DisposalStepContext): void {
  setHandler(
    applyDisposalBusinessDateUpdate,
    ({ businessDate }) =>
      ctx.kit.serially(async () => {
        if (compareDates(businessDate, ctx.state.businessDate) > 0) {
          ctx.state.businessDate = businessDate;
          await closeDueRound(ctx);
        }
        return ctx.state;
      }),
    { validator: ({ businessDate }) => void assertBusinessDate(businessDate, 'businessDate') },
  );
}

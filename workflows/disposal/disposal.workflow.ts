import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
  type defineUpdate,
} from '@temporalio/workflow';
import {
  addDays,
  addMonthsClamped,
  assertBusinessDate,
  compareDates,
  maxDate,
} from '../../libs/domain/src/business-date';
import { parseDecimal } from '../../libs/domain/src/decimal';
import {
  checkStartingPrice,
  DISPOSAL_METHODS,
  disposalFloor,
  minimumStartingPrice,
  needsAdministratorApproval,
  winningBid,
  type DisposalMethod,
} from '../../libs/domain/src/disposal';
import { Money } from '../../libs/domain/src/money';
import type { Actor, Role } from '../../libs/domain/src/roles';
import type { DisposalActivities } from '../../activities/exchange/disposal.activities';
import type { ValuationActivities } from '../../activities/valuation/valuation.activities';
import type { DisposalOutcome } from '../loan-case/loan-case.shared';
import { ACTIVITY_OPTIONS, asFailure, refuse } from '../shared/step-kit';
import {
  applyDisposalBusinessDateUpdate,
  approveSaleUpdate,
  chooseDisposalMethodUpdate,
  completeSaleUpdate,
  disposalWorkflowId,
  getDisposalQuery,
  openRoundUpdate,
  PRIVATE_METHODS,
  proposeSaleUpdate,
  recordBidUpdate,
  ROUND_METHODS,
  submitDisposalValuationUpdate,
  writeOffUpdate,
  type DisposalEvent,
  type DisposalInput,
  type DisposalRound,
  type DisposalSnapshot,
  type DisposalStatus,
  type DisposalStepInput,
  type RoundMethod,
} from './disposal.shared';

/** Below Temporal's suggestion, like the case: a long auction continues as new. */
const HISTORY_LIMIT = 400;

const exchange = proxyActivities<DisposalActivities>(ACTIVITY_OPTIONS);
const valuation = proxyActivities<ValuationActivities>(ACTIVITY_OPTIONS);
// The case settles, releases the pledge and closes inside the Update that receives the outcome.
const caseReport = proxyActivities<DisposalActivities>({
  ...ACTIVITY_OPTIONS,
  startToCloseTimeout: '2 minutes',
});

const FINAL: readonly DisposalStatus[] = ['COMPLETED', 'WRITTEN_OFF'];
const BANK_ROLES: readonly Role[] = ['LOAN_OFFICER', 'CREDIT_APPROVER'];

type DisposalUpdate<I> = ReturnType<typeof defineUpdate<DisposalSnapshot, [I]>>;

/**
 * The disposal of a defaulted case's pledged IP (DESIGN §3 stage 10): a valuation still valid
 * (or a refreshed one), the method, auction rounds at an exchange with a floor and bounded price
 * cuts, every bid, a private sale below the floor only with an administrator's approval, or a
 * write-off; then the outcome goes to the case, which distributes the proceeds and closes.
 * Every step is an Update with its actor, projected with its instant to PostgreSQL.
 */
export async function disposalWorkflow(input: DisposalInput): Promise<DisposalSnapshot> {
  const rules = input.rules;
  const latest = input.latestValuation;
  const latestValid = latest !== null && compareDates(latest.validUntil, input.businessDate) >= 0;
  const state: DisposalSnapshot = input.carried ?? {
    caseNumber: input.caseNumber,
    workflowId: disposalWorkflowId(input.caseNumber),
    bankOrgId: input.bankOrgId,
    status: latestValid ? 'AWAITING_METHOD' : 'AWAITING_VALUATION',
    version: 0,
    businessDate: input.businessDate,
    startedOn: input.businessDate,
    startedBy: input.startedBy.userId,
    rules,
    valuation: latestValid ? { ...latest, source: 'CASE', submittedBy: null } : null,
    floor: latestValid ? disposalFloor(Money.ofYuan(latest.totalValue), rules).toYuan() : null,
    method: null,
    rounds: [],
    bids: [],
    sale: null,
    completion: null,
    writeOff: null,
    run: 0,
  };
  state.run += 1;

  let lock: Promise<unknown> = Promise.resolve();
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const result = lock.then(work, work);
    lock = result.catch(() => undefined);
    return result;
  }

  async function record(
    event: string,
    actor: Actor | null,
    payload: Record<string, unknown> = {},
  ): Promise<void> {
    state.version += 1;
    const entry: DisposalEvent = {
      seq: state.version,
      event,
      actor,
      businessDate: state.businessDate,
      occurredAt: new Date().toISOString(),
      payload,
    };
    await exchange.exchangeProjectDisposal({ snapshot: state, event: entry });
  }

  const valuationValue = () => Money.ofYuan(state.valuation!.totalValue);

  /** The round taking bids on `date`: opened, and its closing date not yet reached. */
  function roundOpenOn(date: string): DisposalRound | null {
    const open = state.rounds.find((r) => r.outcome === 'OPEN');
    return open && compareDates(date, open.closesOn) < 0 ? open : null;
  }

  /** Closes the open round once the business date reaches its end: the best valid bid wins. */
  async function closeDueRound(): Promise<void> {
    const open = state.rounds.find((r) => r.outcome === 'OPEN');
    if (!open || compareDates(state.businessDate, open.closesOn) < 0) return;
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
      state.status = 'SALE_AGREED';
    } else {
      open.outcome = 'UNSOLD';
      state.status = open.round >= rules.maxRounds ? 'AUCTION_FAILED' : 'AUCTION';
    }
    await record('CLOSE_ROUND', null, {
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

  function guard(
    given: DisposalStepInput,
    roles: readonly Role[],
    statuses: readonly DisposalStatus[],
  ): void {
    assertBusinessDate(given.businessDate, 'businessDate');
    if (!roles.includes(given.actor.role))
      throw refuse(
        'ROLE_FORBIDDEN',
        `This disposal step must be performed by ${roles.join(' or ')}, not ${given.actor.role}`,
      );
    const organisation =
      given.actor.role === 'EVALUATOR'
        ? input.valuationFirmOrgId
        : BANK_ROLES.includes(given.actor.role)
          ? input.bankOrgId
          : given.actor.organisationId; // administrators act for the municipal office on any case
    if (given.actor.organisationId !== organisation)
      throw refuse(
        'ORGANISATION_FORBIDDEN',
        `${given.actor.organisationId} may not act on the disposal of case ${state.caseNumber}`,
      );
    if (!statuses.includes(state.status))
      throw refuse('INVALID_TRANSITION', `Not allowed while the disposal is ${state.status}`, {
        status: state.status,
      });
  }

  /**
   * Registers an Update: the validator refuses a wrong role, organisation, state or payload
   * before anything enters history; the handler first closes a round whose end the step's date
   * reached, then checks again against the current state.
   */
  function step<I extends DisposalStepInput>(
    definition: DisposalUpdate<I>,
    roles: readonly Role[],
    statuses: readonly DisposalStatus[],
    validate: (input: I) => void,
    perform: (input: I) => Promise<void>,
  ): void {
    const check = (input: I) => {
      try {
        guard(input, roles, statuses);
        validate(input);
      } catch (error) {
        throw asFailure(error);
      }
    };
    setHandler(
      definition,
      (input: I) =>
        serially(async () => {
          state.businessDate = maxDate(state.businessDate, input.businessDate);
          await closeDueRound();
          check(input);
          try {
            await perform(input);
          } catch (error) {
            throw asFailure(error);
          }
          return state;
        }),
      { validator: check },
    );
  }

  const positive = (text: string, field: string): Money => {
    const amount = Money.ofYuan(text);
    if (!amount.isPositive()) throw refuse('INVALID_AMOUNT', `${field} must be positive`);
    return amount;
  };
  const reasonRequired = (input: { reason: string }) => {
    if (typeof input.reason !== 'string' || input.reason.trim().length === 0)
      throw refuse('REASON_REQUIRED', 'A reason is required');
  };

  step(
    submitDisposalValuationUpdate,
    ['EVALUATOR'],
    ['AWAITING_VALUATION'],
    (v) => {
      assertBusinessDate(v.baseDate, 'baseDate');
      if (compareDates(v.baseDate, v.businessDate) > 0)
        throw refuse('VALIDATION_FAILED', 'baseDate is in the future', { field: 'baseDate' });
      if (v.validUntil !== null) assertBusinessDate(v.validUntil, 'validUntil');
      const pledged = input.assets.map((a) => a.number).sort();
      const valued = v.assets.map((a) => a.number).sort();
      if (pledged.join('|') !== valued.join('|'))
        throw refuse(
          'VALUATION_ASSETS_MISMATCH',
          'The report must value every pledged asset exactly once',
          { pledged, valued },
        );
      for (const asset of v.assets) positive(asset.value, `Value of ${asset.number}`);
    },
    async (v) => {
      let total = Money.zero();
      let maxLoan = Money.zero();
      for (const asset of v.assets) {
        const kind = input.assets.find((a) => a.number === asset.number)!.kind;
        total = total.plus(Money.ofYuan(asset.value));
        maxLoan = maxLoan.plus(
          Money.ofYuan(asset.value).times(parseDecimal(input.ltvByAssetKind[kind])),
        );
      }
      const validUntil =
        v.validUntil ?? addMonthsClamped(v.baseDate, input.valuationValidityMonths);
      await valuation.recordValuationReport({
        caseNumber: state.caseNumber,
        report: {
          reportNumber: v.reportNumber,
          firmOrgId: v.actor.organisationId,
          evaluatorUserId: v.actor.userId,
          method: v.method,
          baseDate: v.baseDate,
          validUntil,
          assets: v.assets,
          totalValue: total.toYuan(),
          maxLoan: maxLoan.toYuan(),
          submittedOn: state.businessDate,
        },
      });
      state.valuation = {
        reportNumber: v.reportNumber,
        totalValue: total.toYuan(),
        baseDate: v.baseDate,
        validUntil,
        source: 'REFRESHED',
        submittedBy: v.actor.userId,
      };
      state.floor = disposalFloor(total, rules).toYuan();
      state.status = 'AWAITING_METHOD';
      await record('SUBMIT_VALUATION', v.actor, {
        reportNumber: v.reportNumber,
        method: v.method,
        totalValue: total.toYuan(),
        validUntil,
        floor: state.floor,
      });
    },
  );

  step(
    chooseDisposalMethodUpdate,
    ['LOAN_OFFICER'],
    ['AWAITING_METHOD'],
    (m) => {
      if (!DISPOSAL_METHODS.includes(m.method))
        throw refuse('INVALID_DISPOSAL_METHOD', `Unknown disposal method ${m.method}`);
    },
    async (m) => {
      state.method = m.method;
      state.status = isRoundMethod(m.method) ? 'AUCTION' : 'NEGOTIATION';
      await record('CHOOSE_METHOD', m.actor, { method: m.method, status: state.status });
    },
  );

  /** The next round's number, the previous start, and the lowest start the rules allow. */
  function nextRound(): { round: number; previousStart: Money | null } {
    const last = state.rounds[state.rounds.length - 1];
    return {
      round: state.rounds.length + 1,
      previousStart: last ? Money.ofYuan(last.startingPrice) : null,
    };
  }

  step(
    openRoundUpdate,
    ['LOAN_OFFICER'],
    ['AUCTION', 'AUCTION_FAILED'],
    (r) => {
      if (roundOpenOn(r.businessDate))
        throw refuse('ROUND_STILL_OPEN', 'The current round is still taking bids');
      const proposed = positive(r.startingPrice, 'startingPrice');
      const { round, previousStart } = nextRound();
      checkStartingPrice(round, valuationValue(), previousStart, proposed, rules);
    },
    async (r) => {
      const { round, previousStart } = nextRound();
      const opened: DisposalRound = {
        round,
        method: state.method as RoundMethod,
        startingPrice: Money.ofYuan(r.startingPrice).toYuan(),
        minimumPrice: minimumStartingPrice(round, valuationValue(), previousStart, rules).toYuan(),
        openedOn: state.businessDate,
        // Business dates are calendar days here (banks in the programme batch every day).
        closesOn: addDays(state.businessDate, rules.roundBusinessDays),
        openedBy: r.actor.userId,
        openedAt: new Date().toISOString(),
        outcome: 'OPEN',
        closedOn: null,
        winningBidSeq: null,
      };
      state.rounds.push(opened);
      state.status = 'AUCTION';
      await record('OPEN_ROUND', r.actor, {
        round,
        method: opened.method,
        startingPrice: opened.startingPrice,
        minimumPrice: opened.minimumPrice,
        previousStart: previousStart?.toYuan() ?? null,
        floor: state.floor,
        closesOn: opened.closesOn,
      });
    },
  );

  step(
    recordBidUpdate,
    ['LOAN_OFFICER'],
    ['AUCTION'],
    (b) => {
      if (!roundOpenOn(b.businessDate))
        throw refuse('NO_OPEN_ROUND', 'No auction round is taking bids on this business date');
      if (typeof b.bidder !== 'string' || b.bidder.trim().length === 0)
        throw refuse('VALIDATION_FAILED', 'bidder is required', { field: 'bidder' });
      positive(b.amount, 'amount');
    },
    async (b) => {
      const round = roundOpenOn(state.businessDate)!;
      const amount = Money.ofYuan(b.amount);
      const bid = {
        seq: state.bids.length + 1,
        round: round.round,
        bidder: b.bidder.trim(),
        amount: amount.toYuan(),
        at: new Date().toISOString(),
        businessDate: state.businessDate,
        recordedBy: b.actor.userId,
        atOrAboveStart: !amount.lessThan(Money.ofYuan(round.startingPrice)),
      };
      state.bids.push(bid);
      await record('RECORD_BID', b.actor, { ...bid });
    },
  );

  step(
    proposeSaleUpdate,
    ['LOAN_OFFICER'],
    ['NEGOTIATION', 'AUCTION_FAILED', 'AWAITING_APPROVAL'],
    (p) => {
      if (!(PRIVATE_METHODS as readonly string[]).includes(p.method))
        throw refuse(
          'INVALID_DISPOSAL_METHOD',
          `A sale outside the rounds is a ${PRIVATE_METHODS.join(', ')}; not ${p.method}`,
        );
      if (typeof p.buyer !== 'string' || p.buyer.trim().length === 0)
        throw refuse('VALIDATION_FAILED', 'buyer is required', { field: 'buyer' });
      positive(p.price, 'price');
    },
    async (p) => {
      const price = Money.ofYuan(p.price);
      const belowFloor = needsAdministratorApproval(price, valuationValue(), rules);
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
      state.status = belowFloor ? 'AWAITING_APPROVAL' : 'SALE_AGREED';
      await record('PROPOSE_SALE', p.actor, {
        method: p.method,
        buyer: state.sale.buyer,
        price: state.sale.price,
        floor: state.floor,
        belowFloor,
        status: state.status,
      });
    },
  );

  step(approveSaleUpdate, ['ADMINISTRATOR'], ['AWAITING_APPROVAL'], reasonRequired, async (a) => {
    const sale = state.sale!;
    sale.approval = {
      userId: a.actor.userId,
      reason: a.reason.trim(),
      on: state.businessDate,
      at: new Date().toISOString(),
    };
    state.status = 'SALE_AGREED';
    await record('APPROVE_SALE', a.actor, {
      reason: sale.approval.reason,
      method: sale.method,
      buyer: sale.buyer,
      price: sale.price,
      floor: state.floor,
    });
  });

  step(
    completeSaleUpdate,
    ['LOAN_OFFICER'],
    ['SALE_AGREED', 'AWAITING_APPROVAL'],
    (c) => {
      if (state.status === 'AWAITING_APPROVAL') {
        throw refuse(
          'ADMINISTRATOR_APPROVAL_REQUIRED',
          `A ${state.sale!.method} at ${state.sale!.price}, below the floor ${state.floor}, needs an administrator's approval with a reason`,
          { price: state.sale!.price, floor: state.floor },
        );
      }
      if (Money.ofYuan(c.costs).isNegative())
        throw refuse('INVALID_AMOUNT', 'costs must not be negative');
    },
    async (c) => {
      const sale = state.sale!;
      const costs = Money.ofYuan(c.costs).toYuan();
      // The case first: if it refuses, the disposal stays where it is and the step can be retried.
      await reportOutcome({
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
      state.status = 'COMPLETED';
      await record('COMPLETE_SALE', c.actor, {
        method: sale.method,
        buyer: sale.buyer,
        proceeds: sale.price,
        costs,
      });
    },
  );

  step(
    writeOffUpdate,
    BANK_ROLES,
    [
      'AWAITING_VALUATION',
      'AWAITING_METHOD',
      'AUCTION',
      'AUCTION_FAILED',
      'NEGOTIATION',
      'AWAITING_APPROVAL',
    ],
    reasonRequired,
    async (w) => {
      const reason = w.reason.trim();
      await reportOutcome({
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
      state.status = 'WRITTEN_OFF';
      await record('WRITE_OFF', w.actor, { reason });
    },
  );

  async function reportOutcome(outcome: DisposalOutcome): Promise<void> {
    await caseReport.exchangeReportDisposalOutcome({ caseNumber: state.caseNumber, outcome });
  }

  setHandler(
    applyDisposalBusinessDateUpdate,
    ({ businessDate }) =>
      serially(async () => {
        if (compareDates(businessDate, state.businessDate) > 0) {
          state.businessDate = businessDate;
          await closeDueRound();
        }
        return state;
      }),
    { validator: ({ businessDate }) => void assertBusinessDate(businessDate, 'businessDate') },
  );
  setHandler(getDisposalQuery, () => state);

  if (state.version === 0) {
    await serially(() =>
      record('START', input.startedBy, {
        valuation: state.valuation,
        floor: state.floor,
        rules,
        status: state.status,
      }),
    );
  }

  for (;;) {
    await condition(() => FINAL.includes(state.status) || historyIsLong());
    await condition(allHandlersFinished);
    if (FINAL.includes(state.status)) return state;
    await continueAsNew<typeof disposalWorkflow>({ ...input, carried: state });
  }
}

function isRoundMethod(method: DisposalMethod): method is RoundMethod {
  return (ROUND_METHODS as readonly string[]).includes(method);
}

function historyIsLong(): boolean {
  const info = workflowInfo();
  return info.historyLength >= HISTORY_LIMIT || info.continueAsNewSuggested;
}

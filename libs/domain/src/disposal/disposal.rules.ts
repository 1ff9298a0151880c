import { assertBusinessDate, compareDates } from '../business-date';
import { parseDecimal, tryParseDecimal, type Fraction } from '../decimal';
import { DomainError, ErrorCodes } from '../errors';
import { validateResidentId, validateUscc } from '../identifiers';
import type { AssetKind } from '../ip-assets';
import { Money } from '../money';
import type { Role } from '../roles';
import {
  disposalTransitionsAvailable,
  disposalPerformersOf,
  disposalSourcesOf,
  type DisposalStatus,
  type DisposalTransition,
} from './disposal.states';
import {
  BELOW_FLOOR_GROUNDS,
  BIDDER_KINDS,
  DISPOSAL_METHODS,
  PRIVATE_METHODS,
  type AuctionRules,
  type BelowFloorGround,
  type BidderKind,
  type DisposalBidder,
  type ExcludedBidders,
  type DisposalBid,
  type DisposalMethod,
  type DisposalParties,
  type DisposalRound,
  type DisposalSnapshot,
} from './disposal.types';

function auctionRulesError(field: string, message: string): DomainError {
  return new DomainError(ErrorCodes.INVALID_AUCTION_RULES, message, { field });
}

function positiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/**
 * Reads auction rules from configuration data. Other properties of `raw` are ignored (the rules
 * usually sit inside a larger product configuration); every rule is required.
 * @throws DomainError(INVALID_AUCTION_RULES) with `{ field }` naming the first bad rule:
 *   floorRatio must be above 0 and at most 1, maxStepCut at least 0 and below 1,
 *   roundBusinessDays and maxRounds whole numbers from 1.
 */
export function parseAuctionRules(raw: unknown): AuctionRules {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw auctionRulesError('', 'Auction rules must be an object');
  }
  const r = raw as Record<string, unknown>;
  const floor = typeof r.floorRatio === 'string' ? tryParseDecimal(r.floorRatio) : null;
  if (!floor || floor.num <= 0n || floor.num > floor.den) {
    throw auctionRulesError('floorRatio', 'floorRatio must be a decimal above 0 and at most 1');
  }
  const cut = typeof r.maxStepCut === 'string' ? tryParseDecimal(r.maxStepCut) : null;
  if (!cut || cut.num < 0n || cut.num >= cut.den) {
    throw auctionRulesError('maxStepCut', 'maxStepCut must be a decimal from 0 and below 1');
  }
  if (!positiveInteger(r.roundBusinessDays)) {
    throw auctionRulesError('roundBusinessDays', 'roundBusinessDays must be a whole number >= 1');
  }
  if (!positiveInteger(r.maxRounds)) {
    throw auctionRulesError('maxRounds', 'maxRounds must be a whole number >= 1');
  }
  return {
    floorRatio: r.floorRatio as string,
    maxStepCut: r.maxStepCut as string,
    roundBusinessDays: r.roundBusinessDays,
    maxRounds: r.maxRounds,
  };
}

/** Parses a ratio of rules that {@link parseAuctionRules} accepted (or fails like it). */
function ratioOf(rules: AuctionRules, field: 'floorRatio' | 'maxStepCut'): Fraction {
  const f = tryParseDecimal(rules[field]);
  if (!f) throw auctionRulesError(field, `${field} must be a plain decimal`);
  return f;
}

/** The disposal floor: round(valuation × floorRatio) half-up, to the fen. */
export function disposalFloor(valuation: Money, rules: AuctionRules): Money {
  return valuation.times(ratioOf(rules, 'floorRatio'));
}

function checkRound(round: number, rules: AuctionRules): void {
  if (!Number.isSafeInteger(round) || round < 1) {
    throw new RangeError(`Auction round must be a whole number from 1, got ${round}`);
  }
  if (round > rules.maxRounds) {
    throw new DomainError(
      ErrorCodes.TOO_MANY_ROUNDS,
      `Round ${round} is past the last allowed round ${rules.maxRounds}`,
      { round, maxRounds: rules.maxRounds },
    );
  }
}

/**
 * Lowest starting price allowed: round 1 → the disposal floor; round n > 1 →
 * round(previousStart × (1 − maxStepCut)) half-up. Later rounds may go below the floor: that
 * is what the step cut is for.
 * @throws DomainError(TOO_MANY_ROUNDS) with `{ round, maxRounds }` past the last round.
 * @throws RangeError if `round` is not a whole number from 1, or a later round has no
 *   previous start (a caller's mistake, not a business rule).
 */
export function minimumStartingPrice(
  round: number,
  valuation: Money,
  previousStart: Money | null,
  rules: AuctionRules,
): Money {
  checkRound(round, rules);
  if (round === 1) return disposalFloor(valuation, rules);
  if (previousStart === null) {
    throw new RangeError(`Round ${round} needs the previous round's starting price`);
  }
  const cut = ratioOf(rules, 'maxStepCut');
  return previousStart.times({ num: cut.den - cut.num, den: cut.den });
}

/**
 * Refuses a starting price below {@link minimumStartingPrice}; a higher start is always allowed.
 * @throws DomainError(STARTING_PRICE_BELOW_FLOOR) in round 1, (PRICE_CUT_TOO_LARGE) in a later
 *   round, both with `{ round, minimum, proposed }` as yuan text;
 *   (TOO_MANY_ROUNDS) with `{ round, maxRounds }` past the last round.
 */
export function checkStartingPrice(
  round: number,
  valuation: Money,
  previousStart: Money | null,
  proposed: Money,
  rules: AuctionRules,
): void {
  const minimum = minimumStartingPrice(round, valuation, previousStart, rules);
  if (!proposed.lessThan(minimum)) return;
  const details = { round, minimum: minimum.toYuan(), proposed: proposed.toYuan() };
  if (round === 1) {
    throw new DomainError(
      ErrorCodes.STARTING_PRICE_BELOW_FLOOR,
      `Starting price ${proposed.toYuan()} is below the disposal floor ${minimum.toYuan()}`,
      details,
    );
  }
  throw new DomainError(
    ErrorCodes.PRICE_CUT_TOO_LARGE,
    `Starting price ${proposed.toYuan()} cuts more than allowed; round ${round} starts at ${minimum.toYuan()} or more`,
    details,
  );
}

/** A recorded bid as the winner is chosen: the stored bid with its amount as Money. */
export type Bid = Pick<DisposalBid, 'seq' | 'bidder' | 'at'> & { amount: Money };

/**
 * Highest bid at or above the starting price; of equal highest bids the earlier (lower `seq`)
 * wins; null if no bid reaches the starting price. The order of `bids` does not matter.
 */
export function winningBid(bids: readonly Bid[], startingPrice: Money): Bid | null {
  let best: Bid | null = null;
  for (const bid of bids) {
    if (bid.amount.lessThan(startingPrice)) continue;
    if (
      best === null ||
      bid.amount.greaterThan(best.amount) ||
      (bid.amount.equals(best.amount) && bid.seq < best.seq)
    ) {
      best = bid;
    }
  }
  return best;
}

/**
 * Whether a sale outside an auction round (negotiated transfer, licence, takeover) at `price`
 * needs an administrator's approval: it does when the price is below the disposal floor.
 */
export function needsAdministratorApproval(
  price: Money,
  valuation: Money,
  rules: AuctionRules,
): boolean {
  return price.lessThan(disposalFloor(valuation, rules));
}

// --- Step checks: pure, on the snapshot and the step's payload; each refusal has its code. ----

/** Who acts on a step, as the workflow receives it. */
export interface DisposalPerformer {
  role: Role;
  organisationId: string;
}

/**
 * The organisation a role acts for on this disposal: the case's valuation firm for an evaluator,
 * the case's bank for bank staff; administrators act for the municipal office on any case.
 */
export function disposalOrganisationFor(
  actor: DisposalPerformer,
  parties: DisposalParties,
): string | null {
  if (actor.role === 'EVALUATOR') return parties.valuationFirmOrgId;
  if (actor.role === 'LOAN_OFFICER' || actor.role === 'CREDIT_APPROVER') return parties.bankOrgId;
  return actor.organisationId;
}

/**
 * Refuses a performer whose role no row of `transitions` allows (ROLE_FORBIDDEN), or who acts
 * for another organisation than the step's (ORGANISATION_FORBIDDEN).
 */
export function checkDisposalPerformer(
  actor: DisposalPerformer,
  transitions: readonly DisposalTransition[],
  parties: DisposalParties,
  caseNumber: string,
): void {
  const roles = disposalPerformersOf(transitions);
  if (!roles.includes(actor.role))
    throw new DomainError(
      'ROLE_FORBIDDEN',
      `This disposal step must be performed by ${roles.join(' or ')}, not ${actor.role}`,
    );
  if (actor.organisationId !== disposalOrganisationFor(actor, parties))
    throw new DomainError(
      'ORGANISATION_FORBIDDEN',
      `${actor.organisationId} may not act on the disposal of case ${caseNumber}`,
    );
}

/** Refuses a step none of whose `transitions` may fire from `status` (INVALID_TRANSITION). */
export function checkDisposalSource(
  status: DisposalStatus,
  transitions: readonly DisposalTransition[],
): void {
  if (!disposalSourcesOf(transitions).includes(status))
    throw new DomainError('INVALID_TRANSITION', `Not allowed while the disposal is ${status}`, {
      status,
    });
}

/** A positive amount of yuan text. @throws DomainError(INVALID_AMOUNT) otherwise. */
export function positiveDisposalAmount(text: string, field: string): Money {
  const amount = Money.ofYuan(text);
  if (!amount.isPositive())
    throw new DomainError(ErrorCodes.INVALID_AMOUNT, `${field} must be positive`);
  return amount;
}

/** @throws DomainError(REASON_REQUIRED) for a missing or blank reason. */
export function checkDisposalReason(input: { reason: string }): void {
  if (typeof input.reason !== 'string' || input.reason.trim().length === 0)
    throw new DomainError('REASON_REQUIRED', 'A reason is required');
}

/** A refreshed valuation report as the evaluator submits it (values in yuan text). */
export interface DisposalValuationReport {
  businessDate: string;
  baseDate: string;
  validUntil: string | null;
  assets: readonly { number: string; value: string }[];
}

/**
 * Refuses a report dated in the future, with a bad date, that does not value every pledged asset
 * exactly once (VALUATION_ASSETS_MISMATCH), or with a value that is not positive.
 */
export function checkDisposalValuationReport(
  report: DisposalValuationReport,
  pledged: readonly { number: string }[],
): void {
  assertBusinessDate(report.baseDate, 'baseDate');
  if (compareDates(report.baseDate, report.businessDate) > 0)
    throw new DomainError('VALIDATION_FAILED', 'baseDate is in the future', { field: 'baseDate' });
  if (report.validUntil !== null) assertBusinessDate(report.validUntil, 'validUntil');
  const pledgedNumbers = pledged.map((a) => a.number).sort();
  const valued = report.assets.map((a) => a.number).sort();
  if (pledgedNumbers.join('|') !== valued.join('|'))
    throw new DomainError(
      'VALUATION_ASSETS_MISMATCH',
      'The report must value every pledged asset exactly once',
      { pledged: pledgedNumbers, valued },
    );
  for (const asset of report.assets)
    positiveDisposalAmount(asset.value, `Value of ${asset.number}`);
}

/**
 * The total value of a report and the most that could be lent against it: Σ value and
 * Σ value × LTV of the asset's kind, each product rounded to the fen.
 */
export function disposalValuationTotals(
  assets: readonly { number: string; value: string }[],
  pledged: readonly { kind: AssetKind; number: string }[],
  ltvByAssetKind: Record<AssetKind, string>,
): { total: Money; maxLoan: Money } {
  let total = Money.zero();
  let maxLoan = Money.zero();
  for (const asset of assets) {
    const kind = pledged.find((a) => a.number === asset.number)!.kind;
    total = total.plus(Money.ofYuan(asset.value));
    maxLoan = maxLoan.plus(Money.ofYuan(asset.value).times(parseDecimal(ltvByAssetKind[kind])));
  }
  return { total, maxLoan };
}

/** @throws DomainError(INVALID_DISPOSAL_METHOD) for a method not in {@link DISPOSAL_METHODS}. */
export function checkDisposalMethod(method: DisposalMethod): void {
  if (!DISPOSAL_METHODS.includes(method))
    throw new DomainError('INVALID_DISPOSAL_METHOD', `Unknown disposal method ${method}`);
}

/** The round taking bids on `date`: opened, and its closing date not yet reached. */
export function roundOpenOn(snapshot: DisposalSnapshot, date: string): DisposalRound | null {
  const open = snapshot.rounds.find((r) => r.outcome === 'OPEN');
  return open && compareDates(date, open.closesOn) < 0 ? open : null;
}

/** The open round whose end the snapshot's business date has reached, if any. */
export function roundDueToClose(snapshot: DisposalSnapshot): DisposalRound | null {
  const open = snapshot.rounds.find((r) => r.outcome === 'OPEN');
  return open && compareDates(snapshot.businessDate, open.closesOn) >= 0 ? open : null;
}

/** The next round's number and the previous round's start (null before round 1). */
export function nextDisposalRound(snapshot: DisposalSnapshot): {
  round: number;
  previousStart: Money | null;
} {
  const last = snapshot.rounds[snapshot.rounds.length - 1];
  return {
    round: snapshot.rounds.length + 1,
    previousStart: last ? Money.ofYuan(last.startingPrice) : null,
  };
}

/**
 * Refuses opening a round while one still takes bids (ROUND_STILL_OPEN), a start that is not
 * positive, or one the rules do not allow ({@link checkStartingPrice}).
 */
export function checkOpenRound(
  snapshot: DisposalSnapshot,
  step: { businessDate: string; startingPrice: string },
): void {
  if (roundOpenOn(snapshot, step.businessDate))
    throw new DomainError('ROUND_STILL_OPEN', 'The current round is still taking bids');
  const proposed = positiveDisposalAmount(step.startingPrice, 'startingPrice');
  const { round, previousStart } = nextDisposalRound(snapshot);
  checkStartingPrice(
    round,
    Money.ofYuan(snapshot.valuation!.totalValue),
    previousStart,
    proposed,
    snapshot.rules,
  );
}

/**
 * Refuses a bid with no round taking bids on its date (NO_OPEN_ROUND), no bidder, or no amount.
 * A bid names a registered bidder by id; runs recorded before bidders were registered named
 * the bidder by its identity, and replay them so.
 */
export function checkBid(
  snapshot: DisposalSnapshot,
  step: { businessDate: string; bidder?: string; bidderId?: string; amount: string },
): void {
  if (!roundOpenOn(snapshot, step.businessDate))
    throw new DomainError('NO_OPEN_ROUND', 'No auction round is taking bids on this business date');
  const named = (text: unknown) => typeof text === 'string' && text.trim().length > 0;
  if (!named(step.bidderId) && !named(step.bidder))
    throw new DomainError('BIDDER_NOT_REGISTERED', 'A bid names a registered bidder', {
      field: 'bidderId',
    });
  positiveDisposalAmount(step.amount, 'amount');
}

/**
 * Refuses the exchange's close of a round when no round is open (NO_OPEN_ROUND) or the step's
 * business date has not reached the round's end (ROUND_NOT_ENDED, with `closesOn`): bids are
 * taken until the day before `closesOn`, so a round is never cut short.
 */
export function checkCloseRound(snapshot: DisposalSnapshot, step: { businessDate: string }): void {
  const open = snapshot.rounds.find((r) => r.outcome === 'OPEN');
  if (!open) throw new DomainError('NO_OPEN_ROUND', 'No auction round is open to close');
  if (compareDates(step.businessDate, open.closesOn) < 0)
    throw new DomainError(
      'ROUND_NOT_ENDED',
      `Round ${open.round} takes bids until its end on ${open.closesOn}`,
      { round: open.round, closesOn: open.closesOn, businessDate: step.businessDate },
    );
}

/** Refuses a private sale by a round method (INVALID_DISPOSAL_METHOD), with no buyer or price. */
export function checkPrivateSale(step: {
  method: DisposalMethod;
  buyer: string;
  price: string;
}): void {
  if (!(PRIVATE_METHODS as readonly string[]).includes(step.method))
    throw new DomainError(
      'INVALID_DISPOSAL_METHOD',
      `A sale outside the rounds is a ${PRIVATE_METHODS.join(', ')}; not ${step.method}`,
    );
  if (typeof step.buyer !== 'string' || step.buyer.trim().length === 0)
    throw new DomainError('VALIDATION_FAILED', 'buyer is required', { field: 'buyer' });
  positiveDisposalAmount(step.price, 'price');
}

/**
 * Refuses completing a sale below the floor that no administrator has approved yet
 * (ADMINISTRATOR_APPROVAL_REQUIRED, with the price and floor).
 */
export function checkSaleApproved(snapshot: DisposalSnapshot): void {
  if (snapshot.status !== 'AWAITING_APPROVAL') return;
  throw new DomainError(
    'ADMINISTRATOR_APPROVAL_REQUIRED',
    `A ${snapshot.sale!.method} at ${snapshot.sale!.price}, below the floor ${snapshot.floor}, needs an administrator's approval with a reason`,
    { price: snapshot.sale!.price, floor: snapshot.floor },
  );
}

/** @throws DomainError(INVALID_AMOUNT) for negative completion costs. */
export function checkCompletionCosts(costs: string): void {
  if (Money.ofYuan(costs).isNegative())
    throw new DomainError(ErrorCodes.INVALID_AMOUNT, 'costs must not be negative');
}

/**
 * The transitions `actor` may fire now, generated from the table: the rows its role may fire
 * from the current state, for the step's organisation, less those the round calendar rules out
 * (no bid without a round taking bids, no new round while one does or after the last).
 * Payload checks (prices, reasons) come with the step.
 */
export function disposalTransitionsAllowed(
  snapshot: DisposalSnapshot,
  actor: DisposalPerformer,
  parties: DisposalParties,
): DisposalTransition[] {
  if (actor.organisationId !== disposalOrganisationFor(actor, parties)) return [];
  const open = roundOpenOn(snapshot, snapshot.businessDate);
  return disposalTransitionsAvailable(snapshot.status, actor.role).filter((transition) => {
    if (transition === 'RECORD_BID') return open !== null;
    if (transition === 'OPEN_ROUND')
      return open === null && snapshot.rounds.length < snapshot.rules.maxRounds;
    if (
      transition === 'CLOSE_ROUND_SOLD' ||
      transition === 'CLOSE_ROUND_UNSOLD' ||
      transition === 'CLOSE_ROUND_FAILED'
    )
      return roundDueToClose(snapshot) !== null;
    return true;
  });
}

// --- Bidders, deposits, approvals and the transfer (the disposal's market controls) ----------

/** A bidder as the exchange registers it. */
export interface BidderRegistration {
  kind: BidderKind;
  identity: string;
  name: string;
}

/**
 * The bidder's identity, normalised: a firm's USCC must pass every check, its check character
 * included (a bidder is not an early register entry to confirm), a person's resident ID too.
 * @throws DomainError(BIDDER_INVALID_USCC | BIDDER_INVALID_RESIDENT_ID) with the reason;
 *   (VALIDATION_FAILED) for an unknown kind or a blank name.
 */
export function normaliseBidder(given: BidderRegistration): BidderRegistration {
  if (!(BIDDER_KINDS as readonly string[]).includes(given.kind))
    throw new DomainError('VALIDATION_FAILED', `kind must be one of ${BIDDER_KINDS.join(', ')}`, {
      field: 'kind',
    });
  if (typeof given.name !== 'string' || given.name.trim().length === 0)
    throw new DomainError('VALIDATION_FAILED', 'name is required', { field: 'name' });
  const check =
    given.kind === 'FIRM' ? validateUscc(given.identity) : validateResidentId(given.identity);
  if ((!check.valid || check.normalized === null) && given.kind === 'FIRM')
    throw new DomainError(ErrorCodes.BIDDER_INVALID_USCC, 'The bidder needs a valid USCC', {
      reason: check.reason,
    });
  if (!check.valid || check.normalized === null)
    throw new DomainError(ErrorCodes.BIDDER_INVALID_RESIDENT_ID, 'The bidder needs a valid ID', {
      reason: check.reason,
    });
  return { kind: given.kind, identity: check.normalized, name: given.name.trim() };
}

/**
 * Refuses the pledgor (BIDDER_IS_PLEDGOR), its legal representative
 * (BIDDER_IS_LEGAL_REPRESENTATIVE), the lending bank (BIDDER_IS_LENDING_BANK) and a second
 * registration of the same identity (BIDDER_ALREADY_REGISTERED, with the bidder's id).
 */
export function checkBidderAdmissible(
  bidder: BidderRegistration,
  excluded: ExcludedBidders,
  registered: readonly DisposalBidder[],
): void {
  if (bidder.kind === 'FIRM' && bidder.identity === excluded.pledgorUscc.toUpperCase())
    throw new DomainError('BIDDER_IS_PLEDGOR', 'The pledgor may not bid on its pledged asset');
  if (
    bidder.kind === 'PERSON' &&
    excluded.legalRepIdNumber !== null &&
    bidder.identity === excluded.legalRepIdNumber.toUpperCase()
  )
    throw new DomainError(
      'BIDDER_IS_LEGAL_REPRESENTATIVE',
      "The pledgor's legal representative may not bid on the pledged asset",
    );
  if (
    bidder.kind === 'FIRM' &&
    excluded.bankUscc !== null &&
    bidder.identity === excluded.bankUscc.toUpperCase()
  )
    throw new DomainError('BIDDER_IS_LENDING_BANK', 'The lending bank may not bid on the asset');
  const again = registered.find((b) => b.identity === bidder.identity);
  if (again)
    throw new DomainError('BIDDER_ALREADY_REGISTERED', `Already registered as ${again.id}`, {
      bidderId: again.id,
    });
}

/** The registered bidder of that id. @throws DomainError(BIDDER_NOT_REGISTERED). */
export function registeredBidder(
  bidders: readonly DisposalBidder[],
  bidderId: string,
): DisposalBidder {
  const bidder = bidders.find((b) => b.id === bidderId);
  if (!bidder)
    throw new DomainError('BIDDER_NOT_REGISTERED', `No bidder ${bidderId} is registered`, {
      bidderId,
    });
  return bidder;
}

/**
 * Refuses a deposit for an unregistered bidder, a second deposit (DEPOSIT_ALREADY_RECORDED), an
 * amount that is not positive, a blank reference or a payment dated after the business date
 * (DEPOSIT_DATE_IN_FUTURE).
 */
export function checkDeposit(
  bidders: readonly DisposalBidder[],
  step: {
    bidderId: string;
    amount: string;
    reference: string;
    paidOn: string;
    businessDate: string;
  },
): void {
  const bidder = registeredBidder(bidders, step.bidderId);
  if (bidder.deposit)
    throw new DomainError('DEPOSIT_ALREADY_RECORDED', `${bidder.id} has paid its deposit`, {
      bidderId: bidder.id,
    });
  checkDepositTerms(step);
}

/**
 * Refuses a deposit whose amount is not positive, with a blank reference, or paid after the
 * business date (DEPOSIT_DATE_IN_FUTURE).
 */
export function checkDepositTerms(step: {
  amount: string;
  reference: string;
  paidOn: string;
  businessDate: string;
}): void {
  positiveDisposalAmount(step.amount, 'amount');
  if (typeof step.reference !== 'string' || step.reference.trim().length === 0)
    throw new DomainError('VALIDATION_FAILED', 'reference is required', { field: 'reference' });
  assertBusinessDate(step.paidOn, 'paidOn');
  if (compareDates(step.paidOn, step.businessDate) > 0)
    throw new DomainError('DEPOSIT_DATE_IN_FUTURE', 'The deposit cannot be paid after today', {
      paidOn: step.paidOn,
      businessDate: step.businessDate,
    });
}

/**
 * A bid names a registered bidder whose deposit is recorded.
 * @throws DomainError(BIDDER_NOT_REGISTERED | BIDDER_DEPOSIT_MISSING).
 */
export function checkBidder(bidders: readonly DisposalBidder[], bidderId: string): DisposalBidder {
  if (typeof bidderId !== 'string' || bidderId.length === 0)
    throw new DomainError('BIDDER_NOT_REGISTERED', 'A bid names a registered bidder');
  const bidder = registeredBidder(bidders, bidderId);
  if (!bidder.deposit)
    throw new DomainError('BIDDER_DEPOSIT_MISSING', `${bidder.id} has not paid its deposit`, {
      bidderId: bidder.id,
    });
  return bidder;
}

/** Whether `code` is one of the listed grounds of a below-floor sale. */
export function isBelowFloorGround(code: unknown): code is BelowFloorGround {
  return (
    typeof code === 'string' && Object.prototype.hasOwnProperty.call(BELOW_FLOOR_GROUNDS, code)
  );
}

/**
 * A sale below the floor is approved only after an auction round closed unsold, or on one of
 * the listed grounds. @throws DomainError(UNKNOWN_BELOW_FLOOR_GROUND) for a ground not listed;
 * (BELOW_FLOOR_NEEDS_FAILED_ROUND_OR_GROUND) with neither.
 */
export function checkBelowFloorGround(
  snapshot: DisposalSnapshot,
  ground: string | null | undefined,
): void {
  if (ground !== null && ground !== undefined && !isBelowFloorGround(ground))
    throw new DomainError('UNKNOWN_BELOW_FLOOR_GROUND', `Unknown ground ${ground}`, {
      ground,
      allowed: Object.keys(BELOW_FLOOR_GROUNDS),
    });
  const roundFailed = snapshot.rounds.some((r) => r.outcome === 'UNSOLD');
  if (!roundFailed && !ground)
    throw new DomainError(
      'BELOW_FLOOR_NEEDS_FAILED_ROUND_OR_GROUND',
      'A sale below the floor needs an auction round closed unsold first, or a listed ground',
      { allowed: Object.keys(BELOW_FLOOR_GROUNDS) },
    );
}

/**
 * The administrator who approves a write-off is never the user who proposed it.
 * @throws DomainError(WRITE_OFF_SELF_APPROVAL).
 */
export function checkWriteOffApprover(snapshot: DisposalSnapshot, approverUserId: string): void {
  if (snapshot.writeOffProposal?.proposedBy === approverUserId)
    throw new DomainError(
      'WRITE_OFF_SELF_APPROVAL',
      'A write-off is approved by another user than the one who proposed it',
    );
}

/**
 * Refuses registering a transfer with none pending (NO_PENDING_TRANSFER), a blank registration
 * number, or a date before the sale's completion (TRANSFER_DATE_BEFORE_SALE) or after the
 * business date (TRANSFER_DATE_IN_FUTURE).
 */
export function checkTransferRegistration(
  snapshot: DisposalSnapshot,
  step: { registrationNumber: string; registeredOn: string; businessDate: string },
): void {
  const transfer = snapshot.transfer;
  if (snapshot.status !== 'TRANSFER_PENDING' || !transfer || transfer.registeredOn !== null)
    throw new DomainError('NO_PENDING_TRANSFER', 'The disposal has no transfer to register', {
      status: snapshot.status,
    });
  if (typeof step.registrationNumber !== 'string' || step.registrationNumber.trim().length === 0)
    throw new DomainError('VALIDATION_FAILED', 'registrationNumber is required', {
      field: 'registrationNumber',
    });
  assertBusinessDate(step.registeredOn, 'registeredOn');
  if (compareDates(step.registeredOn, transfer.requestedOn) < 0)
    throw new DomainError(
      'TRANSFER_DATE_BEFORE_SALE',
      `The transfer cannot be registered before the sale completed on ${transfer.requestedOn}`,
      { registeredOn: step.registeredOn, completedOn: transfer.requestedOn },
    );
  if (compareDates(step.registeredOn, step.businessDate) > 0)
    throw new DomainError(
      'TRANSFER_DATE_IN_FUTURE',
      'The transfer cannot be registered later than today',
      {
        registeredOn: step.registeredOn,
        businessDate: step.businessDate,
      },
    );
}

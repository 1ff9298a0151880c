import { tryParseDecimal, type Fraction } from './decimal';
import { DomainError, ErrorCodes } from './errors';
import { Money } from './money';

/** How pledged IP is turned into money after a default (../shared/DOMAIN.md, Default and disposal). */
export const DISPOSAL_METHODS = [
  'AUCTION',
  'LISTED_TRANSFER',
  'NEGOTIATED_TRANSFER',
  'LICENSING',
  'BANK_TAKEOVER',
] as const;
export type DisposalMethod = (typeof DISPOSAL_METHODS)[number];

/** A product's auction rules; ratios are decimal text so they never pass through a float. */
export interface AuctionRules {
  /** Round 1 starts at >= floorRatio × the latest valuation, e.g. "0.7". */
  floorRatio: string;
  /** A later round starts at >= (1 − maxStepCut) × the previous start, e.g. "0.2". */
  maxStepCut: string;
  /** A round lasts this many business days. */
  roundBusinessDays: number;
  maxRounds: number;
}

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

/** One recorded bid; `seq` orders bids as they arrived, `at` is a UTC instant. */
export interface Bid {
  seq: number;
  bidder: string;
  amount: Money;
  at: string;
}

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

export interface WaterfallInput {
  /** What the disposal brought in. */
  proceeds: Money;
  /** Disposal costs (auction fees, exchange fees, registration fees). */
  costs: Money;
  /** The bank's overdue interest at disposal. */
  interestDue: Money;
  /** Principal outstanding at default. */
  principalDue: Money;
  /** What the compensation fund paid on the principal loss. */
  fundPaid: Money;
  /** What the insurer paid on the principal loss. */
  insurerPaid: Money;
}

/** Where the proceeds went; every amount but `unrecovered` adds up to the proceeds. */
export interface Waterfall {
  costs: Money;
  bankInterest: Money;
  bankPrincipal: Money;
  fund: Money;
  insurer: Money;
  pledgor: Money;
  /** Interest and principal the proceeds did not cover, whoever bore it. */
  unrecovered: Money;
}

/**
 * A waterfall as recorded and shown: its inputs and its result, each in two-decimal yuan
 * (`"1234.56"`), for the case snapshot, the read model and the disposal file.
 */
export type WaterfallInYuan = Record<keyof WaterfallInput | keyof Waterfall, string>;

const WATERFALL_FIELDS = [
  'proceeds',
  'costs',
  'interestDue',
  'principalDue',
  'fundPaid',
  'insurerPaid',
] as const;

/**
 * Shares disposal proceeds out in order, to the fen: costs = min(proceeds, costs); then
 * bankInterest = min(left, interestDue); then the principal recovery R = min(left, principalDue),
 * shared by those who bore the principal loss in proportion to what each bore:
 * fund = round(R × fundPaid / principalDue), insurer = round(R × insurerPaid / principalDue)
 * (half-up; 0 when principalDue is 0), bankPrincipal = R − fund − insurer; the pledgor gets
 * what is left; unrecovered = (interestDue − bankInterest) + (principalDue − R).
 *
 * When fund and insurer bore the whole principal and both shares end in exactly half a fen,
 * rounding both up would give out one fen more than R; the insurer's share is then limited to
 * R − fund so that the bank's part is never negative and the parts add up to R.
 * @throws DomainError(INVALID_WATERFALL_INPUT) with `{ field, value }` for a negative amount,
 *   or with `{ fundPaid, insurerPaid, principalDue }` when fundPaid + insurerPaid > principalDue.
 */
export function disposalWaterfall(input: WaterfallInput): Waterfall {
  for (const field of WATERFALL_FIELDS) {
    if (input[field].isNegative()) {
      throw new DomainError(
        ErrorCodes.INVALID_WATERFALL_INPUT,
        `${field} must not be negative, got ${input[field].toYuan()}`,
        { field, value: input[field].toYuan() },
      );
    }
  }
  const { proceeds, interestDue, principalDue, fundPaid, insurerPaid } = input;
  if (fundPaid.plus(insurerPaid).greaterThan(principalDue)) {
    throw new DomainError(
      ErrorCodes.INVALID_WATERFALL_INPUT,
      `fundPaid + insurerPaid (${fundPaid.plus(insurerPaid).toYuan()}) exceeds principalDue (${principalDue.toYuan()})`,
      {
        fundPaid: fundPaid.toYuan(),
        insurerPaid: insurerPaid.toYuan(),
        principalDue: principalDue.toYuan(),
      },
    );
  }

  const costs = Money.min(proceeds, input.costs);
  let left = proceeds.minus(costs);
  const bankInterest = Money.min(left, interestDue);
  left = left.minus(bankInterest);
  const recovered = Money.min(left, principalDue);
  left = left.minus(recovered);

  const shareOf = (paid: Money): Money =>
    principalDue.isZero()
      ? Money.zero()
      : recovered.times({ num: paid.fen, den: principalDue.fen });
  const fund = shareOf(fundPaid);
  const insurer = Money.min(shareOf(insurerPaid), recovered.minus(fund));

  return {
    costs,
    bankInterest,
    bankPrincipal: recovered.minus(fund).minus(insurer),
    fund,
    insurer,
    pledgor: left,
    unrecovered: interestDue.minus(bankInterest).plus(principalDue.minus(recovered)),
  };
}

import {
  checkStartingPrice,
  disposalFloor,
  disposalWaterfall,
  minimumStartingPrice,
  needsAdministratorApproval,
  parseAuctionRules,
  winningBid,
  type AuctionRules,
  type Bid,
  type WaterfallInput,
} from '.';
import { httpStatusFor } from '../../../common/src/http-status';
import { zhMessageFor } from '../errors';
import { Money, yuan } from '../money';

/** Calls `fn` and returns what it threw; fails the test if it did not throw. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** Court-auction practice in Shanghai: a 70 % floor, at most a 20 % cut per round. */
const RULES: AuctionRules = {
  floorRatio: '0.7',
  maxStepCut: '0.2',
  roundBusinessDays: 10,
  maxRounds: 3,
};

describe('parseAuctionRules', () => {
  it('accepts valid rules and ignores the rest of a product configuration', () => {
    expect(parseAuctionRules({ ...RULES, methods: ['AUCTION'] })).toEqual(RULES);
  });

  it.each([
    // edges: a floor of the full valuation, and no cut at all, are strict but valid
    [{ ...RULES, floorRatio: '1', maxStepCut: '0' }],
    [{ ...RULES, floorRatio: '0.000001', maxStepCut: '0.999', maxRounds: 1 }],
  ])('accepts the edge rules %j', (raw) => {
    expect(parseAuctionRules(raw)).toEqual(raw);
  });

  it.each([
    [null, ''],
    [[RULES], ''],
    ['0.7', ''],
    [{ ...RULES, floorRatio: undefined }, 'floorRatio'],
    [{ ...RULES, floorRatio: 0.7 }, 'floorRatio'], // a float, not decimal text
    [{ ...RULES, floorRatio: '0' }, 'floorRatio'],
    [{ ...RULES, floorRatio: '1.01' }, 'floorRatio'],
    [{ ...RULES, floorRatio: '70%' }, 'floorRatio'],
    [{ ...RULES, maxStepCut: '1' }, 'maxStepCut'], // would allow a start of 0
    [{ ...RULES, maxStepCut: '-0.1' }, 'maxStepCut'],
    [{ ...RULES, roundBusinessDays: 0 }, 'roundBusinessDays'],
    [{ ...RULES, roundBusinessDays: 2.5 }, 'roundBusinessDays'],
    [{ ...RULES, roundBusinessDays: '10' }, 'roundBusinessDays'],
    [{ ...RULES, maxRounds: 0 }, 'maxRounds'],
    [{ ...RULES, maxRounds: undefined }, 'maxRounds'],
  ])('refuses %j naming field %j', (raw, field) => {
    expect(thrownBy(() => parseAuctionRules(raw))).toMatchObject({
      code: 'INVALID_AUCTION_RULES',
      details: { field },
    });
  });
});

describe('disposal floor and minimum starting prices', () => {
  it.each([
    // 1,234,567.89 × 0.7 = 864,197.523 → 864,197.52
    ['1234567.89', '864197.52'],
    // 1,000,000.05 × 0.7 = 700,000.035 → half a fen rounds up → 700,000.04
    ['1000000.05', '700000.04'],
    ['0.00', '0.00'],
  ])('floor of a %s valuation is %s', (valuation, floor) => {
    expect(disposalFloor(yuan(valuation), RULES).toYuan()).toBe(floor);
    // round 1 starts at the floor whatever the previous start says
    expect(minimumStartingPrice(1, yuan(valuation), null, RULES).toYuan()).toBe(floor);
  });

  it.each([
    // round 2: 864,197.52 × 0.8 = 691,358.016 → 691,358.02
    [2, '864197.52', RULES, '691358.02'],
    // round 3: 691,358.02 × 0.8 = 553,086.416 → 553,086.42 (below the 70 % floor: allowed)
    [3, '691358.02', RULES, '553086.42'],
    // a 25 % cut: 700,000.02 × 0.75 = 525,000.015 → half a fen rounds up → 525,000.02
    [2, '700000.02', { ...RULES, maxStepCut: '0.25' }, '525000.02'],
    // no cut allowed: the next round starts at the previous start or higher
    [2, '700000.02', { ...RULES, maxStepCut: '0' }, '700000.02'],
  ])('round %i after a start of %s (%j) starts at %s or more', (round, previous, rules, min) => {
    expect(minimumStartingPrice(round, yuan('1234567.89'), yuan(previous), rules).toYuan()).toBe(
      min,
    );
  });

  it('refuses a round past maxRounds with TOO_MANY_ROUNDS', () => {
    expect(
      thrownBy(() => minimumStartingPrice(4, yuan('1000.00'), yuan('500.00'), RULES)),
    ).toMatchObject({ code: 'TOO_MANY_ROUNDS', details: { round: 4, maxRounds: 3 } });
  });

  it.each([0, -1, 1.5])('treats round %p as a programming error', (round) => {
    expect(() => minimumStartingPrice(round, yuan('1000.00'), null, RULES)).toThrow(RangeError);
  });

  it('needs the previous start for a later round', () => {
    expect(() => minimumStartingPrice(2, yuan('1000.00'), null, RULES)).toThrow(RangeError);
  });
});

describe('checkStartingPrice', () => {
  const valuation = yuan('1234567.89'); // floor 864,197.52 (see above)

  it.each([
    // round 1 at the floor, above it; round 2 at 0.8 × 864,197.52 = 691,358.02, above it
    [1, null, '864197.52'],
    [1, null, '1300000.00'],
    [2, '864197.52', '691358.02'],
    [2, '864197.52', '864197.52'],
    // round 3 (the last) after the cheapest round 2: 691,358.02 × 0.8 = 553,086.42
    [3, '691358.02', '553086.42'],
  ])('accepts round %i after %s starting at %s', (round, previous, proposed) => {
    expect(() =>
      checkStartingPrice(
        round,
        valuation,
        previous === null ? null : yuan(previous),
        yuan(proposed),
        RULES,
      ),
    ).not.toThrow();
  });

  it.each([
    [1, null, '864197.51', 'STARTING_PRICE_BELOW_FLOOR', '864197.52'],
    [1, null, '0.00', 'STARTING_PRICE_BELOW_FLOOR', '864197.52'],
    [2, '864197.52', '691358.01', 'PRICE_CUT_TOO_LARGE', '691358.02'],
    [3, '691358.02', '553086.41', 'PRICE_CUT_TOO_LARGE', '553086.42'],
  ])(
    'refuses round %i after %s starting at %s with %s (minimum %s)',
    (round, previous, proposed, code, minimum) => {
      expect(
        thrownBy(() =>
          checkStartingPrice(
            round,
            valuation,
            previous === null ? null : yuan(previous),
            yuan(proposed),
            RULES,
          ),
        ),
      ).toMatchObject({ code, details: { round, minimum, proposed } });
    },
  );

  it('refuses a fourth round of three with TOO_MANY_ROUNDS even at a generous price', () => {
    expect(
      thrownBy(() =>
        checkStartingPrice(4, valuation, yuan('553086.42'), yuan('2000000.00'), RULES),
      ),
    ).toMatchObject({ code: 'TOO_MANY_ROUNDS', details: { round: 4, maxRounds: 3 } });
  });
});

describe('winningBid', () => {
  const bid = (seq: number, bidder: string, amount: string): Bid => ({
    seq,
    bidder,
    amount: yuan(amount),
    at: `2027-03-0${seq}T02:00:00Z`,
  });
  const start = yuan('700000.00');
  const below = bid(1, 'A', '699999.99');
  const atStart = bid(2, 'B', '700000.00');
  const high = bid(3, 'C', '730000.00');
  const tiedLater = bid(4, 'D', '730000.00');

  it.each([
    ['the highest bid', [below, atStart, high], high],
    ['the earlier of two equal highest bids', [below, high, tiedLater], high],
    ['the earlier of two equal bids whatever the list order', [tiedLater, atStart, high], high],
    ['a bid exactly at the starting price', [below, atStart], atStart],
    ['nothing when every bid is below the start', [below], null],
    ['nothing without bids', [], null],
  ])('picks %s', (_label, bids, expected) => {
    expect(winningBid(bids, start)).toBe(expected);
  });

  it('lets no bid one fen below a higher start win', () => {
    // 0.01 below the start of 730,000.00 never wins, the 730,000.00 bid does
    expect(winningBid([bid(5, 'E', '729999.99'), high], yuan('730000.00'))).toBe(high);
  });
});

describe('needsAdministratorApproval', () => {
  // floor = 1,000,000.05 × 0.7 = 700,000.035 → 700,000.04
  const valuation = yuan('1000000.05');

  it.each([
    ['700000.03', true], // one fen below the floor
    ['700000.04', false], // at the floor
    ['800000.00', false], // above it
    ['0.00', true],
  ])('a sale at %s needs approval: %s', (price, expected) => {
    expect(needsAdministratorApproval(yuan(price), valuation, RULES)).toBe(expected);
  });
});

describe('disposalWaterfall', () => {
  const input = (
    proceeds: string,
    costs: string,
    interestDue: string,
    principalDue: string,
    fundPaid: string,
    insurerPaid: string,
  ): WaterfallInput => ({
    proceeds: yuan(proceeds),
    costs: yuan(costs),
    interestDue: yuan(interestDue),
    principalDue: yuan(principalDue),
    fundPaid: yuan(fundPaid),
    insurerPaid: yuan(insurerPaid),
  });

  it.each([
    [
      // 1,000,000 − costs 30,000 = 970,000 − interest 20,000 = 950,000; R = min(950,000, 800,000)
      // = 800,000: fund 800,000 × 432,000/800,000 = 432,000, insurer × 128,000/800,000 = 128,000,
      // bank 800,000 − 560,000 = 240,000; pledgor 950,000 − 800,000 = 150,000; nothing unrecovered
      'proceeds cover everything, the residue goes to the pledgor',
      input('1000000.00', '30000.00', '20000.00', '800000.00', '432000.00', '128000.00'),
      ['30000.00', '20000.00', '240000.00', '432000.00', '128000.00', '150000.00', '0.00'],
    ],
    [
      // 5,000 < costs 8,000: all of it to costs; unrecovered = 20,000 + 800,000
      'proceeds below the costs',
      input('5000.00', '8000.00', '20000.00', '800000.00', '432000.00', '128000.00'),
      ['5000.00', '0.00', '0.00', '0.00', '0.00', '0.00', '820000.00'],
    ],
    [
      // 40,000 − 30,000 = 10,000 of 20,000 interest; unrecovered = 10,000 + 800,000
      'interest only partly covered',
      input('40000.00', '30000.00', '20000.00', '800000.00', '432000.00', '128000.00'),
      ['30000.00', '10000.00', '0.00', '0.00', '0.00', '0.00', '810000.00'],
    ],
    [
      // 115.01 − 10.00 − 5.00 → R = 100.01 = 10,001 fen of 300.00 principal.
      // fund 10,001 × 100/300 = 3,333.67 → 3,334 fen; insurer 10,001 × 50/300 = 1,666.83 →
      // 1,667 fen; bank 10,001 − 3,334 − 1,667 = 5,000 fen; unrecovered 300.00 − 100.01 = 199.99
      'principal partly recovered, fund 1/3 and insurer 1/6 of 100.01',
      input('115.01', '10.00', '5.00', '300.00', '100.00', '50.00'),
      ['10.00', '5.00', '50.00', '33.34', '16.67', '0.00', '199.99'],
    ],
    [
      // R = 100.01 = 10,001 fen of 200.00: fund 10,001 × 1/2 = 5,000.5 → exactly half rounds up
      // to 5,001; insurer 10,001 × 1/4 = 2,500.25 → 2,500; bank 10,001 − 5,001 − 2,500 = 2,500
      'principal partly recovered, a share of exactly half a fen',
      input('100.01', '0.00', '0.00', '200.00', '100.00', '50.00'),
      ['0.00', '0.00', '25.00', '50.01', '25.00', '0.00', '99.99'],
    ],
    [
      // Zhongshan-like 54/16/30: R = 123,456.79 = 12,345,679 fen of 1,000,000.00.
      // fund × 0.54 = 6,666,666.66 → 6,666,667; insurer × 0.16 = 1,975,308.64 → 1,975,309;
      // bank 12,345,679 − 6,666,667 − 1,975,309 = 3,703,703 (its exact 30 % is 3,703,703.7);
      // unrecovered 1,000,000.00 − 123,456.79 = 876,543.21 (+ 0 interest)
      'principal partly recovered, the bank takes the rounding remainder',
      input('133456.79', '5000.00', '5000.00', '1000000.00', '540000.00', '160000.00'),
      ['5000.00', '5000.00', '37037.03', '66666.67', '19753.09', '0.00', '876543.21'],
    ],
    [
      // fund and insurer bore all of it: R = 500 → fund 500 × 600/1,000 = 300, insurer 200
      'the bank bore no principal loss',
      input('500.00', '0.00', '0.00', '1000.00', '600.00', '400.00'),
      ['0.00', '0.00', '0.00', '300.00', '200.00', '0.00', '500.00'],
    ],
    [
      // R = 1 fen of 2 fen: fund 0.5 → 1 fen; insurer 0.5 would round up too, but only
      // R − fund = 0 is left, so the bank's part stays at 0 and the parts add up to R
      'both halves round up when the bank bore nothing',
      input('0.01', '0.00', '0.00', '0.02', '0.01', '0.01'),
      ['0.00', '0.00', '0.00', '0.01', '0.00', '0.00', '0.01'],
    ],
    [
      // no principal: 1,000 − 100 − 50 = 850 to the pledgor; R = 0 shares nothing
      'principalDue 0',
      input('1000.00', '100.00', '50.00', '0.00', '0.00', '0.00'),
      ['100.00', '50.00', '0.00', '0.00', '0.00', '850.00', '0.00'],
    ],
    // --- fund + insurer paid more than the principal (their loss base included interest): the
    // shares are over D = fundPaid + insurerPaid instead of the principal, so the settlement
    // comes out instead of stalling ---------------------------------------------------------
    [
      // Once refused: 700.00 + 100.01 = 800.01 > principal 800.00. 1,000 − 10 − 20 = 970 left,
      // R = 800.00 = 80,000 fen over D = 80,001 fen: fund 80,000 × 70,000 / 80,001 = 69,999.125
      // → 69,999; insurer 80,000 × 10,001 / 80,001 = 10,000.875 → 10,001 (= R − fund);
      // bank 0; pledgor 970 − 800 = 170.00
      'fund + insurer one fen above the principal',
      input('1000.00', '10.00', '20.00', '800.00', '700.00', '100.01'),
      ['10.00', '20.00', '0.00', '699.99', '100.01', '170.00', '0.00'],
    ],
    [
      // Loss base (1,000,000 + 50,000 interest) × 100 % IP share; fund 60 % = 630,000.00,
      // insurer 39 % = 409,500.00, together 1,039,500.00. 600,000 − 50,000 interest → R =
      // 550,000.00: fund 55,000,000 × 630,000 / 1,039,500 = 33,333,333.3 → 333,333.33;
      // insurer 55,000,000 × 409,500 / 1,039,500 = 21,666,666.7 → 216,666.67; bank 0;
      // unrecovered 1,000,000 − 550,000 = 450,000.00
      'shares near 100 % of principal and interest, proceeds short of the principal',
      input('600000.00', '0.00', '50000.00', '1000000.00', '630000.00', '409500.00'),
      ['0.00', '50000.00', '0.00', '333333.33', '216666.67', '0.00', '450000.00'],
    ],
    [
      // R = 800.00 over D = 900.00: fund 80,000 × 700 / 900 = 62,222.2 → 622.22 (below the 700.00
      // it paid); insurer 80,000 × 200 / 900 = 17,777.8 → 177.78; the residue 1,200.00 to the pledgor
      'fund + insurer above the principal, proceeds cover everything',
      input('2000.00', '0.00', '0.00', '800.00', '700.00', '200.00'),
      ['0.00', '0.00', '0.00', '622.22', '177.78', '1200.00', '0.00'],
    ],
    [
      'no proceeds at all',
      input('0.00', '0.00', '20000.00', '800000.00', '0.00', '0.00'),
      ['0.00', '0.00', '0.00', '0.00', '0.00', '0.00', '820000.00'],
    ],
  ])('%s', (_label, given, expected) => {
    const w = disposalWaterfall(given);
    expect(
      [w.costs, w.bankInterest, w.bankPrincipal, w.fund, w.insurer, w.pledgor, w.unrecovered].map(
        (m) => m.toYuan(),
      ),
    ).toEqual(expected);
    // Every fen of the proceeds goes somewhere, exactly once.
    const paidOut = Money.sum([
      w.costs,
      w.bankInterest,
      w.bankPrincipal,
      w.fund,
      w.insurer,
      w.pledgor,
    ]);
    expect(paidOut.equals(given.proceeds)).toBe(true);
    // No party gets back more than it paid, and the bank's principal part is never negative.
    expect(w.fund.greaterThan(given.fundPaid)).toBe(false);
    expect(w.insurer.greaterThan(given.insurerPaid)).toBe(false);
    expect(w.bankPrincipal.isNegative()).toBe(false);
  });

  const valid = input('1000.00', '10.00', '20.00', '800.00', '400.00', '100.00');

  it.each([
    ['proceeds', { ...valid, proceeds: Money.ofFen(-1n) }],
    ['costs', { ...valid, costs: Money.ofFen(-1n) }],
    ['interestDue', { ...valid, interestDue: Money.ofFen(-1n) }],
    ['principalDue', { ...valid, principalDue: Money.ofFen(-1n) }],
    ['fundPaid', { ...valid, fundPaid: Money.ofFen(-1n) }],
    ['insurerPaid', { ...valid, insurerPaid: Money.ofFen(-1n) }],
  ])('refuses a negative %s', (field, given) => {
    expect(thrownBy(() => disposalWaterfall(given))).toMatchObject({
      code: 'INVALID_WATERFALL_INPUT',
      details: { field, value: '-0.01' },
    });
  });
});

describe('error catalogue entries of default and disposal', () => {
  it.each([
    ['INVALID_WATERFALL_INPUT', 400],
    ['INVALID_AUCTION_RULES', 400],
    ['STARTING_PRICE_BELOW_FLOOR', 422],
    ['PRICE_CUT_TOO_LARGE', 422],
    ['TOO_MANY_ROUNDS', 409],
    ['INVALID_DELINQUENCY_BUCKETS', 400],
    ['INVALID_RISK_SCHEME', 400],
  ])('%s is HTTP %i with a Chinese message', (code, status) => {
    // a fallback of 599 cannot be mistaken for a catalogued status
    expect(httpStatusFor(code, 599)).toBe(status);
    expect(zhMessageFor(code)).toEqual(expect.stringMatching(/[\u4e00-\u9fff]/));
  });
});

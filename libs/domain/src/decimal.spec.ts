import { DomainError } from './errors';
import {
  compareFractions,
  formatDecimal,
  isShareOfOne,
  mulDivHalfUp,
  parseDecimal,
  parseNonNegativeFraction,
  reduceFraction,
  roundHalfUp,
  tryParseDecimal,
} from './decimal';

describe('parseDecimal', () => {
  it.each([
    ['0.0345', 69n, 2000n], // 3.45 %, reduced from 345/10000
    ['1.4', 7n, 5n],
    ['1', 1n, 1n],
    ['0', 0n, 1n],
    ['-0.25', -1n, 4n], // only a leading '-' is accepted as a sign
    ['0.000000000001', 1n, 1000000000000n], // exactly 12 fractional digits: the limit
    ['007.50', 15n, 2n], // leading and trailing zeros are harmless
  ])('%s → %d/%d', (text, num, den) => {
    expect(parseDecimal(text)).toEqual({ num, den });
  });

  it.each([
    ['', 'empty'],
    ['3.45e-2', 'exponent notation (a float leaked)'],
    ['1E2', 'upper-case exponent'],
    ['+0.5', 'explicit plus'],
    ['--1', 'double minus'],
    [' 0.5', 'leading space'],
    ['0.5 ', 'trailing space'],
    ['.5', 'no integer digit'],
    ['5.', 'no fractional digit'],
    ['3.45%', 'percent sign'],
    ['1,000.5', 'thousands separator'],
    ['0.0000000000001', '13 fractional digits'],
    ['NaN', 'not a number'],
  ])('rejects %j (%s) with the given code', (text) => {
    expect(() => parseDecimal(text, 'INVALID_POLICY')).toThrow(
      expect.objectContaining({ code: 'INVALID_POLICY', details: { value: text } }),
    );
    expect(tryParseDecimal(text)).toBeNull();
  });

  it('defaults to INVALID_RATE', () => {
    expect(() => parseDecimal('x')).toThrow(expect.objectContaining({ code: 'INVALID_RATE' }));
  });
});

describe('parseNonNegativeFraction', () => {
  it('accepts zero and positives', () => {
    expect(parseNonNegativeFraction('0', 'INVALID_SUBSIDY_INPUT')).toEqual({ num: 0n, den: 1n });
    expect(parseNonNegativeFraction('0.5', 'INVALID_SUBSIDY_INPUT')).toEqual({ num: 1n, den: 2n });
  });

  it('rejects negatives with the given code', () => {
    const run = () => parseNonNegativeFraction('-0.01', 'INVALID_AMOUNT');
    expect(run).toThrow(DomainError);
    expect(run).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
  });
});

describe('roundHalfUp', () => {
  it.each([
    [5n, 2n, 3n], // 2.5 → 3: half goes away from zero
    [-5n, 2n, -3n], // −2.5 → −3, not −2
    [7n, 3n, 2n], // 2.33 → 2
    [8n, 3n, 3n], // 2.67 → 3
    [-7n, 3n, -2n],
    [-8n, 3n, -3n],
    [1n, 2n, 1n], // 0.5 fen → 1 fen
    [-1n, 2n, -1n],
    [49n, 100n, 0n], // just under half
    [0n, 7n, 0n],
    [5n, -2n, -3n], // negative denominator is normalised
    [10n, 5n, 2n], // exact
  ])('%d / %d → %d', (num, den, expected) => {
    expect(roundHalfUp(num, den)).toBe(expected);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it('mulDivHalfUp does not round the intermediate product', () => {
    // 3 × 5 / 2 = 7.5 → 8; rounding 3/2 first would give 2 × 5 = 10.
    expect(mulDivHalfUp(3n, 5n, 2n)).toBe(8n);
  });
});

describe('formatDecimal', () => {
  it.each([
    [{ num: 69n, den: 2000n }, 4, '0.0345'],
    [{ num: 69n, den: 2000n }, 3, '0.035'], // 0.0345 → 0.035: half up
    [{ num: 1n, den: 3n }, 2, '0.33'],
    [{ num: 2n, den: 3n }, 2, '0.67'],
    [{ num: -1n, den: 20n }, 2, '-0.05'],
    [{ num: -1n, den: 1000n }, 2, '0.00'], // rounds to zero: never "-0.00"
    [{ num: 7n, den: 2n }, 0, '4'], // scale 0 has no point
    [{ num: 1234567n, den: 1n }, 2, '1234567.00'],
  ])('%o at scale %d → %s', (f, scale, expected) => {
    expect(formatDecimal(f, scale)).toBe(expected);
  });

  it('round-trips parsed text', () => {
    expect(formatDecimal(parseDecimal('-12.345678901234'), 12)).toBe('-12.345678901234');
  });

  it('rejects a negative scale', () => {
    expect(() => formatDecimal({ num: 1n, den: 1n }, -1)).toThrow(RangeError);
  });
});

describe('reduce and compareFractions', () => {
  it('reduces to lowest terms with a positive denominator', () => {
    expect(reduceFraction(6n, -4n)).toEqual({ num: -3n, den: 2n });
    expect(reduceFraction(0n, 5n)).toEqual({ num: 0n, den: 1n });
  });

  it.each([
    ['0.0345', '0.035', -1],
    ['1.40', '1.4', 0],
    ['-0.1', '-0.2', 1],
  ])('compare(%s, %s) = %d', (a, b, expected) => {
    expect(compareFractions(parseDecimal(a), parseDecimal(b))).toBe(expected);
  });
});

describe('isShareOfOne', () => {
  it.each([
    ['1', true],
    ['0.6', true],
    ['0.0001', true],
    ['1.0000', true],
    ['0', false],
    ['1.0001', false],
    ['-0.5', false],
    ['abc', false],
  ])('isShareOfOne(%s) = %s', (text, expected) => {
    expect(isShareOfOne(text)).toBe(expected);
  });
});

import { parseDecimal } from './decimal';
import { Money, yuan } from './money';

describe('Money.ofYuan', () => {
  it.each([
    ['1500000', 150000000n],
    ['1500000.5', 150000050n], // one decimal means tenths of a yuan, not fen
    ['1500000.00', 150000000n],
    ['0.01', 1n],
    ['0', 0n],
    ['0012.30', 1230n], // leading zeros are harmless
  ])('%s yuan → %d fen', (text, fen) => {
    expect(Money.ofYuan(text).fen).toBe(fen);
  });

  it.each([
    ['1.005', 'three decimals: a fraction of a fen'],
    ['-5', 'negative without allowNegative'],
    ['', 'empty'],
    ['1e6', 'exponent'],
    ['1,000.00', 'thousands separator'],
    [' 100', 'leading space'],
    ['100.', 'dangling point'],
    ['+100', 'explicit plus'],
    ['¥100', 'currency sign'],
  ])('rejects %j (%s) with the text in details', (text) => {
    expect(() => Money.ofYuan(text)).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT', details: { value: text } }),
    );
  });

  it('accepts negatives when allowed', () => {
    expect(Money.ofYuan('-0.05', { allowNegative: true }).fen).toBe(-5n);
    expect(Money.ofYuan('-12.5', { allowNegative: true }).fen).toBe(-1250n);
  });

  it('refuses a number smuggled in as fen', () => {
    expect(() => Money.ofFen(1.5 as unknown as bigint)).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    );
  });
});

describe('Money formatting', () => {
  it.each([
    [150000000n, '1500000.00'],
    [5n, '0.05'],
    [-5n, '-0.05'], // sign in front of the whole amount, not of the fen part
    [-12345n, '-123.45'],
    [0n, '0.00'],
    [100n, '1.00'],
  ])('%d fen → %s', (fen, text) => {
    const m = Money.ofFen(fen);
    expect(m.toYuan()).toBe(text);
    expect(m.toString()).toBe(text);
    expect(JSON.stringify({ m })).toBe(`{"m":"${text}"}`);
  });
});

describe('Money arithmetic', () => {
  const a = yuan('100.50');
  const b = yuan('0.75');

  it('adds and subtracts exactly', () => {
    expect(a.plus(b).toYuan()).toBe('101.25');
    expect(b.minus(a).toYuan()).toBe('-99.75');
    expect(Money.sum([a, b, b]).toYuan()).toBe('102.00');
    expect(Money.sum([]).isZero()).toBe(true);
    // 0.1 + 0.2 is exactly 0.3 here, unlike floating point
    expect(yuan('0.1').plus(yuan('0.2')).equals(yuan('0.3'))).toBe(true);
  });

  it.each([
    ['100.00', '0.25', '25.00'],
    ['0.03', '0.5', '0.02'], // 1.5 fen → 2 fen: half up
    ['0.01', '0.5', '0.01'], // 0.5 fen → 1 fen
    ['0.01', '0.49', '0.00'], // 0.49 fen → 0
    ['1000000.00', '0.0345', '34500.00'],
    ['10.00', '1.4', '14.00'],
  ])('%s × %s = %s (half up to the fen)', (amount, ratio, expected) => {
    expect(yuan(amount).timesRatio(ratio).toYuan()).toBe(expected);
    expect(yuan(amount).times(parseDecimal(ratio)).toYuan()).toBe(expected);
  });

  it('rounds negative products away from zero', () => {
    expect(Money.ofFen(-3n).times({ num: 1n, den: 2n }).fen).toBe(-2n); // −1.5 → −2
  });

  it('rejects a ratio that is not a plain decimal', () => {
    expect(() => a.timesRatio('25%')).toThrow(expect.objectContaining({ code: 'INVALID_RATE' }));
  });

  it('compares', () => {
    expect(a.compare(b)).toBe(1);
    expect(b.compare(a)).toBe(-1);
    expect(a.compare(yuan('100.5'))).toBe(0);
    expect(a.greaterThan(b)).toBe(true);
    expect(a.lessThan(b)).toBe(false);
    expect(a.min(b)).toBe(b);
    expect(a.max(b)).toBe(a);
    expect(Money.min(a, b)).toBe(b);
    expect(Money.max(a, b)).toBe(a);
  });

  it('reports its sign', () => {
    expect(Money.zero().isZero()).toBe(true);
    expect(Money.zero().isPositive()).toBe(false);
    expect(Money.ofFen(-1n).isNegative()).toBe(true);
    expect(Money.ofFen(1n).isPositive()).toBe(true);
    expect(Money.ofFen(-1n).abs().fen).toBe(1n);
    expect(a.negate().toYuan()).toBe('-100.50');
  });

  it('is immutable: operations return new values and the instance is frozen', () => {
    const before = a.fen;
    a.plus(b);
    a.timesRatio('2');
    expect(a.fen).toBe(before);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

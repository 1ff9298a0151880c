import { formatDate } from '../../apps/console/src/format/dates';
import {
  formatAmount,
  formatPercent,
  formatWan,
  formatYuan,
} from '../../apps/console/src/format/money';

describe('console formatting', () => {
  it.each([
    ['1234567.89', '1,234,567.89'],
    ['0.5', '0.50'],
    ['-1000', '-1,000.00'],
    ['999', '999.00'],
  ])('groups %s as %s without a float', (amount, shown) => {
    expect(formatAmount(amount)).toBe(shown);
  });

  it('shows yuan and ten-thousands of yuan, rounding half up on the fen', () => {
    expect(formatYuan('1000000.00')).toBe('1,000,000.00 元');
    expect(formatWan('1000000.00')).toBe('100.00 万元');
    expect(formatWan('12345.00')).toBe('1.23 万元');
    expect(formatWan('12350.00')).toBe('1.24 万元');
    // Beyond a float's exact integers: 2^53 fen and more.
    expect(formatYuan('90071992547409.93')).toBe('90,071,992,547,409.93 元');
  });

  it('shows rates as percentages from their digits', () => {
    expect(formatPercent('0.0345')).toBe('3.45%');
    expect(formatPercent('0.7500')).toBe('75.00%');
    expect(formatPercent('0.12345')).toBe('12.35%');
    expect(formatPercent('1')).toBe('100.00%');
  });

  it('leaves what is no amount as it is, and a missing one as a dash', () => {
    expect(formatAmount('abc')).toBe('abc');
    expect(formatYuan(null)).toBe('—');
  });

  it('writes dates the Chinese way and the English way', () => {
    expect(formatDate('2026-12-02', 'zh-CN')).toBe('2026年12月2日');
    expect(formatDate('2026-12-02', 'en')).toBe('2 Dec 2026');
    expect(formatDate(null, 'en')).toBe('—');
  });
});

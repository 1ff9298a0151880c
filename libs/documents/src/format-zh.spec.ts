import { dateZh, instantZh, percentZh, yuanZh } from './format-zh';

describe('Chinese print formats', () => {
  it.each([
    ['1234567.89', '1,234,567.89 元'],
    ['999.00', '999.00 元'],
    ['1000.00', '1,000.00 元'],
    ['0.01', '0.01 元'],
    ['-12345.60', '-12,345.60 元'],
    ['12345678901234.56', '12,345,678,901,234.56 元'],
    ['not money', 'not money'],
  ])('yuan %s → %s', (amount, printed) => expect(yuanZh(amount)).toBe(printed));

  it.each([
    ['2026-12-02', '2026年12月2日'],
    ['2026-01-15', '2026年1月15日'],
    ['someday', 'someday'],
  ])('date %s → %s', (date, printed) => expect(dateZh(date)).toBe(printed));

  it('prints an instant as its UTC date and time', () => {
    expect(instantZh('2026-12-02T09:05:07.123Z')).toBe('2026年12月2日 09:05:07 UTC');
  });

  it.each([
    ['0.036', '3.6%'],
    ['0.1964', '19.64%'],
    ['0.7000', '70%'],
    ['0.8', '80%'],
    ['1', '100%'],
    ['0.0005', '0.05%'],
    ['0', '0%'],
  ])('ratio %s → %s', (ratio, printed) => expect(percentZh(ratio)).toBe(printed));
});

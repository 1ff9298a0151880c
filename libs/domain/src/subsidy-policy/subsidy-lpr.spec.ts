import { DomainError } from '../errors';
import { lprOn, lprReferenceDate, type LprEntry } from './subsidy-lpr';

/** The LPR announcements in docs/domain.md (1-year / 5-year). */
const LPR_TABLE: LprEntry[] = [
  { effectiveFrom: '2024-02-20', oneYear: '0.0345', fiveYear: '0.0395' },
  { effectiveFrom: '2024-07-22', oneYear: '0.0335', fiveYear: '0.0385' },
  { effectiveFrom: '2024-10-21', oneYear: '0.0310', fiveYear: '0.0360' },
  { effectiveFrom: '2025-05-20', oneYear: '0.0300', fiveYear: '0.0350' },
];

describe('lprOn', () => {
  it.each([
    // Each change takes effect on its own date; the day before still has the previous rate.
    ['2024-02-20', '2024-02-20', '0.0345', '0.0395'],
    ['2024-07-21', '2024-02-20', '0.0345', '0.0395'],
    ['2024-07-22', '2024-07-22', '0.0335', '0.0385'],
    ['2024-10-20', '2024-07-22', '0.0335', '0.0385'],
    ['2024-10-21', '2024-10-21', '0.0310', '0.0360'],
    ['2025-05-19', '2024-10-21', '0.0310', '0.0360'],
    ['2025-05-20', '2025-05-20', '0.0300', '0.0350'],
    // Unchanged into 2026: the last entry stays in force.
    ['2026-03-01', '2025-05-20', '0.0300', '0.0350'],
  ])('on %s the LPR from %s is %s (1Y) / %s (5Y)', (date, effectiveFrom, oneYear, fiveYear) => {
    expect(lprOn(LPR_TABLE, date, 'ONE_YEAR')).toEqual({ effectiveFrom, rate: oneYear });
    expect(lprOn(LPR_TABLE, date, 'FIVE_YEAR')).toEqual({ effectiveFrom, rate: fiveYear });
  });

  it('does not depend on the order of the table', () => {
    const shuffled = [LPR_TABLE[2]!, LPR_TABLE[0]!, LPR_TABLE[3]!, LPR_TABLE[1]!];
    expect(lprOn(shuffled, '2024-12-31', 'ONE_YEAR')).toEqual({
      effectiveFrom: '2024-10-21',
      rate: '0.0310',
    });
  });

  it('refuses a date before the first entry with LPR_NOT_FOUND naming the date', () => {
    expect.assertions(2);
    try {
      lprOn(LPR_TABLE, '2024-02-19', 'ONE_YEAR');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect(e).toMatchObject({ code: 'LPR_NOT_FOUND', details: { date: '2024-02-19' } });
    }
  });

  it('refuses an empty table with LPR_NOT_FOUND', () => {
    expect(() => lprOn([], '2026-01-15', 'ONE_YEAR')).toThrow(
      expect.objectContaining({ code: 'LPR_NOT_FOUND' }),
    );
  });

  it('refuses a date that is not a calendar date with INVALID_DATE', () => {
    expect(() => lprOn(LPR_TABLE, '2025-02-29', 'ONE_YEAR')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });
});

describe('lprReferenceDate', () => {
  const dates = {
    disbursementDate: '2024-08-12',
    contractDate: '2024-08-05',
    periodStart: '2024-11-12',
  };

  it.each([
    ['DISBURSEMENT', dates, '2024-08-12'],
    ['PERIOD_START', dates, '2024-11-12'],
    // First day of the contract month.
    ['CONTRACT_MONTH', dates, '2024-08-01'],
    // First day of the month before the contract (Qingdao's rule).
    ['MONTH_BEFORE_CONTRACT', dates, '2024-07-01'],
    // A January contract looks back into December of the year before.
    ['MONTH_BEFORE_CONTRACT', { ...dates, contractDate: '2025-01-31' }, '2024-12-01'],
  ] as const)('%s → %s', (reference, d, expected) => {
    expect(lprReferenceDate(reference, d)).toBe(expected);
  });

  it('the reference decides the rate: a contract of 2024-08-05 priced off July 1 gets 3.45 %, not 3.35 %', () => {
    // 2024-07-01 is before the 2024-07-22 cut, 2024-08-01 after it.
    const monthBefore = lprReferenceDate('MONTH_BEFORE_CONTRACT', dates);
    const contractMonth = lprReferenceDate('CONTRACT_MONTH', dates);
    expect(lprOn(LPR_TABLE, monthBefore, 'ONE_YEAR').rate).toBe('0.0345');
    expect(lprOn(LPR_TABLE, contractMonth, 'ONE_YEAR').rate).toBe('0.0335');
  });

  it('refuses an invalid contract date with INVALID_DATE', () => {
    expect(() =>
      lprReferenceDate('CONTRACT_MONTH', { ...dates, contractDate: '2024-13-01' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });
});

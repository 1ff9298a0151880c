import {
  addDays,
  addMonthsClamped,
  assertBusinessDate,
  compareDates,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isBusinessDate,
  maxDate,
  minDate,
  shanghaiDateOf,
  toDayNumber,
} from './business-date';

describe('isBusinessDate', () => {
  it.each([
    ['2026-01-15', true],
    ['2026-02-28', true],
    ['2026-02-29', false], // 2026 is not a leap year
    ['2028-02-29', true], // 2028 is
    ['1900-02-29', false], // century not divisible by 400: no leap day
    ['2000-02-29', true], // divisible by 400: leap day
    ['2026-04-31', false], // April has 30 days
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['0000-01-01', false], // no year zero in business data
    ['2026-1-15', false], // unpadded
    ['2026/01/15', false],
    ['2026-01-15T00:00:00Z', false], // an instant is not a business date
    [' 2026-01-15', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(isBusinessDate(text)).toBe(expected);
  });

  it('assertBusinessDate names the field and the value', () => {
    expect(assertBusinessDate('2028-02-29')).toBe('2028-02-29');
    expect(() => assertBusinessDate('2026-02-29', 'dueDate')).toThrow(
      expect.objectContaining({
        code: 'INVALID_DATE',
        details: { field: 'dueDate', value: '2026-02-29' },
      }),
    );
  });
});

describe('day numbers', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2000-03-01', 11017], // day after a 400-year leap day
    ['2026-01-15', 20468],
    ['0001-01-01', -719162],
    ['9999-12-31', 2932896],
  ])('%s ↔ %d', (date, n) => {
    expect(toDayNumber(date)).toBe(n);
    expect(fromDayNumber(n)).toBe(date);
  });

  it('round-trips every day across a leap cycle', () => {
    const start = toDayNumber('2027-12-25');
    let previous = fromDayNumber(start - 1);
    for (let n = start; n < start + 1600; n++) {
      const date = fromDayNumber(n);
      expect(isBusinessDate(date)).toBe(true);
      expect(toDayNumber(date)).toBe(n);
      expect(compareDates(previous, date)).toBe(-1);
      previous = date;
    }
  });

  it.each([[1.5], [Number.NaN], [toDayNumber('9999-12-31') + 1]])(
    'fromDayNumber(%d) is rejected',
    (n) => {
      expect(() => fromDayNumber(n)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    },
  );

  it('toDayNumber rejects an impossible date', () => {
    expect(() => toDayNumber('2026-02-30')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });
});

describe('addDays / daysBetween / compare', () => {
  it.each([
    ['2028-02-28', 1, '2028-02-29'], // leap February
    ['2026-02-28', 1, '2026-03-01'], // common February
    ['2026-12-31', 1, '2027-01-01'], // year end
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-15', 0, '2026-01-15'],
    ['2026-01-15', 365, '2027-01-15'],
  ])('%s + %d days = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
    expect(daysBetween(d, expected)).toBe(n);
  });

  it.each([
    ['2028-01-31', '2028-02-29', 29], // leap February
    ['2026-01-31', '2026-02-28', 28],
    ['2026-01-15', '2027-01-15', 365],
    ['2028-01-15', '2029-01-15', 366], // spans 2028-02-29
    ['2026-03-01', '2026-01-01', -59], // to − from, negative when earlier
  ])('daysBetween(%s, %s) = %d', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it('rejects a fractional day count', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });

  it('compares, and picks the latest / earliest', () => {
    expect(compareDates('2026-01-15', '2026-01-16')).toBe(-1);
    expect(compareDates('2026-01-16', '2026-01-15')).toBe(1);
    expect(compareDates('2026-01-15', '2026-01-15')).toBe(0);
    expect(maxDate('2026-03-01', '2027-01-01', '2026-12-31')).toBe('2027-01-01');
    expect(minDate('2026-03-01', '2027-01-01', '2025-12-31')).toBe('2025-12-31');
    expect(maxDate('2026-03-01')).toBe('2026-03-01');
    expect(() => maxDate('2026-03-01', '2026-02-30')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });
});

describe('daysInMonth', () => {
  it.each([
    [2026, 2, 28],
    [2028, 2, 29], // leap year
    [2100, 2, 28], // century, not leap
    [2000, 2, 29], // 400-year, leap
    [2026, 4, 30],
    [2026, 12, 31],
  ])('%d-%d has %d days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it('rejects month 13', () => {
    expect(() => daysInMonth(2026, 13)).toThrow(RangeError);
  });
});

describe('addMonthsClamped', () => {
  it.each([
    ['2026-01-15', 1, undefined, '2026-02-15'],
    ['2026-01-31', 1, undefined, '2026-02-28'], // short month clamps to its last day
    ['2028-01-31', 1, undefined, '2028-02-29'], // leap February
    ['2026-01-31', 2, 31, '2026-03-31'], // anchored: back to the 31st, no drift
    ['2026-02-28', 1, 31, '2026-03-31'], // anchor survives a clamped start
    ['2026-02-28', 1, undefined, '2026-03-28'], // without the anchor it would drift
    ['2026-03-31', 1, undefined, '2026-04-30'], // 30-day month
    ['2026-08-31', 6, undefined, '2027-02-28'],
    ['2026-11-30', 3, undefined, '2027-02-28'], // crosses the year end
    ['2026-01-15', 12, undefined, '2027-01-15'],
    ['2026-01-15', 0, undefined, '2026-01-15'],
    ['2026-03-31', -1, undefined, '2026-02-28'], // backwards clamps too
    ['2026-01-15', -13, undefined, '2024-12-15'],
    ['2024-02-29', 12, undefined, '2025-02-28'], // leap day to a common year
    ['2024-02-29', 48, undefined, '2028-02-29'],
  ])('%s + %d months (anchor %s) = %s', (start, months, anchor, expected) => {
    expect(addMonthsClamped(start, months, anchor)).toBe(expected);
  });

  it.each([
    ['2026-02-30', 1, undefined],
    ['2026-01-15', 1.5, undefined],
    ['2026-01-15', 1, 32],
    ['2026-01-15', 1, 0],
  ])('rejects start %s, months %d, anchor %s', (start, months, anchor) => {
    expect(() => addMonthsClamped(start, months, anchor)).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });
});

describe('shanghaiDateOf', () => {
  it.each([
    ['2026-01-15T15:59:59.999Z', '2026-01-15'], // 23:59:59 in Shanghai
    ['2026-01-15T16:00:00Z', '2026-01-16'], // midnight in Shanghai: next day
    ['2026-01-15T00:00:00Z', '2026-01-15'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'], // year rolls over in Shanghai first
    ['2028-02-28T16:30:00Z', '2028-02-29'], // into a leap day
    ['2026-02-28T16:00:00Z', '2026-03-01'], // no leap day in 2026
    ['2026-01-16T00:30:00+08:00', '2026-01-16'], // already Shanghai time
    ['2026-01-15T20:00:00-05:00', '2026-01-16'], // 01:00Z next day → 09:00 in Shanghai
    ['2026-01-15T07:59:00+09:00', '2026-01-15'], // 22:59Z previous day → 06:59 in Shanghai
    ['2026-01-15 16:00:00+00', '2026-01-16'], // PostgreSQL timestamptz text
    ['2026-01-15T16:00Z', '2026-01-16'], // no seconds
  ])('%s → %s', (instant, expected) => {
    expect(shanghaiDateOf(instant)).toBe(expected);
  });

  it.each([
    ['2026-01-15T16:00:00'], // no offset: names no instant
    ['2026-01-15'],
    ['2026-02-29T00:00:00Z'], // no such day
    ['2026-01-15T24:00:00Z'],
    ['2026-01-15T12:60:00Z'],
    ['1768492800000'], // epoch millis are not ISO text
    [''],
  ])('rejects %j', (instant) => {
    expect(() => shanghaiDateOf(instant)).toThrow(
      expect.objectContaining({
        code: 'INVALID_DATE',
        details: { field: 'instant', value: instant },
      }),
    );
  });
});

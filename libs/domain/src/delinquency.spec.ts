import {
  bucketFor,
  DEFAULT_DELINQUENCY_BUCKETS,
  parseDelinquencyBuckets,
  type DelinquencyBucket,
} from './delinquency';

/** Calls `fn` and returns what it threw; fails the test if it did not throw. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('bucketFor with the default buckets', () => {
  it.each([
    [0, 'CURRENT'], // paid up or not yet due
    [1, 'DPD_1_30'], // the day after a missed due date
    [30, 'DPD_1_30'],
    [31, 'DPD_31_60'],
    [60, 'DPD_31_60'],
    [61, 'DPD_61_90'],
    [90, 'DPD_61_90'],
    [91, 'DPD_90_PLUS'],
    [3650, 'DPD_90_PLUS'], // open-ended
  ])('%i days past due → %s', (days, code) => {
    expect(bucketFor(days, DEFAULT_DELINQUENCY_BUCKETS).code).toBe(code);
  });

  it.each([-1, 1.5, Number.NaN])('treats %p days as a programming error', (days) => {
    expect(() => bucketFor(days, DEFAULT_DELINQUENCY_BUCKETS)).toThrow(RangeError);
  });

  it('names the day count an unchecked list does not hold', () => {
    const closed: DelinquencyBucket[] = [{ code: 'CURRENT', fromDays: 0, toDays: 0 }];
    expect(thrownBy(() => bucketFor(5, closed))).toMatchObject({
      code: 'INVALID_DELINQUENCY_BUCKETS',
      details: { daysPastDue: 5 },
    });
  });

  it('is a list the parser accepts', () => {
    expect(parseDelinquencyBuckets(DEFAULT_DELINQUENCY_BUCKETS)).toEqual(
      DEFAULT_DELINQUENCY_BUCKETS,
    );
  });
});

describe('parseDelinquencyBuckets', () => {
  it('accepts a product with its own bands and uses them', () => {
    // A stricter product: 1–15 is a watch list, 16+ is already default territory.
    const buckets = parseDelinquencyBuckets([
      { code: 'CURRENT', fromDays: 0, toDays: 0 },
      { code: 'WATCH', fromDays: 1, toDays: 15 },
      { code: 'SEVERE', fromDays: 16, toDays: null },
    ]);
    expect([0, 1, 15, 16].map((d) => bucketFor(d, buckets).code)).toEqual([
      'CURRENT',
      'WATCH',
      'WATCH',
      'SEVERE',
    ]);
  });

  it('accepts a single open bucket', () => {
    expect(parseDelinquencyBuckets([{ code: 'ALL', fromDays: 0, toDays: null }])).toEqual([
      { code: 'ALL', fromDays: 0, toDays: null },
    ]);
  });

  const current = { code: 'CURRENT', fromDays: 0, toDays: 0 };
  const late = { code: 'LATE', fromDays: 1, toDays: 30 };
  const open = { code: 'OPEN', fromDays: 31, toDays: null };

  it.each([
    ['not a list', { buckets: [] }, null],
    ['an empty list', [], null],
    ['a gap (1–30 then 32+)', [current, late, { ...open, fromDays: 32 }], 2],
    ['an overlap (1–30 then 30+)', [current, late, { ...open, fromDays: 30 }], 2],
    ['not starting at 0', [late, open], 0],
    ['a closed last bucket', [current, late], 1],
    ['an open bucket before the last', [current, { ...late, toDays: null }, open], 2],
    ['toDays below fromDays', [current, { ...late, toDays: 0 }, open], 1],
    ['negative days', [{ ...current, fromDays: -1 }, late, open], 0],
    ['fractional days', [current, { ...late, toDays: 30.5 }, open], 1],
    ['days as text', [current, { ...late, fromDays: '1' }, open], 1],
    ['a missing toDays', [current, { code: 'LATE', fromDays: 1 }, open], 1],
    ['a duplicate code', [current, late, { ...open, code: 'LATE' }], 2],
    ['a lower-case code', [current, { ...late, code: 'late' }, open], 1],
    ['a bucket that is not an object', [current, 'LATE', open], 1],
  ])('refuses %s, naming bucket %p', (_label, raw, index) => {
    expect(thrownBy(() => parseDelinquencyBuckets(raw))).toMatchObject({
      code: 'INVALID_DELINQUENCY_BUCKETS',
      details: { index },
    });
  });
});

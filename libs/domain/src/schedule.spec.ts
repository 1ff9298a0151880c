import { addMonthsClamped, daysBetween } from './business-date';
import { Money, yuan } from './money';
import {
  accruedInterest,
  buildSchedule,
  levelInstalmentFen,
  type Instalment,
  type ScheduleRequest,
} from './schedule';

/** Compact view of a row for table assertions: [due, principal, interest, total, after]. */
const row = (i: Instalment): [string, string, string, string, string] => [
  i.dueDate,
  i.principal.toYuan(),
  i.interest.toYuan(),
  i.total.toYuan(),
  i.outstandingAfter.toYuan(),
];

/** Invariants every schedule must satisfy, whatever the method. */
function expectConsistent(req: ScheduleRequest, instalments: Instalment[]): void {
  expect(Money.sum(instalments.map((i) => i.principal)).equals(req.principal)).toBe(true);
  expect(instalments.at(-1)?.outstandingAfter.isZero()).toBe(true);
  let outstanding = req.principal;
  let periodStart = req.startDate;
  instalments.forEach((i, k) => {
    expect(i.seq).toBe(k + 1);
    expect(i.periodStart).toBe(periodStart);
    expect(i.total.equals(i.principal.plus(i.interest))).toBe(true);
    outstanding = outstanding.minus(i.principal);
    expect(i.outstandingAfter.equals(outstanding)).toBe(true);
    expect(i.principal.isNegative() || i.interest.isNegative()).toBe(false);
    periodStart = i.dueDate;
  });
}

describe('buildSchedule — EQUAL_INSTALMENT, 1,000,000.00 yuan, 12 months at 3.45 %', () => {
  const req: ScheduleRequest = {
    principal: yuan('1000000.00'),
    annualRate: '0.0345',
    termMonths: 12,
    method: 'EQUAL_INSTALMENT',
    startDate: '2026-01-15',
  };
  const { instalments, totalInterest } = buildSchedule(req);

  // Worked by hand / independently (Python fractions.Fraction, not this code):
  //   r = 0.0345 / 12 = 0.002875
  //   (1 + r)^12 = 1.035050793232577…
  //   A = 1,000,000 × 0.002875 × 1.0350507932… / 0.0350507932… = 84,898.82128482… → 84,898.82
  //   first interest = 1,000,000.00 × 0.002875 = 2,875.00
  //   first principal = 84,898.82 − 2,875.00 = 82,023.82
  it('has the level instalment computed independently', () => {
    expect(levelInstalmentFen(100000000n, { num: 23n, den: 8000n }, 12)).toBe(8489882n);
    expect(instalments[0]?.total.toYuan()).toBe('84898.82');
    expect(instalments[0]?.interest.toYuan()).toBe('2875.00');
    expect(instalments[0]?.principal.toYuan()).toBe('82023.82');
  });

  it('falls due on the 15th of each following month', () => {
    expect(instalments.map((i) => i.dueDate)).toEqual([
      '2026-02-15',
      '2026-03-15',
      '2026-04-15',
      '2026-05-15',
      '2026-06-15',
      '2026-07-15',
      '2026-08-15',
      '2026-09-15',
      '2026-10-15',
      '2026-11-15',
      '2026-12-15',
      '2027-01-15',
    ]);
  });

  it('charges round-half-up(outstanding × r) each period and repays exactly P', () => {
    expectConsistent(req, instalments);
    let outstandingFen = req.principal.fen;
    for (const i of instalments) {
      // outstanding × 0.002875 = outstanding × 23 / 8000, rounded half up by hand here
      const exact = outstandingFen * 23n;
      const expectedInterest = (2n * exact + 8000n) / 16000n;
      expect(i.interest.fen).toBe(expectedInterest);
      outstandingFen -= i.principal.fen;
    }
  });

  it('keeps the instalment level except the last, which clears the balance', () => {
    expect(instalments.slice(0, 11).every((i) => i.total.toYuan() === '84898.82')).toBe(true);
    // last row: remaining 84,655.45 + interest 243.38 (0.01 of accumulated rounding)
    expect(row(instalments[11]!)).toEqual(['2027-01-15', '84655.45', '243.38', '84898.83', '0.00']);
    expect(totalInterest.toYuan()).toBe('18785.85');
    expect(totalInterest.equals(Money.sum(instalments.map((i) => i.interest)))).toBe(true);
  });
});

describe('buildSchedule — EQUAL_INSTALMENT variants', () => {
  it('quarterly payments use r = annual / 12 × 3 and anchor on the 31st', () => {
    const req: ScheduleRequest = {
      principal: yuan('1000000'),
      annualRate: '0.0345',
      termMonths: 12,
      method: 'EQUAL_INSTALMENT',
      startDate: '2026-01-31',
      paymentFrequencyMonths: 3,
    };
    const { instalments, totalInterest } = buildSchedule(req);
    expectConsistent(req, instalments);
    // r = 0.008625 → A = 255,413.77; first interest 1,000,000 × 0.008625 = 8,625.00.
    expect(instalments.map(row)).toEqual([
      ['2026-04-30', '246788.77', '8625.00', '255413.77', '753211.23'], // April has 30 days
      ['2026-07-31', '248917.32', '6496.45', '255413.77', '504293.91'],
      ['2026-10-31', '251064.24', '4349.53', '255413.77', '253229.67'],
      ['2027-01-31', '253229.67', '2184.11', '255413.78', '0.00'],
    ]);
    expect(totalInterest.toYuan()).toBe('21655.09');
  });

  it('a zero rate splits P / n half up and the last period takes the remainder', () => {
    const req: ScheduleRequest = {
      principal: yuan('100.00'),
      annualRate: '0',
      termMonths: 3,
      method: 'EQUAL_INSTALMENT',
      startDate: '2026-03-10',
    };
    const { instalments, totalInterest } = buildSchedule(req);
    expectConsistent(req, instalments);
    expect(instalments.map((i) => i.total.toYuan())).toEqual(['33.33', '33.33', '33.34']);
    expect(totalInterest.isZero()).toBe(true);
  });

  it('rounds an interest of exactly half a fen up', () => {
    // 100.00 yuan × 0.0006 / 12 = 0.005 yuan = 0.5 fen → 1 fen
    const { instalments } = buildSchedule({
      principal: yuan('100.00'),
      annualRate: '0.0006',
      termMonths: 2,
      method: 'EQUAL_INSTALMENT',
      startDate: '2026-01-01',
    });
    expect(instalments[0]?.interest.fen).toBe(1n);
  });
});

describe('buildSchedule — EQUAL_PRINCIPAL from 2028-01-31 across a leap February', () => {
  const req: ScheduleRequest = {
    principal: yuan('1200000.00'),
    annualRate: '0.031',
    termMonths: 6,
    method: 'EQUAL_PRINCIPAL',
    startDate: '2028-01-31',
  };
  const { instalments, totalInterest } = buildSchedule(req);

  it('repays 200,000.00 a month with actual/360 interest', () => {
    expectConsistent(req, instalments);
    // interest = outstanding × 0.031 × days / 360, half up; days per row in the comment
    expect(instalments.map(row)).toEqual([
      ['2028-02-29', '200000.00', '2996.67', '202996.67', '1000000.00'], // 29 days: leap Feb
      ['2028-03-31', '200000.00', '2669.44', '202669.44', '800000.00'], // 31 days: back on 31st
      ['2028-04-30', '200000.00', '2066.67', '202066.67', '600000.00'], // 30 days
      ['2028-05-31', '200000.00', '1601.67', '201601.67', '400000.00'], // 31 days
      ['2028-06-30', '200000.00', '1033.33', '201033.33', '200000.00'], // 30 days
      ['2028-07-31', '200000.00', '533.89', '200533.89', '0.00'], // 31 days
    ]);
    expect(totalInterest.toYuan()).toBe('10901.67');
  });

  it('first-row interest matches the hand calculation', () => {
    // 1,200,000 × 0.031 × 29 / 360 = 2,996.666… → 2,996.67
    expect(daysBetween('2028-01-31', '2028-02-29')).toBe(29);
    expect(instalments[0]?.interest.toYuan()).toBe('2996.67');
  });

  it('puts the rounding remainder of P / n on the last period', () => {
    const uneven: ScheduleRequest = { ...req, principal: yuan('1000.00'), termMonths: 3 };
    const { instalments: rows } = buildSchedule(uneven);
    expectConsistent(uneven, rows);
    expect(rows.map((i) => i.principal.toYuan())).toEqual(['333.33', '333.33', '333.34']);
  });

  it('never repays more than is owed when P has fewer fen than periods', () => {
    // 0.10 yuan over 12 months: 10 fen / 12 = 0.83 → 1 fen a month would overshoot by
    // month 11, so payments stop at zero outstanding.
    const tiny: ScheduleRequest = { ...req, principal: yuan('0.10'), termMonths: 12 };
    const { instalments: rows } = buildSchedule(tiny);
    expectConsistent(tiny, rows);
    expect(rows.map((i) => i.principal.fen)).toEqual([
      1n,
      1n,
      1n,
      1n,
      1n,
      1n,
      1n,
      1n,
      1n,
      1n,
      0n,
      0n,
    ]);
  });
});

describe('buildSchedule — INTEREST_ONLY', () => {
  const req: ScheduleRequest = {
    principal: yuan('500000.00'),
    annualRate: '0.03',
    termMonths: 3,
    method: 'INTEREST_ONLY',
    startDate: '2026-01-31',
  };

  it('charges interest only and the whole principal on the last due date', () => {
    const { instalments, totalInterest } = buildSchedule(req);
    expectConsistent(req, instalments);
    expect(instalments.map(row)).toEqual([
      // 500,000 × 0.03 × 28 / 360 = 1,166.666… → 1,166.67 (February 2026 has 28 days)
      ['2026-02-28', '0.00', '1166.67', '1166.67', '500000.00'],
      // 31 days → 1,291.666… → 1,291.67; the 31st anchor returns after February
      ['2026-03-31', '0.00', '1291.67', '1291.67', '500000.00'],
      // 30 days → 1,250.00 exactly
      ['2026-04-30', '500000.00', '1250.00', '501250.00', '0.00'],
    ]);
    expect(instalments.map((i) => i.periodStart)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
    ]);
    expect(totalInterest.toYuan()).toBe('3708.34');
  });

  it('with a single period repays everything at once', () => {
    const { instalments } = buildSchedule({ ...req, termMonths: 1 });
    expect(instalments.map(row)).toEqual([
      ['2026-02-28', '500000.00', '1166.67', '501166.67', '0.00'],
    ]);
  });
});

describe('buildSchedule — long terms stay anchored', () => {
  it('360 monthly periods from a 31st end exactly 30 years later', () => {
    const req: ScheduleRequest = {
      principal: yuan('3000000'),
      annualRate: '0.0395',
      termMonths: 360,
      method: 'EQUAL_INSTALMENT',
      startDate: '2026-01-31',
    };
    const { instalments } = buildSchedule(req);
    expectConsistent(req, instalments);
    expect(instalments).toHaveLength(360);
    expect(instalments[359]?.dueDate).toBe('2056-01-31');
    expect(instalments.map((i) => i.dueDate)).toEqual(
      Array.from({ length: 360 }, (_, k) => addMonthsClamped('2026-01-31', k + 1, 31)),
    );
  });
});

describe('buildSchedule — validation', () => {
  const base: ScheduleRequest = {
    principal: yuan('1000'),
    annualRate: '0.0345',
    termMonths: 12,
    method: 'EQUAL_INSTALMENT',
    startDate: '2026-01-15',
  };

  it.each<[string, Partial<ScheduleRequest>, string, string]>([
    ['zero principal', { principal: Money.zero() }, 'INVALID_SCHEDULE_REQUEST', 'principal'],
    [
      'negative principal',
      { principal: Money.ofFen(-1n) },
      'INVALID_SCHEDULE_REQUEST',
      'principal',
    ],
    ['rate of 100 %', { annualRate: '1' }, 'INVALID_RATE', 'annualRate'],
    ['rate above 100 %', { annualRate: '1.5' }, 'INVALID_RATE', 'annualRate'],
    ['negative rate', { annualRate: '-0.01' }, 'INVALID_RATE', 'annualRate'],
    ['rate as a percentage', { annualRate: '3.45%' }, 'INVALID_RATE', 'annualRate'],
    ['rate in exponent notation', { annualRate: '3.45e-2' }, 'INVALID_RATE', 'annualRate'],
    ['zero term', { termMonths: 0 }, 'INVALID_SCHEDULE_REQUEST', 'termMonths'],
    ['term over 30 years', { termMonths: 361 }, 'INVALID_SCHEDULE_REQUEST', 'termMonths'],
    ['fractional term', { termMonths: 1.5 }, 'INVALID_SCHEDULE_REQUEST', 'termMonths'],
    [
      'frequency not dividing the term',
      { paymentFrequencyMonths: 5 },
      'INVALID_SCHEDULE_REQUEST',
      'paymentFrequencyMonths',
    ],
    [
      'zero frequency',
      { paymentFrequencyMonths: 0 },
      'INVALID_SCHEDULE_REQUEST',
      'paymentFrequencyMonths',
    ],
    [
      'unknown method',
      { method: 'BALLOON' as ScheduleRequest['method'] },
      'INVALID_SCHEDULE_REQUEST',
      'method',
    ],
    ['29 February 2026', { startDate: '2026-02-29' }, 'INVALID_SCHEDULE_REQUEST', 'startDate'],
    [
      'start given as an instant',
      { startDate: '2026-01-15T00:00:00Z' },
      'INVALID_SCHEDULE_REQUEST',
      'startDate',
    ],
  ])('rejects %s', (_label, patch, code, field) => {
    expect(() => buildSchedule({ ...base, ...patch })).toThrow(
      expect.objectContaining({ code, details: expect.objectContaining({ field }) }),
    );
  });

  it('accepts the boundaries: rate 0, rate 0.999999, term 1 and 360', () => {
    expect(buildSchedule({ ...base, annualRate: '0' }).totalInterest.isZero()).toBe(true);
    expect(buildSchedule({ ...base, annualRate: '0.999999' }).instalments).toHaveLength(12);
    expect(buildSchedule({ ...base, termMonths: 1 }).instalments).toHaveLength(1);
    expect(buildSchedule({ ...base, termMonths: 360 }).instalments).toHaveLength(360);
  });
});

describe('accruedInterest', () => {
  it.each([
    // 1,000,000 × 0.0345 × 31 / 360 = 2,970.8333… → 2,970.83
    ['1000000.00', '0.0345', '2026-01-15', '2026-02-15', '2970.83'],
    // leap February: 29 days, 1,000,000 × 0.036 × 29 / 360 = 2,900.00
    ['1000000.00', '0.036', '2028-02-01', '2028-03-01', '2900.00'],
    // exactly half a fen: 100.00 × 0.018 × 1 / 360 = 0.005 yuan → 0.01
    ['100.00', '0.018', '2026-01-01', '2026-01-02', '0.01'],
    // just under half a fen rounds down: 100.00 × 0.0179 / 360 = 0.00497…
    ['100.00', '0.0179', '2026-01-01', '2026-01-02', '0.00'],
    // same day: no interest
    ['1000000.00', '0.0345', '2026-01-15', '2026-01-15', '0.00'],
    // penalty rates may exceed 100 % a year (no upper bound here)
    ['1000.00', '1.5', '2026-01-01', '2026-01-11', '41.67'],
  ])('%s at %s from %s to %s = %s', (amount, rate, from, to, expected) => {
    expect(accruedInterest(yuan(amount), rate, from, to).toYuan()).toBe(expected);
  });

  it.each<[string, () => Money, string, string]>([
    [
      'toDate before fromDate',
      () => accruedInterest(yuan('1'), '0.03', '2026-02-01', '2026-01-31'),
      'INVALID_DATE',
      'toDate',
    ],
    [
      'invalid fromDate',
      () => accruedInterest(yuan('1'), '0.03', '2026-02-30', '2026-03-01'),
      'INVALID_DATE',
      'fromDate',
    ],
    [
      'negative rate',
      () => accruedInterest(yuan('1'), '-0.03', '2026-01-01', '2026-03-01'),
      'INVALID_RATE',
      'annualRate',
    ],
    [
      'negative outstanding',
      () => accruedInterest(Money.ofFen(-1n), '0.03', '2026-01-01', '2026-03-01'),
      'INVALID_AMOUNT',
      'outstanding',
    ],
  ])('rejects %s', (_label, run, code, field) => {
    expect(run).toThrow(
      expect.objectContaining({ code, details: expect.objectContaining({ field }) }),
    );
  });
});

import { DomainError } from './errors';
import {
  earlySettlement,
  positionOf,
  type RepaymentRecord,
  type ScheduleRow,
} from './loan-account';
import { Money, yuan } from './money';
import { buildSchedule, type Instalment } from './schedule';

const toRow = (i: Instalment): ScheduleRow => ({
  seq: i.seq,
  periodStart: i.periodStart,
  dueDate: i.dueDate,
  principal: i.principal.toYuan(),
  interest: i.interest.toYuan(),
});

const pay = (valueDate: string, amount: string, reference = `R-${valueDate}`): RepaymentRecord => ({
  reference,
  valueDate,
  amount,
});

/** Calls `fn` and returns what it threw; fails the test if it did not throw. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/**
 * 120,000.00 yuan, EQUAL_PRINCIPAL, 3 months at 3.6 % from 2026-01-15. Chosen so that the
 * daily interest is a round 0.0001 × outstanding (0.036 / 360), which keeps every hand
 * calculation below exact:
 *   I1 2026-01-15 → 02-15, 31 days: 120,000 × 0.0001 × 31 = 372.00  → total 40,372.00
 *   I2 2026-02-15 → 03-15, 28 days:  80,000 × 0.0001 × 28 = 224.00  → total 40,224.00
 *   I3 2026-03-15 → 04-15, 31 days:  40,000 × 0.0001 × 31 = 124.00  → total 40,124.00
 *   everything scheduled: 120,720.00
 */
const RATE = '0.036';
const SCHEDULE: readonly ScheduleRow[] = [
  {
    seq: 1,
    periodStart: '2026-01-15',
    dueDate: '2026-02-15',
    principal: '40000.00',
    interest: '372.00',
  },
  {
    seq: 2,
    periodStart: '2026-02-15',
    dueDate: '2026-03-15',
    principal: '40000.00',
    interest: '224.00',
  },
  {
    seq: 3,
    periodStart: '2026-03-15',
    dueDate: '2026-04-15',
    principal: '40000.00',
    interest: '124.00',
  },
];
const [I1, I2, I3] = SCHEDULE as [ScheduleRow, ScheduleRow, ScheduleRow];

describe('the 120,000.00 fixture', () => {
  it('is what buildSchedule produces for that loan', () => {
    const { instalments } = buildSchedule({
      principal: yuan('120000.00'),
      annualRate: RATE,
      termMonths: 3,
      method: 'EQUAL_PRINCIPAL',
      startDate: '2026-01-15',
    });
    expect(instalments.map(toRow)).toEqual(SCHEDULE);
  });
});

/** [interestPaid, principalPaid, settledOn] for one instalment. */
type Paid = [string, string, string | null];

interface PositionRow {
  name: string;
  repayments: RepaymentRecord[];
  asOf: string;
  paid: [Paid, Paid, Paid];
  arrears: string;
  daysPastDue: number;
  outstandingPrincipal: string;
  remainingScheduled: string;
  nextDueDate: string | null;
  fullyRepaid: boolean;
}

const UNPAID: Paid = ['0.00', '0.00', null];

describe('positionOf — allocation and arrears on the 120,000.00 loan', () => {
  const rows: PositionRow[] = [
    {
      name: 'nothing paid, before the first due date',
      repayments: [],
      asOf: '2026-02-10',
      paid: [UNPAID, UNPAID, UNPAID],
      arrears: '0.00',
      daysPastDue: 0,
      outstandingPrincipal: '120000.00',
      remainingScheduled: '120720.00',
      nextDueDate: '2026-02-15',
      fullyRepaid: false,
    },
    {
      // edge: due today is in arrears but 0 days past due (dueDate < asOf counts, = does not)
      name: 'nothing paid, first instalment due today',
      repayments: [],
      asOf: '2026-02-15',
      paid: [UNPAID, UNPAID, UNPAID],
      arrears: '40372.00',
      daysPastDue: 0,
      outstandingPrincipal: '120000.00',
      remainingScheduled: '120720.00',
      nextDueDate: '2026-02-15',
      fullyRepaid: false,
    },
    {
      // edge: one day later it is 1 day past due and the next due date moves on
      name: 'nothing paid, the day after the first due date',
      repayments: [],
      asOf: '2026-02-16',
      paid: [UNPAID, UNPAID, UNPAID],
      arrears: '40372.00',
      daysPastDue: 1,
      outstandingPrincipal: '120000.00',
      remainingScheduled: '120720.00',
      nextDueDate: '2026-03-15',
      fullyRepaid: false,
    },
    {
      // days past due run from the OLDEST unpaid due date: 02-15 → 03-20 = 28 + 5 = 33,
      // not from 03-15 (5); arrears 40,372.00 + 40,224.00
      name: 'two instalments missed',
      repayments: [],
      asOf: '2026-03-20',
      paid: [UNPAID, UNPAID, UNPAID],
      arrears: '80596.00',
      daysPastDue: 33,
      outstandingPrincipal: '120000.00',
      remainingScheduled: '120720.00',
      nextDueDate: '2026-04-15',
      fullyRepaid: false,
    },
    {
      // 100.00 < 372.00 of interest: all of it goes to interest, none to principal
      name: 'partial payment smaller than the interest',
      repayments: [pay('2026-02-15', '100.00')],
      asOf: '2026-02-20',
      paid: [['100.00', '0.00', null], UNPAID, UNPAID],
      arrears: '40272.00',
      daysPastDue: 5,
      outstandingPrincipal: '120000.00',
      remainingScheduled: '120620.00',
      nextDueDate: '2026-03-15',
      fullyRepaid: false,
    },
    {
      // 1,000.00 = 372.00 interest + 628.00 principal; still past due since 02-15:
      // 02-15 → 03-01 = 13 + 1 = 14 days (February 2026 has 28 days)
      name: 'partial payment covering the interest and part of the principal',
      repayments: [pay('2026-02-15', '1000.00')],
      asOf: '2026-03-01',
      paid: [['372.00', '628.00', null], UNPAID, UNPAID],
      arrears: '39372.00',
      daysPastDue: 14,
      outstandingPrincipal: '119372.00',
      remainingScheduled: '119720.00',
      nextDueDate: '2026-03-15',
      fullyRepaid: false,
    },
    {
      name: 'late payment in full clears the arrears and the days past due',
      repayments: [pay('2026-02-20', '40372.00')],
      asOf: '2026-02-25',
      paid: [['372.00', '40000.00', '2026-02-20'], UNPAID, UNPAID],
      arrears: '0.00',
      daysPastDue: 0,
      outstandingPrincipal: '80000.00',
      remainingScheduled: '80348.00',
      nextDueDate: '2026-03-15',
      fullyRepaid: false,
    },
    {
      // 40,472.00 = I1 in full + 100.00 that goes to I2's interest before its principal
      name: 'a surplus spills over to the next instalment, interest first',
      repayments: [pay('2026-02-15', '40472.00')],
      asOf: '2026-02-15',
      paid: [['372.00', '40000.00', '2026-02-15'], ['100.00', '0.00', null], UNPAID],
      arrears: '0.00',
      daysPastDue: 0,
      outstandingPrincipal: '80000.00',
      remainingScheduled: '80248.00',
      nextDueDate: '2026-03-15',
      fullyRepaid: false,
    },
    {
      // I2 is settled on 03-01, two weeks before it falls due on 03-15
      name: 'the next instalment paid early',
      repayments: [pay('2026-02-15', '40372.00'), pay('2026-03-01', '40224.00')],
      asOf: '2026-03-01',
      paid: [['372.00', '40000.00', '2026-02-15'], ['224.00', '40000.00', '2026-03-01'], UNPAID],
      arrears: '0.00',
      daysPastDue: 0,
      outstandingPrincipal: '40000.00',
      remainingScheduled: '40124.00',
      nextDueDate: '2026-04-15',
      fullyRepaid: false,
    },
    {
      // edge: I3 is paid in two parts; settledOn is the date of the part that completes it
      // (04-20), not of the first part (04-10) nor the due date (04-15)
      name: 'fully repaid, last instalment completed by a second payment',
      repayments: [
        pay('2026-02-15', '40372.00'),
        pay('2026-03-15', '40224.00'),
        pay('2026-04-10', '30000.00'),
        pay('2026-04-20', '10124.00'),
      ],
      asOf: '2026-04-30',
      paid: [
        ['372.00', '40000.00', '2026-02-15'],
        ['224.00', '40000.00', '2026-03-15'],
        ['124.00', '40000.00', '2026-04-20'],
      ],
      arrears: '0.00',
      daysPastDue: 0,
      outstandingPrincipal: '0.00',
      remainingScheduled: '0.00',
      nextDueDate: null,
      fullyRepaid: true,
    },
    {
      // edge: exactly everything scheduled is not an overpayment
      name: 'one payment of exactly everything scheduled settles every instalment',
      repayments: [pay('2026-02-01', '120720.00')],
      asOf: '2026-02-01',
      paid: [
        ['372.00', '40000.00', '2026-02-01'],
        ['224.00', '40000.00', '2026-02-01'],
        ['124.00', '40000.00', '2026-02-01'],
      ],
      arrears: '0.00',
      daysPastDue: 0,
      outstandingPrincipal: '0.00',
      remainingScheduled: '0.00',
      nextDueDate: null,
      fullyRepaid: true,
    },
    {
      // edge: past maturity there is no next due date; 04-15 → 04-25 = 10 days
      name: 'after maturity with the last instalment unpaid',
      repayments: [pay('2026-02-15', '40372.00'), pay('2026-03-15', '40224.00')],
      asOf: '2026-04-25',
      paid: [['372.00', '40000.00', '2026-02-15'], ['224.00', '40000.00', '2026-03-15'], UNPAID],
      arrears: '40124.00',
      daysPastDue: 10,
      outstandingPrincipal: '40000.00',
      remainingScheduled: '40124.00',
      nextDueDate: null,
      fullyRepaid: false,
    },
  ];

  it.each(rows)('$name', (r) => {
    const position = positionOf(SCHEDULE, r.repayments, r.asOf);
    expect(
      position.instalments.map((i): Paid => [i.interestPaid, i.principalPaid, i.settledOn]),
    ).toEqual(r.paid);
    expect({
      arrears: position.arrears,
      daysPastDue: position.daysPastDue,
      outstandingPrincipal: position.outstandingPrincipal,
      remainingScheduled: position.remainingScheduled,
      nextDueDate: position.nextDueDate,
      fullyRepaid: position.fullyRepaid,
    }).toEqual({
      arrears: r.arrears,
      daysPastDue: r.daysPastDue,
      outstandingPrincipal: r.outstandingPrincipal,
      remainingScheduled: r.remainingScheduled,
      nextDueDate: r.nextDueDate,
      fullyRepaid: r.fullyRepaid,
    });
  });

  it.each(rows)('keeps the scheduled amounts and conserves money: $name', (r) => {
    const position = positionOf(SCHEDULE, r.repayments, r.asOf);
    expect(
      position.instalments.map((i) => [i.seq, i.dueDate, i.principalDue, i.interestDue]),
    ).toEqual(SCHEDULE.map((s) => [s.seq, s.dueDate, s.principal, s.interest]));
    // everything paid + everything remaining = everything scheduled
    const paid = Money.sum(r.repayments.map((p) => yuan(p.amount)));
    expect(paid.plus(yuan(position.remainingScheduled)).toYuan()).toBe('120720.00');
  });
});

describe('positionOf — payments are applied in value-date order, not array order', () => {
  const a = pay('2026-02-14', '40372.00', 'A');
  const b = pay('2026-03-01', '40224.00', 'B');
  const c = pay('2026-03-20', '20000.00', 'C');

  it('dates each settlement by the payment that completed it in value-date order', () => {
    // In array order B (40,224.00) would go first and leave I1 148.00 short, so A
    // (148.00 + 40,224.00) would complete both I1 and I2 on 02-14. In value-date order A
    // settles I1 on 02-14 and B settles I2 on 03-01.
    const position = positionOf(SCHEDULE, [b, a], '2026-03-01');
    expect(position.instalments.map((i) => i.settledOn)).toEqual([
      '2026-02-14',
      '2026-03-01',
      null,
    ]);
  });

  // all 6 orderings of three payments give one and the same position
  const permutations: RepaymentRecord[][] = [
    [a, b, c],
    [a, c, b],
    [b, a, c],
    [b, c, a],
    [c, a, b],
    [c, b, a],
  ];
  it.each(permutations.map((p) => [p.map((x) => x.reference).join(''), p] as const))(
    'order %s',
    (_label, repayments) => {
      const position = positionOf(SCHEDULE, repayments, '2026-03-25');
      expect(position).toEqual(positionOf(SCHEDULE, [a, b, c], '2026-03-25'));
      // C (20,000.00) goes to I3: 124.00 interest then 19,876.00 principal
      expect(position.instalments[2]).toMatchObject({
        interestPaid: '124.00',
        principalPaid: '19876.00',
        settledOn: null,
      });
      expect(position.instalments.map((i) => i.settledOn)).toEqual([
        '2026-02-14',
        '2026-03-01',
        null,
      ]);
    },
  );
});

describe('positionOf — OVERPAYMENT', () => {
  it.each([
    {
      // edge: one fen more than everything scheduled
      name: 'a single payment one fen over',
      repayments: [pay('2026-02-01', '120720.01', 'R1')],
      reference: 'R1',
      excess: '0.01',
    },
    {
      name: 'the payment that tips the total over is named',
      repayments: [pay('2026-02-01', '120000.00', 'R1'), pay('2026-03-01', '1000.00', 'R2')],
      reference: 'R2',
      excess: '280.00',
    },
    {
      // in array order R2 would be applied first and R1 blamed; by value date R1 comes first
      name: 'blame follows value-date order, not array order',
      repayments: [pay('2026-03-01', '1000.00', 'R2'), pay('2026-02-01', '120000.00', 'R1')],
      reference: 'R2',
      excess: '280.00',
    },
  ])('$name', ({ repayments, reference, excess }) => {
    const err = thrownBy(() => positionOf(SCHEDULE, repayments, '2026-03-01'));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'OVERPAYMENT', details: { reference, excess } });
  });
});

interface SettlementRow {
  name: string;
  repayments: RepaymentRecord[];
  asOf: string;
  schedule: ScheduleRow[];
  payoff: string;
}

describe('earlySettlement — the 120,000.00 loan (daily interest = 0.0001 × outstanding)', () => {
  const rows: SettlementRow[] = [
    {
      // 01-15 → 01-25 = 10 days × 12.00 = 120.00; I2 and I3 dropped
      name: 'in the first period, nothing paid',
      repayments: [],
      asOf: '2026-01-25',
      schedule: [
        {
          seq: 1,
          periodStart: '2026-01-15',
          dueDate: '2026-01-25',
          principal: '120000.00',
          interest: '120.00',
        },
      ],
      payoff: '120120.00',
    },
    {
      // outstanding 80,000.00 + 02-15 → 03-01 = 14 days × 8.00 = 112.00; I3 dropped
      name: 'in the second period, I1 paid',
      repayments: [pay('2026-02-15', '40372.00')],
      asOf: '2026-03-01',
      schedule: [
        I1,
        {
          seq: 2,
          periodStart: '2026-02-15',
          dueDate: '2026-03-01',
          principal: '80000.00',
          interest: '112.00',
        },
      ],
      payoff: '80112.00',
    },
    {
      // I1 is already due and unpaid: kept exactly as scheduled; interest for the current
      // period accrues only on the 80,000.00 not yet due. 40,372.00 + 80,112.00
      name: 'in the second period, I1 still unpaid',
      repayments: [],
      asOf: '2026-03-01',
      schedule: [
        I1,
        {
          seq: 2,
          periodStart: '2026-02-15',
          dueDate: '2026-03-01',
          principal: '80000.00',
          interest: '112.00',
        },
      ],
      payoff: '120484.00',
    },
    {
      // edge: asOf on a due date — I2 falls due that day, so it is kept (unpaid) and the
      // re-cut instalment is I3 with 0 days of interest. 40,224.00 + 40,000.00
      name: 'on the second due date, I1 paid, I2 not',
      repayments: [pay('2026-02-15', '40372.00')],
      asOf: '2026-03-15',
      schedule: [
        I1,
        I2,
        {
          seq: 3,
          periodStart: '2026-03-15',
          dueDate: '2026-03-15',
          principal: '40000.00',
          interest: '0.00',
        },
      ],
      payoff: '80224.00',
    },
    {
      // 03-15 → 03-16 = 1 day × 4.00
      name: 'a day into the last period, I1 and I2 paid',
      repayments: [pay('2026-02-15', '40372.00'), pay('2026-03-15', '40224.00')],
      asOf: '2026-03-16',
      schedule: [
        I1,
        I2,
        {
          seq: 3,
          periodStart: '2026-03-15',
          dueDate: '2026-03-16',
          principal: '40000.00',
          interest: '4.00',
        },
      ],
      payoff: '40004.00',
    },
    {
      // Prepayment into the current instalment: the extra 10,000.00 had paid 224.00 of I2's
      // interest and 9,776.00 of principal, so the principal in use is
      // 120,000.00 − (40,000.00 + 9,776.00) = 70,224.00 → 14 days × 7.0224 = 98.3136 → 98.31.
      // The re-cut I2 owes 80,000.00 + 98.31, of which 10,000.00 is already paid:
      // payoff 70,098.31. (Not outstanding 70,224.00 + 98.31: I2's full-period interest of
      // 224.00 is replaced by the accrued 98.31, so the extra payment counts towards principal.)
      name: 'in the second period after a part-prepayment of I2',
      repayments: [pay('2026-02-15', '40372.00'), pay('2026-02-20', '10000.00')],
      asOf: '2026-03-01',
      schedule: [
        I1,
        {
          seq: 2,
          periodStart: '2026-02-15',
          dueDate: '2026-03-01',
          principal: '80000.00',
          interest: '98.31',
        },
      ],
      payoff: '70098.31',
    },
    {
      // edge: settling on the maturity date itself — nothing left to re-cut
      name: 'on the maturity date, I3 unpaid',
      repayments: [pay('2026-02-15', '40372.00'), pay('2026-03-15', '40224.00')],
      asOf: '2026-04-15',
      schedule: [I1, I2, I3],
      payoff: '40124.00',
    },
    {
      name: 'after maturity, nothing paid: the remaining schedule',
      repayments: [],
      asOf: '2026-05-01',
      schedule: [I1, I2, I3],
      payoff: '120720.00',
    },
  ];

  it.each(rows)('$name', (r) => {
    const result = earlySettlement(SCHEDULE, r.repayments, RATE, r.asOf);
    expect(result.schedule).toEqual(r.schedule);
    expect(result.payoff).toBe(r.payoff);
  });

  it.each(rows)(
    'repays all the principal, and the payoff clears the revised schedule: $name',
    (r) => {
      const result = earlySettlement(SCHEDULE, r.repayments, RATE, r.asOf);
      expect(Money.sum(result.schedule.map((s) => yuan(s.principal))).toYuan()).toBe('120000.00');
      const settled = positionOf(
        result.schedule,
        [...r.repayments, pay(r.asOf, result.payoff, 'PAYOFF')],
        r.asOf,
      );
      expect(settled.fullyRepaid).toBe(true);
    },
  );

  it('leaves its input untouched', () => {
    const copy = structuredClone(SCHEDULE);
    earlySettlement(SCHEDULE, [], RATE, '2026-03-01');
    expect(SCHEDULE).toEqual(copy);
  });
});

describe('earlySettlement — 1,000,000.00 yuan, EQUAL_INSTALMENT, 12 months at 3.45 %', () => {
  const schedule = buildSchedule({
    principal: yuan('1000000.00'),
    annualRate: '0.0345',
    termMonths: 12,
    method: 'EQUAL_INSTALMENT',
    startDate: '2026-01-15',
  }).instalments.map(toRow);
  // I1 (see schedule.spec.ts): 82,023.82 principal + 2,875.00 interest, due 2026-02-15.
  const paidI1 = [pay('2026-02-15', '84898.82')];
  const outstanding = '917976.18'; // 1,000,000.00 − 82,023.82

  /** round half up (outstanding × 0.0345 × days / 360) in fen, worked independently. */
  const accruedFen = (outstandingFen: bigint, days: bigint): bigint =>
    (2n * outstandingFen * 345n * days + 3_600_000n) / 7_200_000n;

  it.each([
    // edge: on I1's due date the current period (I2) has just begun: 0 days, 0.00
    { asOf: '2026-02-15', days: 0, interest: '0.00', payoff: '917976.18' },
    // 91,797,618 fen × 0.0345 × 14 / 360 = 123,161.804… fen → 1,231.62
    { asOf: '2026-03-01', days: 14, interest: '1231.62', payoff: '919207.80' },
    // × 17 / 360 = 149,553.619… fen → 1,495.54 (02-15 → 03-04 across a 28-day February)
    { asOf: '2026-03-04', days: 17, interest: '1495.54', payoff: '919471.72' },
    // × 27 / 360 = 237,526.336… fen → 2,375.26 (the day before I2 falls due)
    { asOf: '2026-03-14', days: 27, interest: '2375.26', payoff: '920351.44' },
  ])(
    'settling on $asOf: $days days of interest on 917,976.18',
    ({ asOf, days, interest, payoff }) => {
      expect(accruedFen(yuan(outstanding).fen, BigInt(days))).toBe(yuan(interest).fen);
      const result = earlySettlement(schedule, paidI1, '0.0345', asOf);
      expect(result.schedule).toEqual([
        schedule[0],
        { seq: 2, periodStart: '2026-02-15', dueDate: asOf, principal: outstanding, interest },
      ]);
      expect(result.payoff).toBe(payoff);
    },
  );
});

describe('earlySettlement — accrued interest rounds half up to the fen', () => {
  // 100.00 yuan at 1.8 %: 10,000 fen × 0.018 / 360 = 0.5 fen a day.
  const tiny: ScheduleRow[] = [
    // scheduled interest: 31 days × 0.5 = 15.5 fen → 16 fen
    {
      seq: 1,
      periodStart: '2026-01-01',
      dueDate: '2026-02-01',
      principal: '100.00',
      interest: '0.16',
    },
  ];
  it.each([
    { asOf: '2026-01-02', interest: '0.01' }, // edge: 0.5 fen → 1 (half up, not half even → 0)
    { asOf: '2026-01-03', interest: '0.01' }, // 1.0 fen exactly
    { asOf: '2026-01-04', interest: '0.02' }, // 1.5 fen → 2
    { asOf: '2026-01-06', interest: '0.03' }, // edge: 2.5 fen → 3 (half even would give 2)
  ])('settling on $asOf charges $interest', ({ asOf, interest }) => {
    const result = earlySettlement(tiny, [], '0.018', asOf);
    expect(result.schedule).toEqual([
      { seq: 1, periodStart: '2026-01-01', dueDate: asOf, principal: '100.00', interest },
    ]);
    expect(result.payoff).toBe(yuan('100.00').plus(yuan(interest)).toYuan());
  });
});

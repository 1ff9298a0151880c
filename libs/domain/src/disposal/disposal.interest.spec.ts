import { DomainError } from '../errors';
import type { RepaymentRecord, ScheduleRow } from '../loan-account';
import { Money } from '../money';
import { buildSchedule, type RepaymentMethod } from '../schedule';
import {
  parsePenaltyTerms,
  penaltyRateOf,
  settlementInterest,
  settlementInterestInYuan,
  type InterestLineKind,
} from './disposal.interest';

/** A 12-month loan disbursed on 2026-01-15 at 3.6 % (100.00 a day per 1,000,000.00, actual/360). */
function scheduleOf(method: RepaymentMethod, principal: string): ScheduleRow[] {
  return buildSchedule({
    principal: Money.ofYuan(principal),
    annualRate: '0.036',
    termMonths: 12,
    method,
    startDate: '2026-01-15',
  }).instalments.map((i) => ({
    seq: i.seq,
    periodStart: i.periodStart,
    dueDate: i.dueDate,
    principal: i.principal.toYuan(),
    interest: i.interest.toYuan(),
  }));
}

// Interest only, 1,000,000.00: 3,100.00 (31 days), 2,800.00 (28), 3,100.00 (31), 3,000.00 (30)…
const INTEREST_ONLY = scheduleOf('INTEREST_ONLY', '1000000.00');
// Equal principal, 1,200,000.00: 100,000.00 a month; interest on the outstanding, actual/360:
// #1 1,200,000 × 0.0001 × 31 = 3,720.00, #2 1,100,000 × 28 = 3,080.00,
// #3 1,000,000 × 31 = 3,100.00, #4 900,000 × 30 = 2,700.00.
const EQUAL_PRINCIPAL = scheduleOf('EQUAL_PRINCIPAL', '1200000.00');

type Line = [InterestLineKind, number | null, string, string, string, string, number, string];
const pay = (valueDate: string, amount: string): RepaymentRecord => ({
  reference: `R-${valueDate}`,
  valueDate,
  amount,
});

describe('settlementInterest', () => {
  it.each<
    [string, ScheduleRow[], RepaymentRecord[], string, Line[], [string, string, string, string]]
  >([
    [
      // Four instalments due and unpaid (12,000.00); contract interest since the last due date
      // 2026-05-15 on the whole principal (not due until 2027-01-15): 14 days × 100.00; no
      // principal is overdue, so no penalty.
      'interest only, settled 14 days after the fourth due date',
      INTEREST_ONLY,
      [],
      '2026-05-29',
      [
        ['SCHEDULED', 1, '1000000.00', '0.036', '2026-01-15', '2026-02-15', 31, '3100.00'],
        ['SCHEDULED', 2, '1000000.00', '0.036', '2026-02-15', '2026-03-15', 28, '2800.00'],
        ['SCHEDULED', 3, '1000000.00', '0.036', '2026-03-15', '2026-04-15', 31, '3100.00'],
        ['SCHEDULED', 4, '1000000.00', '0.036', '2026-04-15', '2026-05-15', 30, '3000.00'],
        ['CONTRACT', null, '1000000.00', '0.036', '2026-05-15', '2026-05-29', 14, '1400.00'],
      ],
      ['12000.00', '1400.00', '0.00', '13400.00'],
    ],
    [
      // Contract: 800,000 not yet due × 0.0001 × 14 = 1,120.00. Penalty at 0.054 (0.00015 a day)
      // on each overdue 100,000.00 from its due date: 103 days = 1,545.00, 75 = 1,125.00,
      // 44 = 660.00, 14 = 210.00.
      'equal principal, four instalments overdue',
      EQUAL_PRINCIPAL,
      [],
      '2026-05-29',
      [
        ['SCHEDULED', 1, '1200000.00', '0.036', '2026-01-15', '2026-02-15', 31, '3720.00'],
        ['SCHEDULED', 2, '1100000.00', '0.036', '2026-02-15', '2026-03-15', 28, '3080.00'],
        ['SCHEDULED', 3, '1000000.00', '0.036', '2026-03-15', '2026-04-15', 31, '3100.00'],
        ['SCHEDULED', 4, '900000.00', '0.036', '2026-04-15', '2026-05-15', 30, '2700.00'],
        ['CONTRACT', null, '800000.00', '0.036', '2026-05-15', '2026-05-29', 14, '1120.00'],
        ['PENALTY', 1, '100000.00', '0.054', '2026-02-15', '2026-05-29', 103, '1545.00'],
        ['PENALTY', 2, '100000.00', '0.054', '2026-03-15', '2026-05-29', 75, '1125.00'],
        ['PENALTY', 3, '100000.00', '0.054', '2026-04-15', '2026-05-29', 44, '660.00'],
        ['PENALTY', 4, '100000.00', '0.054', '2026-05-15', '2026-05-29', 14, '210.00'],
      ],
      ['12600.00', '1120.00', '3540.00', '17260.00'],
    ],
    [
      // 50,000.00 on 2026-03-01 pays #1's interest 3,720.00 and 46,280.00 of its principal:
      // #1's penalty runs on 100,000.00 for 14 days (210.00), then on 53,720.00 for 89 days:
      // 53,720 × 0.00015 × 89 = 717.162 → 717.16. #2 fell due after the payment: one piece.
      'a late partial repayment splits the penalty',
      EQUAL_PRINCIPAL,
      [pay('2026-03-01', '50000.00')],
      '2026-05-29',
      [
        ['SCHEDULED', 2, '1100000.00', '0.036', '2026-02-15', '2026-03-15', 28, '3080.00'],
        ['SCHEDULED', 3, '1000000.00', '0.036', '2026-03-15', '2026-04-15', 31, '3100.00'],
        ['SCHEDULED', 4, '900000.00', '0.036', '2026-04-15', '2026-05-15', 30, '2700.00'],
        ['CONTRACT', null, '800000.00', '0.036', '2026-05-15', '2026-05-29', 14, '1120.00'],
        ['PENALTY', 1, '100000.00', '0.054', '2026-02-15', '2026-03-01', 14, '210.00'],
        ['PENALTY', 1, '53720.00', '0.054', '2026-03-01', '2026-05-29', 89, '717.16'],
        ['PENALTY', 2, '100000.00', '0.054', '2026-03-15', '2026-05-29', 75, '1125.00'],
        ['PENALTY', 3, '100000.00', '0.054', '2026-04-15', '2026-05-29', 44, '660.00'],
        ['PENALTY', 4, '100000.00', '0.054', '2026-05-15', '2026-05-29', 14, '210.00'],
      ],
      ['8880.00', '1120.00', '2922.16', '12922.16'],
    ],
    [
      // Before the first due date: only contract interest, from disbursement, 17 days × 100.00.
      'settled before any instalment fell due',
      INTEREST_ONLY,
      [],
      '2026-02-01',
      [['CONTRACT', null, '1000000.00', '0.036', '2026-01-15', '2026-02-01', 17, '1700.00']],
      ['0.00', '1700.00', '0.00', '1700.00'],
    ],
    [
      // An instalment due on the settlement date is scheduled interest, with no penalty day
      // and no contract day after it.
      'settled on a due date',
      INTEREST_ONLY,
      [],
      '2026-02-15',
      [['SCHEDULED', 1, '1000000.00', '0.036', '2026-01-15', '2026-02-15', 31, '3100.00']],
      ['3100.00', '0.00', '0.00', '3100.00'],
    ],
  ])('%s', (_label, schedule, repayments, asOf, lines, totals) => {
    const result = settlementInterest({
      schedule,
      repayments,
      annualRate: '0.036',
      penaltyRate: '0.054',
      asOf,
    });
    const y = settlementInterestInYuan(result);
    expect(
      y.lines.map((l) => [
        l.kind,
        l.seq,
        l.principalBase,
        l.annualRate,
        l.from,
        l.to,
        l.days,
        l.amount,
      ]),
    ).toEqual(lines);
    expect([y.scheduled, y.contract, y.penalty, y.total]).toEqual(totals);
    for (const l of y.lines) {
      expect(Money.ofYuan(l.gross).minus(Money.ofYuan(l.paid)).toYuan()).toBe(l.amount);
    }
  });

  it('after maturity: every instalment due, no principal left to accrue contract interest on', () => {
    // Settled 2027-01-25, ten days after maturity: the whole 1,000,000.00 is overdue from
    // 2027-01-15: 1,000,000 × 0.054 × 10 / 360 = 1,500.00; twelve scheduled lines; no contract line.
    const result = settlementInterest({
      schedule: INTEREST_ONLY,
      repayments: [],
      annualRate: '0.036',
      penaltyRate: '0.054',
      asOf: '2027-01-25',
    });
    expect(result.lines.filter((l) => l.kind === 'SCHEDULED')).toHaveLength(12);
    expect(result.lines.filter((l) => l.kind === 'CONTRACT')).toEqual([]);
    expect(
      result.lines.filter((l) => l.kind === 'PENALTY').map((l) => [l.days, l.amount.toYuan()]),
    ).toEqual([[10, '1500.00']]);
    expect(result.scheduled.toYuan()).toBe(
      Money.sum(INTEREST_ONLY.map((r) => Money.ofYuan(r.interest))).toYuan(),
    );
  });

  it('deducts interest already paid of the next instalment from the contract accrual', () => {
    // 3,300.00 on 2026-02-15: #1's 3,100.00 and 200.00 of #2's interest. Settled 2026-02-20:
    // contract 5 days × 100.00 = 500.00, less the 200.00 paid = 300.00.
    const result = settlementInterestInYuan(
      settlementInterest({
        schedule: INTEREST_ONLY,
        repayments: [pay('2026-02-15', '3300.00')],
        annualRate: '0.036',
        penaltyRate: '0.054',
        asOf: '2026-02-20',
      }),
    );
    expect(result.lines).toEqual([
      {
        kind: 'CONTRACT',
        seq: null,
        principalBase: '1000000.00',
        annualRate: '0.036',
        from: '2026-02-15',
        to: '2026-02-20',
        days: 5,
        gross: '500.00',
        paid: '200.00',
        amount: '300.00',
      },
    ]);
    expect(result.total).toBe('300.00');
  });
});

describe('penaltyRateOf', () => {
  it.each([
    ['0.036', { multiplier: '1.5', rate: null }, '0.054'],
    // 0.0345 × 1.3 = 0.04485, exact with 4 + 1 digits
    ['0.0345', { multiplier: '1.3', rate: null }, '0.04485'],
    // trailing zeros dropped: 0.04 × 1.5 = 0.060 → "0.06"; 0.05 × 2 = "0.1"
    ['0.04', { multiplier: '1.5', rate: null }, '0.06'],
    ['0.05', { multiplier: '2', rate: null }, '0.1'],
    ['0.036', { multiplier: '1', rate: null }, '0.036'],
    // an explicit rate wins over the multiplier
    ['0.036', { multiplier: '1.5', rate: '0.07' }, '0.07'],
  ])('%s with %j is %s', (contract, terms, expected) => {
    expect(penaltyRateOf(contract, terms)).toBe(expected);
  });
});

describe('parsePenaltyTerms', () => {
  it('defaults to 1.5 × the contract rate', () => {
    expect(parsePenaltyTerms({})).toEqual({ multiplier: '1.5', rate: null });
    expect(parsePenaltyTerms({ penaltyRateMultiplier: '1.3', penaltyRate: '0.05' })).toEqual({
      multiplier: '1.3',
      rate: '0.05',
    });
  });

  it.each([
    ['penaltyRateMultiplier', { penaltyRateMultiplier: '0.9' }], // below the contract rate
    ['penaltyRateMultiplier', { penaltyRateMultiplier: 1.5 }], // a number, not decimal text
    ['penaltyRateMultiplier', { penaltyRateMultiplier: 'x' }],
    ['penaltyRate', { penaltyRate: '1.2' }], // 120 % a year
    ['penaltyRate', { penaltyRate: '-0.01' }],
  ])('refuses a bad %s (%j)', (field, raw) => {
    let thrown: unknown;
    try {
      parsePenaltyTerms(raw);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'INVALID_PENALTY_TERMS', details: { field } });
  });
});

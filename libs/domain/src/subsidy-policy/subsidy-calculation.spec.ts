import { parseDecimal, type Fraction } from '../decimal';
import { DomainError } from '../errors';
import { Money, yuan } from '../money';
import {
  capRemaining,
  computeInsuranceSubsidy,
  computeInterestSubsidy,
  periodsOverlap,
  type InterestSubsidyInput,
} from './subsidy-calculation';

const f = (text: string): Fraction => parseDecimal(text);

/** A one-month period of a 1,000,000.00 loan at 3.45 % (interest 2,875.00), LPR 3.00 %, no caps. */
const BASE_INPUT: InterestSubsidyInput = {
  interestPaid: yuan('2875.00'),
  outstandingPrincipal: yuan('1000000.00'),
  periodStart: '2026-01-15',
  periodEnd: '2026-02-15',
  lpr: f('0.0300'),
  lprMultiple: f('1'),
  lprCap: false,
  ipShare: f('1'),
  ratio: f('0.5'),
  capRemaining: null,
};

function interest(overrides: Partial<InterestSubsidyInput>) {
  const r = computeInterestSubsidy({ ...BASE_INPUT, ...overrides });
  return {
    days: r.days,
    lprInterest: r.lprInterest.toYuan(),
    base: r.base.toYuan(),
    ipBase: r.ipBase.toYuan(),
    beforeCap: r.beforeCap.toYuan(),
    subsidy: r.subsidy.toYuan(),
    limitedBy: r.limitedBy,
  };
}

function codeAndField(run: () => unknown): { code: string; field: unknown } {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, field: e.details.field };
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('computeInterestSubsidy', () => {
  it.each<[string, Partial<InterestSubsidyInput>, ReturnType<typeof interest>]>([
    [
      // days 2026-01-15 → 2026-02-15 = 31; lprInterest = 1,000,000 × 0.03 × 31 / 360
      // = 930,000 / 360 = 2,583.333… → 2,583.33 (shown, but not a cap here);
      // base = 2,875.00; ipBase = 2,875.00 × 1; 2,875.00 × 0.5 = 1,437.50.
      'ratio only: no LPR cap, whole loan IP-secured',
      {},
      {
        days: 31,
        lprInterest: '2583.33',
        base: '2875.00',
        ipBase: '2875.00',
        beforeCap: '1437.50',
        subsidy: '1437.50',
        limitedBy: null,
      },
    ],
    [
      // base = min(2,875.00, 2,583.33) = 2,583.33; × 0.5 = 1,291.665 → 1,291.67 (half up).
      'LPR cap binding: interest counted at most at 1 × LPR',
      { lprCap: true },
      {
        days: 31,
        lprInterest: '2583.33',
        base: '2583.33',
        ipBase: '2583.33',
        beforeCap: '1291.67',
        subsidy: '1291.67',
        limitedBy: 'LPR',
      },
    ],
    [
      // lprInterest = 1,000,000 × 0.03 × 1.4 × 31 / 360 = 1,302,000 / 360 = 3,616.666… → 3,616.67,
      // above the 2,875.00 paid, so the cap does not bind.
      'LPR cap at 1.4 × LPR not binding',
      { lprCap: true, lprMultiple: f('1.4') },
      {
        days: 31,
        lprInterest: '3616.67',
        base: '2875.00',
        ipBase: '2875.00',
        beforeCap: '1437.50',
        subsidy: '1437.50',
        limitedBy: null,
      },
    ],
    [
      // ipBase = 2,875.00 × 0.35 = 1,006.25; × 0.5 = 503.125 → 503.13.
      'IP share below 100 %: only the IP-secured part is subsidised',
      { ipShare: f('0.35') },
      {
        days: 31,
        lprInterest: '2583.33',
        base: '2875.00',
        ipBase: '1006.25',
        beforeCap: '503.13',
        subsidy: '503.13',
        limitedBy: null,
      },
    ],
    [
      // beforeCap 1,437.50 > 1,000.00 left under the caps.
      'cap binding',
      { capRemaining: yuan('1000.00') },
      {
        days: 31,
        lprInterest: '2583.33',
        base: '2875.00',
        ipBase: '2875.00',
        beforeCap: '1437.50',
        subsidy: '1000.00',
        limitedBy: 'CAP',
      },
    ],
    [
      // LPR binds (1,291.67) but the cap binds harder (1,000.00): CAP is reported.
      'cap and LPR both binding: CAP wins',
      { lprCap: true, capRemaining: yuan('1000.00') },
      {
        days: 31,
        lprInterest: '2583.33',
        base: '2583.33',
        ipBase: '2583.33',
        beforeCap: '1291.67',
        subsidy: '1000.00',
        limitedBy: 'CAP',
      },
    ],
    [
      // Cap exactly equal to beforeCap: it does not cut anything, so it did not bind.
      'cap equal to the subsidy does not bind',
      { capRemaining: yuan('1437.50') },
      {
        days: 31,
        lprInterest: '2583.33',
        base: '2875.00',
        ipBase: '2875.00',
        beforeCap: '1437.50',
        subsidy: '1437.50',
        limitedBy: null,
      },
    ],
    [
      'cap exhausted: nothing left',
      { capRemaining: yuan('0.00') },
      {
        days: 31,
        lprInterest: '2583.33',
        base: '2875.00',
        ipBase: '2875.00',
        beforeCap: '1437.50',
        subsidy: '0.00',
        limitedBy: 'CAP',
      },
    ],
    [
      // 2025-12-15 → 2026-01-15: 17 days in December (15th–31st) + 14 in January = 31.
      // lprInterest = 500,000 × 0.03 × 31 / 360 = 465,000 / 360 = 1,291.666… → 1,291.67 < 1,350.00;
      // × 0.5 = 645.835 → 645.84.
      'period spanning a year end',
      {
        interestPaid: yuan('1350.00'),
        outstandingPrincipal: yuan('500000.00'),
        periodStart: '2025-12-15',
        periodEnd: '2026-01-15',
        lprCap: true,
      },
      {
        days: 31,
        lprInterest: '1291.67',
        base: '1291.67',
        ipBase: '1291.67',
        beforeCap: '645.84',
        subsidy: '645.84',
        limitedBy: 'LPR',
      },
    ],
    [
      // lprInterest = 1,000,002.00 × 0.03 × 30 / 360 = 1,000,002 × 0.0025 = 2,500.005 → 2,500.01:
      // the whole product ends in exactly half a fen and rounds up.
      'half a fen in the LPR interest rounds up',
      {
        interestPaid: yuan('2600.00'),
        outstandingPrincipal: yuan('1000002.00'),
        periodStart: '2026-04-15',
        periodEnd: '2026-05-15',
        lprCap: true,
        ratio: f('1'),
      },
      {
        days: 30,
        lprInterest: '2500.01',
        base: '2500.01',
        ipBase: '2500.01',
        beforeCap: '2500.01',
        subsidy: '2500.01',
        limitedBy: 'LPR',
      },
    ],
    [
      // Each product is rounded as it is formed: 1,000.01 × 0.5 = 500.005 → 500.01, then
      // × 0.5 = 250.005 → 250.01. One rounding of 1,000.01 × 0.25 = 250.0025 would give 250.00.
      'half a fen at each product rounds up, product by product',
      { interestPaid: yuan('1000.01'), ipShare: f('0.5'), ratio: f('0.5') },
      {
        days: 31,
        lprInterest: '2583.33',
        base: '1000.01',
        ipBase: '500.01',
        beforeCap: '250.01',
        subsidy: '250.01',
        limitedBy: null,
      },
    ],
    [
      // Leap February: 2028-02-01 → 2028-03-01 = 29 days; 1,200,000 × 0.0345 × 29 / 360
      // = 1,200,600 / 360 = 3,335.00 exactly.
      'leap-year February counts 29 days',
      {
        interestPaid: yuan('3400.00'),
        outstandingPrincipal: yuan('1200000.00'),
        periodStart: '2028-02-01',
        periodEnd: '2028-03-01',
        lpr: f('0.0345'),
        lprCap: true,
        ratio: f('0.6'),
      },
      {
        // base 3,335.00 × 0.6 = 2,001.00
        days: 29,
        lprInterest: '3335.00',
        base: '3335.00',
        ipBase: '3335.00',
        beforeCap: '2001.00',
        subsidy: '2001.00',
        limitedBy: 'LPR',
      },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(interest(overrides)).toEqual(expected);
  });

  it.each<[string, Partial<InterestSubsidyInput>, string]>([
    ['period end equal to start', { periodEnd: '2026-01-15' }, 'periodEnd'],
    ['period end before start', { periodEnd: '2026-01-14' }, 'periodEnd'],
    ['start not a calendar date', { periodStart: '2026-02-30' }, 'periodStart'],
    [
      'negative interest paid',
      { interestPaid: Money.ofYuan('-1.00', { allowNegative: true }) },
      'interestPaid',
    ],
    [
      'negative outstanding principal',
      { outstandingPrincipal: Money.ofYuan('-0.01', { allowNegative: true }) },
      'outstandingPrincipal',
    ],
    [
      'negative cap remaining',
      { capRemaining: Money.ofYuan('-5.00', { allowNegative: true }) },
      'capRemaining',
    ],
    ['IP share above 1', { ipShare: f('1.2') }, 'ipShare'],
    ['ratio above 1', { ratio: f('1.01') }, 'ratio'],
    ['LPR given in percent', { lpr: f('3.45') }, 'lpr'],
    ['zero LPR multiple', { lprMultiple: f('0') }, 'lprMultiple'],
  ])('refuses %s with INVALID_SUBSIDY_INPUT naming the field', (_name, overrides, field) => {
    expect(codeAndField(() => computeInterestSubsidy({ ...BASE_INPUT, ...overrides }))).toEqual({
      code: 'INVALID_SUBSIDY_INPUT',
      field,
    });
  });

  it('accepts a Money rebuilt elsewhere (duck-typed on fen), as from the workflow sandbox', () => {
    const foreign = { fen: 287500n, toYuan: () => '2875.00' } as unknown as Money;
    expect(computeInterestSubsidy({ ...BASE_INPUT, interestPaid: foreign }).subsidy.toYuan()).toBe(
      '1437.50',
    );
  });
});

describe('computeInsuranceSubsidy', () => {
  it.each<[string, string, string, string, string | null, [string, string, string, 'CAP' | null]]>([
    // 12,000.00 × 0.6 = 7,200.00; × 0.5 = 3,600.00.
    [
      'IP share 60 %, no cap',
      '12000.00',
      '0.6',
      '0.5',
      null,
      ['7200.00', '3600.00', '3600.00', null],
    ],
    // Cap 50,000.00 is far above 3,600.00.
    [
      'cap not binding',
      '12000.00',
      '0.6',
      '0.5',
      '50000.00',
      ['7200.00', '3600.00', '3600.00', null],
    ],
    ['cap binding', '12000.00', '0.6', '0.5', '3000.00', ['7200.00', '3600.00', '3000.00', 'CAP']],
    // 3,333.33 × 0.3 = 999.999 → 1,000.00; × 0.5 = 500.00.
    [
      'share product rounds up',
      '3333.33',
      '0.3',
      '0.5',
      null,
      ['1000.00', '500.00', '500.00', null],
    ],
    // 0.05 × 0.5 = 0.025 → 0.03; × 0.5 = 0.015 → 0.02 (half a fen at each step rounds up).
    [
      'half a fen rounds up at each step',
      '0.05',
      '0.5',
      '0.5',
      null,
      ['0.03', '0.02', '0.02', null],
    ],
  ])('%s', (_name, premium, share, ratio, cap, [ipBase, beforeCap, subsidy, limitedBy]) => {
    const r = computeInsuranceSubsidy({
      premium: yuan(premium),
      ipShare: f(share),
      ratio: f(ratio),
      capRemaining: cap === null ? null : yuan(cap),
    });
    expect([r.ipBase.toYuan(), r.beforeCap.toYuan(), r.subsidy.toYuan(), r.limitedBy]).toEqual([
      ipBase,
      beforeCap,
      subsidy,
      limitedBy,
    ]);
  });

  it('refuses a negative premium and a ratio above 1', () => {
    const input = { premium: yuan('100.00'), ipShare: f('1'), ratio: f('0.5'), capRemaining: null };
    expect(
      codeAndField(() =>
        computeInsuranceSubsidy({
          ...input,
          premium: Money.ofYuan('-1.00', { allowNegative: true }),
        }),
      ),
    ).toEqual({ code: 'INVALID_SUBSIDY_INPUT', field: 'premium' });
    expect(codeAndField(() => computeInsuranceSubsidy({ ...input, ratio: f('2') }))).toEqual({
      code: 'INVALID_SUBSIDY_INPUT',
      field: 'ratio',
    });
  });
});

describe('capRemaining', () => {
  const noCaps = { perLoan: null, perEnterprisePerYear: null, perEnterpriseCumulative: null };
  const used = (loan: string, enterpriseYear: string, enterpriseCumulative: string) => ({
    loan: yuan(loan),
    enterpriseYear: yuan(enterpriseYear),
    enterpriseCumulative: yuan(enterpriseCumulative),
  });

  it.each<
    [
      string,
      typeof noCaps | Record<string, string | null>,
      ReturnType<typeof used>,
      string | null,
      string | null,
    ]
  >([
    ['no caps at all', noCaps, used('90000.00', '90000.00', '90000.00'), null, null],
    // 50,000.00 − 20,000.00 = 30,000.00
    [
      'per loan binding',
      { ...noCaps, perLoan: '50000.00' },
      used('20000.00', '70000.00', '90000.00'),
      '30000.00',
      'PER_LOAN',
    ],
    // loan room 50,000 − 10,000 = 40,000; year room 300,000 − 290,000 = 10,000 → year binds.
    [
      'per enterprise per year binding',
      { ...noCaps, perLoan: '50000.00', perEnterprisePerYear: '300000.00' },
      used('10000.00', '290000.00', '290000.00'),
      '10000.00',
      'PER_ENTERPRISE_YEAR',
    ],
    // cumulative room 200,000.00 − 195,000.50 = 4,999.50, below the loan room 45,000.00.
    [
      'cumulative per enterprise binding',
      {
        perLoan: '50000.00',
        perEnterprisePerYear: '300000.00',
        perEnterpriseCumulative: '200000.00',
      },
      used('5000.00', '5000.00', '195000.50'),
      '4999.50',
      'PER_ENTERPRISE_CUMULATIVE',
    ],
    // Equal room under two caps: the first in the fixed order is named.
    [
      'tie names the per-loan cap',
      { ...noCaps, perLoan: '50000.00', perEnterprisePerYear: '50000.00' },
      used('0.00', '0.00', '0.00'),
      '50000.00',
      'PER_LOAN',
    ],
    // Used 60,000.00 of a 50,000.00 cap (cap lowered later): no room, never negative.
    [
      'overrun cap leaves zero',
      { ...noCaps, perLoan: '50000.00' },
      used('60000.00', '0.00', '0.00'),
      '0.00',
      'PER_LOAN',
    ],
  ])('%s', (_name, caps, usedSoFar, remaining, binding) => {
    const r = capRemaining(caps as typeof noCaps, usedSoFar);
    expect({ remaining: r.remaining?.toYuan() ?? null, binding: r.binding }).toEqual({
      remaining,
      binding,
    });
  });

  it('refuses a cap that is not a yuan amount with INVALID_POLICY', () => {
    expect(
      codeAndField(() => capRemaining({ ...noCaps, perLoan: '5万' }, used('0.00', '0.00', '0.00'))),
    ).toEqual({ code: 'INVALID_POLICY', field: 'caps.perLoan' });
  });
});

describe('periodsOverlap (half-open [start, end))', () => {
  const p = (start: string, end: string) => ({ start, end });
  it.each([
    // Adjacent: the first ends (exclusive) on the day the second starts.
    ['adjacent months', p('2026-01-15', '2026-02-15'), p('2026-02-15', '2026-03-15'), false],
    ['one shared day', p('2026-01-15', '2026-02-15'), p('2026-02-14', '2026-03-15'), true],
    ['identical', p('2026-01-15', '2026-02-15'), p('2026-01-15', '2026-02-15'), true],
    ['one inside the other', p('2026-01-01', '2026-12-31'), p('2026-03-01', '2026-04-01'), true],
    ['disjoint', p('2026-01-01', '2026-02-01'), p('2026-03-01', '2026-04-01'), false],
    ['across a year end', p('2025-12-15', '2026-01-15'), p('2026-01-01', '2026-02-01'), true],
  ])('%s → %s', (_name, a, b, expected) => {
    expect(periodsOverlap(a, b)).toBe(expected);
    expect(periodsOverlap(b, a)).toBe(expected);
  });

  it('refuses an empty period rather than letting it overlap nothing', () => {
    expect(
      codeAndField(() =>
        periodsOverlap(p('2026-01-15', '2026-01-15'), p('2026-01-01', '2026-02-01')),
      ),
    ).toEqual({ code: 'INVALID_SUBSIDY_INPUT', field: 'periodEnd' });
  });
});

import { type Fraction } from './decimal';
import { Money, yuan } from './money';
import {
  lossBase,
  lossShares,
  parseRiskScheme,
  type LossSplit,
  type RiskScheme,
} from './risk-sharing';

/** Calls `fn` and returns what it threw; fails the test if it did not throw. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** Shanghai's deposit model (docs/domain.md): 2 full months, 80 % into a deposit. */
const SHANGHAI = {
  code: 'SH-DEPOSIT-2023',
  name: '上海市中小微企业政策性融资担保基金（存款模式）',
  triggerDaysNonPerforming: 60,
  base: 'PRINCIPAL',
  ipSecuredOnly: true,
  caps: { fundPerClaim: '5000000', insurerPerClaim: null },
  depositRatio: '0.8',
};

const scheme = (overrides: Partial<RiskScheme>): RiskScheme => ({
  ...parseRiskScheme(SHANGHAI),
  ...overrides,
});

describe('parseRiskScheme', () => {
  it('reads the Shanghai deposit model, caps as two-decimal yuan, other properties ignored', () => {
    expect(parseRiskScheme({ ...SHANGHAI, note: 'Nov 2023 notice' })).toEqual({
      ...SHANGHAI,
      caps: { fundPerClaim: '5000000.00', insurerPerClaim: null },
    });
  });

  it('reads an uncapped outright-paying scheme on principal and interest', () => {
    const raw = {
      ...SHANGHAI,
      code: 'ZS_LOSS_FUND',
      triggerDaysNonPerforming: 0, // advance compensation: claimable at once
      base: 'PRINCIPAL_AND_INTEREST',
      ipSecuredOnly: false,
      caps: { fundPerClaim: null, insurerPerClaim: '300000.50' },
      depositRatio: null,
    };
    expect(parseRiskScheme(raw)).toEqual(raw);
  });

  it.each([
    [null, ''],
    [[SHANGHAI], ''],
    [{ ...SHANGHAI, code: '' }, 'code'],
    [{ ...SHANGHAI, code: 'sh deposit' }, 'code'],
    [{ ...SHANGHAI, name: '  ' }, 'name'],
    [{ ...SHANGHAI, name: undefined }, 'name'],
    [{ ...SHANGHAI, triggerDaysNonPerforming: -1 }, 'triggerDaysNonPerforming'],
    [{ ...SHANGHAI, triggerDaysNonPerforming: 60.5 }, 'triggerDaysNonPerforming'],
    [{ ...SHANGHAI, triggerDaysNonPerforming: '60' }, 'triggerDaysNonPerforming'],
    [{ ...SHANGHAI, base: 'INTEREST' }, 'base'],
    [{ ...SHANGHAI, ipSecuredOnly: 'yes' }, 'ipSecuredOnly'],
    [{ ...SHANGHAI, caps: null }, 'caps'],
    [{ ...SHANGHAI, caps: { insurerPerClaim: null } }, 'caps.fundPerClaim'], // missing, not null
    [{ ...SHANGHAI, caps: { fundPerClaim: '0.00', insurerPerClaim: null } }, 'caps.fundPerClaim'],
    [{ ...SHANGHAI, caps: { fundPerClaim: 5000000, insurerPerClaim: null } }, 'caps.fundPerClaim'],
    [
      { ...SHANGHAI, caps: { fundPerClaim: null, insurerPerClaim: '1.005' } },
      'caps.insurerPerClaim',
    ],
    [
      { ...SHANGHAI, caps: { fundPerClaim: null, insurerPerClaim: '-1.00' } },
      'caps.insurerPerClaim',
    ],
    [{ ...SHANGHAI, depositRatio: '0' }, 'depositRatio'],
    [{ ...SHANGHAI, depositRatio: '1.2' }, 'depositRatio'],
    [{ ...SHANGHAI, depositRatio: 0.8 }, 'depositRatio'],
    [{ ...SHANGHAI, depositRatio: undefined }, 'depositRatio'],
  ])('refuses %j naming field %j', (raw, field) => {
    expect(thrownBy(() => parseRiskScheme(raw))).toMatchObject({
      code: 'INVALID_RISK_SCHEME',
      details: { field },
    });
  });
});

describe('lossBase', () => {
  const SIX_TENTHS: Fraction = { num: 3n, den: 5n };
  const HALF: Fraction = { num: 1n, den: 2n };
  const WHOLE: Fraction = { num: 1n, den: 1n };

  it.each([
    // 1,000,000.00 × 0.6 = 600,000.00; the interest does not count
    ['PRINCIPAL', true, '1000000.00', '12345.67', SIX_TENTHS, '600000.00'],
    // (1,000,000.00 + 12,345.67) × 0.6 = 607,407.402 → 607,407.40
    ['PRINCIPAL_AND_INTEREST', true, '1000000.00', '12345.67', SIX_TENTHS, '607407.40'],
    // the whole principal when the scheme does not restrict to the IP-secured share
    ['PRINCIPAL', false, '1000000.00', '12345.67', SIX_TENTHS, '1000000.00'],
    ['PRINCIPAL_AND_INTEREST', false, '1000000.00', '12345.67', SIX_TENTHS, '1012345.67'],
    // 1,000,000.01 × 1/2 = 500,000.005 → half a fen rounds up → 500,000.01
    ['PRINCIPAL', true, '1000000.01', '0.00', HALF, '500000.01'],
    // rounded once on the sum: (0.01 + 0.01) × 1/2 = 0.01, not 0.01 + 0.01 rounded apart
    ['PRINCIPAL_AND_INTEREST', true, '0.01', '0.01', HALF, '0.01'],
    ['PRINCIPAL', true, '800000.00', '0.00', WHOLE, '800000.00'],
    ['PRINCIPAL', true, '0.00', '500.00', SIX_TENTHS, '0.00'],
  ] as const)(
    'base %s, ipSecuredOnly %s: principal %s, interest %s → %s',
    (base, ipSecuredOnly, principal, interest, share, expected) => {
      expect(
        lossBase({
          principalOutstanding: yuan(principal),
          interestOutstanding: yuan(interest),
          ipSecuredShare: share,
          scheme: scheme({ base, ipSecuredOnly }),
        }).toYuan(),
      ).toBe(expected);
    },
  );

  it.each([[{ num: 0n, den: 1n }], [{ num: 6n, den: 5n }], [{ num: -1n, den: 2n }]])(
    'refuses an IP-secured share of %p',
    (share) => {
      expect(
        thrownBy(() =>
          lossBase({
            principalOutstanding: yuan('1000.00'),
            interestOutstanding: yuan('0.00'),
            ipSecuredShare: share,
            scheme: scheme({}),
          }),
        ),
      ).toMatchObject({ code: 'INVALID_IP_SECURED_SHARE' });
    },
  );

  it('refuses a negative principal', () => {
    expect(
      thrownBy(() =>
        lossBase({
          principalOutstanding: Money.ofFen(-1n),
          interestOutstanding: yuan('0.00'),
          ipSecuredShare: { num: 1n, den: 1n },
          scheme: scheme({}),
        }),
      ),
    ).toMatchObject({ code: 'INVALID_AMOUNT', details: { field: 'principalOutstanding' } });
  });
});

describe('lossShares', () => {
  /** Zhongshan: fund 54, bank 26, insurer 16, valuer (guarantor) 4. */
  const ZHONGSHAN: LossSplit = { bankBp: 2600, insurerBp: 1600, fundBp: 5400, guarantorBp: 400 };
  /** Zhuhai: bank 60, fund 40. */
  const ZHUHAI: LossSplit = { bankBp: 6000, insurerBp: 0, fundBp: 4000, guarantorBp: 0 };

  it.each([
    // 60,740,740 fen: fund × 0.54 = 32,799,999.6 → 32,800,000; insurer × 0.16 = 9,718,518.4 →
    // 9,718,518; guarantor × 0.04 = 2,429,629.6 → 2,429,630; bank = 60,740,740 − 32,800,000
    // − 9,718,518 − 2,429,630 = 15,792,592 (its exact 26 % is 15,792,592.4)
    ['607407.40', ZHONGSHAN, ['157925.92', '97185.18', '328000.00', '24296.30']],
    // 25 fen: fund 13.5 → half rounds up → 14; insurer 4; guarantor 1; bank 25 − 19 = 6 (exact 6.5)
    ['0.25', ZHONGSHAN, ['0.06', '0.04', '0.14', '0.01']],
    // 10,004 fen: fund × 0.4 = 4,001.6 → 4,002; bank 10,004 − 4,002 = 6,002 (exact 6,002.4)
    ['100.04', ZHUHAI, ['60.02', '0.00', '40.02', '0.00']],
    // 10,001 fen: fund × 0.4 = 4,000.4 → 4,000; bank 6,001
    ['100.01', ZHUHAI, ['60.01', '0.00', '40.00', '0.00']],
    ['0.00', ZHONGSHAN, ['0.00', '0.00', '0.00', '0.00']],
    // 1 fen, fund and insurer half each: the fund's 0.5 rounds up to 1; the insurer's 0.5 would
    // too, but nothing is left, so it gets 0 and the bank (0 bp) is not pushed below zero
    [
      '0.01',
      { bankBp: 0, insurerBp: 5000, fundBp: 5000, guarantorBp: 0 },
      ['0.00', '0.00', '0.01', '0.00'],
    ],
  ])('splits %s by %j into bank/insurer/fund/guarantor %j', (base, split, expected) => {
    const s = lossShares(yuan(base), split);
    expect([s.bank, s.insurer, s.fund, s.guarantor].map((m) => m.toYuan())).toEqual(expected);
    expect(Money.sum([s.bank, s.insurer, s.fund, s.guarantor]).equals(yuan(base))).toBe(true);
  });

  it.each([
    [{ ...ZHONGSHAN, bankBp: 2599 }], // adds up to 9,999
    [{ ...ZHONGSHAN, bankBp: 3000 }], // adds up to 10,400
    [{ ...ZHUHAI, bankBp: -1000, fundBp: 11000 }],
    [{ ...ZHUHAI, bankBp: 5999.5, fundBp: 4000.5 }],
  ])('refuses the split %j', (split) => {
    expect(thrownBy(() => lossShares(yuan('100.00'), split))).toMatchObject({
      code: 'INVALID_RISK_SHARING',
    });
  });

  it('refuses a negative base', () => {
    expect(thrownBy(() => lossShares(Money.ofFen(-1n), ZHUHAI))).toMatchObject({
      code: 'INVALID_AMOUNT',
    });
  });
});

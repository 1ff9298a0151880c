import { DEFAULT_DELINQUENCY_BUCKETS } from '../delinquency';
import { positionOf, type ScheduleRow } from '../loan-account';
import {
  DEFAULT_AUCTION_RULES,
  DEFAULT_RISK_SCHEME_CODE,
  defaultTermsOf,
  overdueInterest,
} from './loan-case.default-terms';
import type { ProductTerms } from './loan-case.types';

/** A product frozen on a case before the default-and-disposal terms existed. */
const OLD_PRODUCT: ProductTerms = {
  code: 'OLD',
  name: 'frozen before default and disposal',
  ltvByAssetKind: {
    INVENTION_PATENT: '0.25',
    UTILITY_MODEL_PATENT: '0.15',
    DESIGN_PATENT: '0.10',
    TRADEMARK: '0.50',
    SOFTWARE_COPYRIGHT: '0.30',
  },
  overdueAfterDays: 1,
  defaultAfterDays: 90,
  valuationValidityMonths: 12,
};

describe('defaultTermsOf', () => {
  it('reads a product without the new terms as the documented defaults', () => {
    expect(defaultTermsOf(OLD_PRODUCT)).toEqual({
      delinquencyBuckets: DEFAULT_DELINQUENCY_BUCKETS,
      // the bank declares default itself unless the product says otherwise
      autoDefault: false,
      defaultAfterDays: 90,
      auctionRules: { floorRatio: '0.7', maxStepCut: '0.2', roundBusinessDays: 5, maxRounds: 2 },
      riskSchemeCode: 'SH-DEPOSIT-2023',
      // penalty interest at 1.5 × the contract rate
      penalty: { multiplier: '1.5', rate: null },
    });
    expect(DEFAULT_RISK_SCHEME_CODE).toBe('SH-DEPOSIT-2023');
    expect(DEFAULT_AUCTION_RULES.maxRounds).toBe(2);
  });

  it('takes the own terms of the product when it has them', () => {
    const buckets = [
      { code: 'CURRENT', fromDays: 0, toDays: 0 },
      { code: 'LATE', fromDays: 1, toDays: 59 },
      { code: 'NPL', fromDays: 60, toDays: null },
    ];
    const rules = { floorRatio: '0.8', maxStepCut: '0.1', roundBusinessDays: 10, maxRounds: 3 };
    expect(
      defaultTermsOf({
        ...OLD_PRODUCT,
        defaultAfterDays: 60,
        delinquencyBuckets: buckets,
        autoDefault: true,
        auctionRules: rules,
        riskSchemeCode: 'EXAMPLE-SPLIT-CAPPED',
        penaltyRateMultiplier: '1.3',
        penaltyRate: '0.05',
      }),
    ).toEqual({
      delinquencyBuckets: buckets,
      autoDefault: true,
      defaultAfterDays: 60,
      auctionRules: rules,
      riskSchemeCode: 'EXAMPLE-SPLIT-CAPPED',
      penalty: { multiplier: '1.3', rate: '0.05' },
    });
  });

  it.each<[string, Partial<ProductTerms>, string]>([
    // a gap between 30 and 32 days
    [
      'buckets with a gap',
      {
        delinquencyBuckets: [
          { code: 'CURRENT', fromDays: 0, toDays: 30 },
          { code: 'LATE', fromDays: 32, toDays: null },
        ],
      },
      'INVALID_DELINQUENCY_BUCKETS',
    ],
    // a floor above 100 % of the valuation
    [
      'a floor above 1',
      {
        auctionRules: { floorRatio: '1.1', maxStepCut: '0.2', roundBusinessDays: 5, maxRounds: 2 },
      },
      'INVALID_AUCTION_RULES',
    ],
    // a penalty rate below the contract rate
    ['a penalty multiplier below 1', { penaltyRateMultiplier: '0.8' }, 'INVALID_PENALTY_TERMS'],
  ])('refuses a product with %s', (_, terms, code) => {
    expect(() => defaultTermsOf({ ...OLD_PRODUCT, ...terms })).toThrow(
      expect.objectContaining({ code }),
    );
  });
});

describe('overdueInterest', () => {
  const schedule: ScheduleRow[] = [
    {
      seq: 1,
      periodStart: '2026-01-15',
      dueDate: '2026-02-15',
      principal: '1000.00',
      interest: '100.00',
    },
    {
      seq: 2,
      periodStart: '2026-02-15',
      dueDate: '2026-03-15',
      principal: '1000.00',
      interest: '90.00',
    },
    {
      seq: 3,
      periodStart: '2026-03-15',
      dueDate: '2026-04-15',
      principal: '1000.00',
      interest: '80.00',
    },
  ];
  // 1,150.00 on the first due date: row 1 in full (100.00 + 1,000.00), then 50.00 of row 2's interest.
  const repayments = [{ reference: 'R1', valueDate: '2026-02-15', amount: '1150.00' }];

  it.each([
    // nothing is due yet
    ['2026-02-14', '0.00'],
    // row 1 due and paid
    ['2026-03-14', '0.00'],
    // edge: a due date counts on the day itself; row 2 owes 90.00 − 50.00
    ['2026-03-15', '40.00'],
    // rows 2 and 3 due: 40.00 + 80.00
    ['2026-04-15', '120.00'],
    // principal overdue does not count, only interest
    ['2026-06-01', '120.00'],
  ])('on %s is %s', (asOf, expected) => {
    expect(overdueInterest(positionOf(schedule, repayments, asOf), asOf).toYuan()).toBe(expected);
  });
});

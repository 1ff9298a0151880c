import { yuan } from '../money';
import type { LprEntry } from './subsidy-lpr';
import { parsePolicyTerms, type SubsidyPolicyTerms } from './subsidy-policy';
import { simulatePolicy, type WhatIfClaim, type WhatIfRow } from './subsidy-what-if';

const LPR_TABLE: LprEntry[] = [
  { effectiveFrom: '2024-02-20', oneYear: '0.0345', fiveYear: '0.0395' },
  { effectiveFrom: '2024-07-22', oneYear: '0.0335', fiveYear: '0.0385' },
  { effectiveFrom: '2024-10-21', oneYear: '0.0310', fiveYear: '0.0360' },
  { effectiveFrom: '2025-05-20', oneYear: '0.0300', fiveYear: '0.0350' },
];

/** Draft Jinshan interest policy: 50 % at most at the 1-year LPR at disbursement, IP share ≥ 30 %. */
function draftTerms(change: Partial<SubsidyPolicyTerms>): SubsidyPolicyTerms {
  return parsePolicyTerms('INTEREST', {
    programme: 'JINSHAN-IP-INTEREST',
    eligibility: {
      registeredInDistrict: true,
      smeOnly: false,
      assetKinds: [],
      minIpShare: '0.3',
      performingOnly: true,
      firstPledgeOnly: false,
      excludesProgrammes: [],
    },
    lprCap: { reference: 'DISBURSEMENT', tenor: 'ONE_YEAR', multiple: '1' },
    ratio: '0.5',
    subsidisedMonths: null,
    caps: { perLoan: null, perEnterprisePerYear: null, perEnterpriseCumulative: null },
    trigger: 'EACH_ON_TIME_REPAYMENT',
    window: { repaidFrom: null, repaidTo: null },
    requiredProofs: ['APPLICATION'],
    ...change,
  });
}

function claim(
  c: Partial<WhatIfClaim> & Pick<WhatIfClaim, 'claimId' | 'submittedOn'>,
): WhatIfClaim {
  return {
    districtCode: '310116',
    kind: 'INTEREST',
    caseNumber: 'JS-1',
    enterpriseUscc: 'E1',
    paid: yuan('0.00'),
    interestPaid: yuan('2900.00'),
    outstandingPrincipal: yuan('1000000.00'),
    periodStart: '2024-12-15',
    periodEnd: '2025-01-15',
    premium: null,
    ipShare: '1',
    // Disbursed after the 2024-07-22 cut: LPR 3.35 %.
    lprDates: { disbursementDate: '2024-08-15', contractDate: '2024-08-10' },
    ...c,
  };
}

/**
 * Two loans of enterprise E1 (JS-1, JS-2), one of E2 (JS-3), plus claims of another district and
 * another kind that a Jinshan interest draft must ignore. Given out of order on purpose.
 */
const CLAIMS: WhatIfClaim[] = [
  // JS-1, the next month: 2025-01-15 → 2025-02-15 = 31 days, same figures as C1.
  claim({
    claimId: 'C3',
    submittedOn: '2025-02-18',
    periodStart: '2025-01-15',
    periodEnd: '2025-02-15',
    paid: yuan('1450.00'),
  }),
  // JS-1 a year on, submitted in budget year 2026.
  claim({
    claimId: 'C4',
    submittedOn: '2026-01-20',
    periodStart: '2025-12-15',
    periodEnd: '2026-01-15',
    paid: yuan('1450.00'),
  }),
  claim({ claimId: 'C1', submittedOn: '2025-01-20', paid: yuan('1450.00') }),
  claim({
    claimId: 'C2',
    caseNumber: 'JS-2',
    submittedOn: '2025-01-25',
    interestPaid: yuan('1700.00'),
    outstandingPrincipal: yuan('600000.00'),
    periodStart: '2024-12-20',
    periodEnd: '2025-01-20',
    ipShare: '0.5',
    // Disbursed after the 2024-10-21 cut: LPR 3.10 %.
    lprDates: { disbursementDate: '2024-11-20', contractDate: '2024-11-18' },
    paid: yuan('425.00'),
  }),
  // IP secures only 20 %: below the draft's 30 % minimum (paid under an older policy).
  claim({
    claimId: 'C5',
    caseNumber: 'JS-3',
    enterpriseUscc: 'E2',
    submittedOn: '2025-01-28',
    ipShare: '0.2',
    paid: yuan('300.00'),
  }),
  claim({ claimId: 'C6', districtCode: '310115', submittedOn: '2025-01-21', paid: yuan('999.00') }),
  claim({
    claimId: 'C7',
    kind: 'INSURANCE_PREMIUM',
    submittedOn: '2025-01-22',
    premium: yuan('10000.00'),
    paid: yuan('2500.00'),
  }),
];

const DRAFT = { districtCode: '310116', kind: 'INTEREST' as const };

function rows(result: WhatIfRow[]) {
  return result.map((r) => [
    r.districtCode,
    r.month,
    r.claims,
    r.wouldPay.toYuan(),
    r.paid.toYuan(),
  ]);
}

describe('simulatePolicy', () => {
  // Per claim before caps, under the LPR-capped draft:
  //  C1, C3, C4 (JS-1, 1,000,000.00, 31 days, LPR 3.35 %): lprInterest = 1,000,000 × 0.0335 × 31 / 360
  //    = 1,038,500 / 360 = 2,884.722… → 2,884.72 < 2,900.00 paid; × 1 × 0.5 = 1,442.36.
  //  C2 (JS-2, 600,000.00, 31 days, LPR 3.10 %): 600,000 × 0.031 × 31 / 360 = 576,600 / 360
  //    = 1,601.666… → 1,601.67 < 1,700.00; × 0.5 share = 800.835 → 800.84; × 0.5 = 400.42.
  //  C5: IP share 0.2 < 0.3 → 0.
  it('accumulates the yearly enterprise cap across two loans and the cumulative cap across years', () => {
    const terms = draftTerms({
      caps: { perLoan: null, perEnterprisePerYear: '1800.00', perEnterpriseCumulative: '2500.00' },
    });
    // Order C1, C2, C5, C3, C4 (by submission):
    //  C1: room min(1,800.00, 2,500.00) → pays 1,442.36.
    //  C2: year room 1,800.00 − 1,442.36 = 357.64 < 400.42 → pays 357.64 (second loan, same firm).
    //  C5: 0.   C3: year room 1,800.00 − 1,800.00 = 0 → 0.
    //  C4 (2026): year room back to 1,800.00, cumulative 2,500.00 − 1,800.00 = 700.00 → 700.00.
    // 2025-01: 1,442.36 + 357.64 + 0 = 1,800.00 against 1,450.00 + 425.00 + 300.00 = 2,175.00 paid.
    expect(rows(simulatePolicy({ ...DRAFT, terms }, CLAIMS, LPR_TABLE))).toEqual([
      ['310116', '2025-01', 3, '1800.00', '2175.00'],
      ['310116', '2025-02', 1, '0.00', '1450.00'],
      ['310116', '2026-01', 1, '700.00', '1450.00'],
    ]);
  });

  it('accumulates the per-loan cap, and without an LPR cap the base is the interest paid', () => {
    const terms = draftTerms({
      lprCap: null,
      caps: { perLoan: '2000.00', perEnterprisePerYear: null, perEnterpriseCumulative: null },
    });
    //  C1: 2,900.00 × 1 × 0.5 = 1,450.00 (JS-1 room 2,000.00).
    //  C2: 1,700.00 × 0.5 = 850.00; × 0.5 = 425.00 (JS-2 has its own room).
    //  C3: JS-1 room 2,000.00 − 1,450.00 = 550.00 < 1,450.00 → 550.00.   C4: JS-1 room 0 → 0.
    expect(rows(simulatePolicy({ ...DRAFT, terms }, CLAIMS, LPR_TABLE))).toEqual([
      ['310116', '2025-01', 3, '1875.00', '2175.00'],
      ['310116', '2025-02', 1, '550.00', '1450.00'],
      ['310116', '2026-01', 1, '0.00', '1450.00'],
    ]);
  });

  it("pays nothing for periods ending after the draft's subsidised months", () => {
    // JS-1 disbursed 2024-08-15 + 6 months = 2025-02-15: C1 and C3 end within, C4 (2026-01-15) not.
    const terms = draftTerms({ subsidisedMonths: 6 });
    // 2025-01: 1,442.36 + 400.42 = 1,842.78; 2025-02: 1,442.36.
    expect(rows(simulatePolicy({ ...DRAFT, terms }, CLAIMS, LPR_TABLE))).toEqual([
      ['310116', '2025-01', 3, '1842.78', '2175.00'],
      ['310116', '2025-02', 1, '1442.36', '1450.00'],
      ['310116', '2026-01', 1, '0.00', '1450.00'],
    ]);
  });

  it('runs an insurance-premium draft over premium claims only', () => {
    const terms = parsePolicyTerms('INSURANCE_PREMIUM', {
      ...draftTerms({}),
      programme: 'JINSHAN-IP-PREMIUM',
      lprCap: null,
    });
    const premiumClaim = claim({
      claimId: 'P1',
      kind: 'INSURANCE_PREMIUM',
      submittedOn: '2025-03-03',
      premium: yuan('10000.00'),
      ipShare: '0.6',
      paid: yuan('2500.00'),
    });
    // C7: 10,000.00 × 1 × 0.5 = 5,000.00; P1: 10,000.00 × 0.6 = 6,000.00; × 0.5 = 3,000.00.
    expect(
      rows(
        simulatePolicy(
          { districtCode: '310116', kind: 'INSURANCE_PREMIUM', terms },
          [...CLAIMS, premiumClaim],
          LPR_TABLE,
        ),
      ),
    ).toEqual([
      ['310116', '2025-01', 1, '5000.00', '2500.00'],
      ['310116', '2025-03', 1, '3000.00', '2500.00'],
    ]);
  });

  it('gives no rows for no claims', () => {
    expect(simulatePolicy({ ...DRAFT, terms: draftTerms({}) }, [], LPR_TABLE)).toEqual([]);
  });

  it('refuses when the LPR table has no rate for a reference date', () => {
    const early = claim({
      claimId: 'E1',
      submittedOn: '2024-03-01',
      lprDates: { disbursementDate: '2023-12-01', contractDate: '2023-11-28' },
    });
    expect(() => simulatePolicy({ ...DRAFT, terms: draftTerms({}) }, [early], LPR_TABLE)).toThrow(
      expect.objectContaining({ code: 'LPR_NOT_FOUND', details: { date: '2023-12-01' } }),
    );
  });

  it('refuses a premium claim recorded without a premium', () => {
    const terms = parsePolicyTerms('INSURANCE_PREMIUM', { ...draftTerms({}), lprCap: null });
    const bad = claim({ claimId: 'P2', kind: 'INSURANCE_PREMIUM', submittedOn: '2025-03-03' });
    expect(() =>
      simulatePolicy(
        { districtCode: '310116', kind: 'INSURANCE_PREMIUM', terms },
        [bad],
        LPR_TABLE,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_SUBSIDY_INPUT',
        details: { field: 'premium', claimId: 'P2' },
      }),
    );
  });

  it('refuses invalid draft terms', () => {
    const terms = { ...draftTerms({}), ratio: '1.5' };
    expect(() => simulatePolicy({ ...DRAFT, terms }, CLAIMS, LPR_TABLE)).toThrow(
      expect.objectContaining({
        code: 'INVALID_POLICY',
        details: expect.objectContaining({ field: 'ratio' }),
      }),
    );
  });
});

import { parsePolicyTerms, type LprEntry } from '../../../../libs/domain/src/subsidy-policy';
import type { SubsidyClaimRow } from '../../../../libs/domain/src/subsidy-claim';
import { checkWhatIfRange, compareDraftWithPaid } from './subsidy-what-if.comparison';

const LPR: LprEntry[] = [{ effectiveFrom: '2025-05-20', oneYear: '0.0300', fiveYear: '0.0350' }];

function terms(change: Record<string, unknown> = {}) {
  return parsePolicyTerms('INTEREST', {
    programme: 'DRAFT',
    eligibility: {
      registeredInDistrict: false,
      smeOnly: false,
      assetKinds: [],
      minIpShare: '0',
      performingOnly: true,
      firstPledgeOnly: false,
      excludesProgrammes: [],
    },
    lprCap: null,
    ratio: '0.5',
    subsidisedMonths: null,
    caps: { perLoan: null, perEnterprisePerYear: null, perEnterpriseCumulative: null },
    trigger: 'EACH_ON_TIME_REPAYMENT',
    window: { repaidFrom: null, repaidTo: null },
    requiredProofs: [],
    ...change,
  });
}

const FACTS = {
  policyDistrictCode: '310115',
  enterpriseDistrictCode: '310115',
  sme: true,
  assetKinds: ['INVENTION_PATENT'],
  ipShare: '1',
  performing: true,
  firstPledge: true,
  programmesAlreadyClaimed: [],
  disbursementDate: '2026-01-15',
  contractDate: '2026-01-10',
  settled: false,
};

/** 1,000,000.00 at 4.35 % interest-only: 31 days = 3,745.83, 28 days = 3,383.33. */
const LINE_1 = {
  seq: 1,
  periodStart: '2026-01-15',
  periodEnd: '2026-02-15',
  interestPaid: '3745.83',
  outstandingPrincipal: '1000000.00',
};
const LINE_2 = {
  seq: 2,
  periodStart: '2026-02-15',
  periodEnd: '2026-03-15',
  interestPaid: '3383.33',
  outstandingPrincipal: '1000000.00',
};

function claim(
  id: string,
  seq: number,
  submittedOn: string,
  status: SubsidyClaimRow['status'],
  lines: (typeof LINE_1)[],
  change: { paidAmount?: string; ipShare?: string } = {},
): SubsidyClaimRow {
  return {
    id,
    submissionSeq: seq,
    districtCode: '310115',
    kind: 'INTEREST',
    caseNumber: `CASE-${id}`,
    enterpriseUscc: 'E1',
    submittedOn,
    status,
    premium: null,
    paidAmount: change.paidAmount ?? null,
    computation: {
      facts: {
        ...FACTS,
        ipShare: change.ipShare ?? '1',
        periodEnd: lines[lines.length - 1]!.periodEnd,
        instalments: lines.map((l) => ({ dueDate: l.periodEnd, paidInFullOn: l.periodEnd })),
      },
      lines,
    },
  } as unknown as SubsidyClaimRow;
}

const RANGE = { from: '2026-01-01', to: '2026-03-20' };
const draft = (change: Record<string, unknown> = {}) => ({
  districtCode: '310115',
  kind: 'INTEREST' as const,
  terms: terms(change),
});

describe('checkWhatIfRange', () => {
  it.each([
    ['one day, today', '2026-03-15', '2026-03-15'],
    ['three years less a day', '2023-03-16', '2026-03-15'],
  ])('accepts %s', (_, from, to) => {
    expect(() => checkWhatIfRange(from, to, '2026-03-15')).not.toThrow();
  });

  it.each([
    ['from after to', '2026-03-02', '2026-03-01', 'INVALID_DATE_RANGE'],
    ['to after today', '2026-03-01', '2026-03-16', 'INVALID_DATE_RANGE'],
    ['exactly three years', '2023-03-15', '2026-03-15', 'INVALID_DATE_RANGE'],
    ['a day that does not exist', '2026-02-30', '2026-03-01', 'INVALID_DATE'],
  ])('refuses %s', (_, from, to, code) => {
    expect(() => checkWhatIfRange(from, to, '2026-03-15')).toThrow(
      expect.objectContaining({ code }),
    );
  });
});

describe('compareDraftWithPaid', () => {
  const claims = [
    claim('A1', 1, '2026-02-15', 'PAID', [LINE_1], { paidAmount: '1872.92' }),
    claim('C1', 2, '2026-02-15', 'CLAWED_BACK', [LINE_1], { paidAmount: '936.46', ipShare: '0.5' }),
    claim('B12', 3, '2026-03-15', 'APPROVED', [LINE_1, LINE_2]),
  ];

  it('a draft equal to the policy in force reproduces every claim line by line', () => {
    const result = compareDraftWithPaid(draft(), claims, LPR, RANGE);
    // A1 3,745.83 × 0.5 = 1,872.915 → 1,872.92; C1 3,745.83 × 0.5 = 1,872.915 → 1,872.92 × 0.5
    // = 936.46; B12 1,872.92 + 3,383.33 × 0.5 = 1,691.665 → 1,691.67 = 3,564.59. The clawed-back
    // payment came back: paid 1,872.92 in February.
    expect(result.months).toEqual([
      {
        month: '2026-01',
        claims: 0,
        ineligibleUnderDraft: 0,
        wouldPay: '0.00',
        paid: '0.00',
        difference: '0.00',
      },
      {
        month: '2026-02',
        claims: 2,
        ineligibleUnderDraft: 0,
        wouldPay: '2809.38',
        paid: '1872.92',
        difference: '936.46',
      },
      {
        month: '2026-03',
        claims: 1,
        ineligibleUnderDraft: 0,
        wouldPay: '3564.59',
        paid: '0.00',
        difference: '3564.59',
      },
    ]);
    expect(result.totals).toEqual({
      claims: 3,
      ineligibleUnderDraft: 0,
      wouldPay: '6373.97',
      paid: '1872.92',
      difference: '4501.05',
    });
  });

  it('applies the draft rules to the recorded facts and fills the caps claim by claim, line by line', () => {
    const result = compareDraftWithPaid(
      draft({
        eligibility: { ...terms().eligibility, minIpShare: '0.6' },
        lprCap: { reference: 'DISBURSEMENT', tenor: 'ONE_YEAR', multiple: '1.2' },
        ratio: '0.4',
        caps: { perLoan: null, perEnterprisePerYear: '2000.00', perEnterpriseCumulative: null },
      }),
      claims,
      LPR,
      RANGE,
    );
    // LPR interest 1,000,000.00 × 0.03 × 1.2 × 31/360 = 3,100.00 (28 days: 2,800.00) binds.
    // A1: 3,100.00 × 0.4 = 1,240.00. C1: IP share 0.5 < 0.6, refused. B12: line 1 1,240.00 but
    // only 2,000.00 − 1,240.00 = 760.00 left → 760.00; line 2 nothing left → 0.00.
    expect(result.months.slice(1)).toEqual([
      {
        month: '2026-02',
        claims: 2,
        ineligibleUnderDraft: 1,
        wouldPay: '1240.00',
        paid: '1872.92',
        difference: '-632.92',
      },
      {
        month: '2026-03',
        claims: 1,
        ineligibleUnderDraft: 0,
        wouldPay: '760.00',
        paid: '0.00',
        difference: '760.00',
      },
    ]);
  });

  it('refuses a claim whose recorded computation lacks an input, naming it', () => {
    const bare = { ...claims[0]!, computation: { lines: [LINE_1] } } as SubsidyClaimRow;
    expect(() => compareDraftWithPaid(draft(), [bare], LPR, RANGE)).toThrow(
      /Claim A1 does not record enterpriseDistrictCode/,
    );
  });
});

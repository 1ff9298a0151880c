import {
  ELIGIBILITY_RULES,
  evaluateEligibility,
  type EligibilityFacts,
  type EligibilityRule,
} from './subsidy-eligibility';
import { parsePolicyTerms, type SubsidyPolicyTerms } from './subsidy-policy';

/** Jinshan 2024 interest terms (docs/domain.md), as parsed. */
const JINSHAN: SubsidyPolicyTerms = parsePolicyTerms('INTEREST', {
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
  subsidisedMonths: 6,
  caps: { perLoan: null, perEnterprisePerYear: '50000.00', perEnterpriseCumulative: null },
  trigger: 'AFTER_SETTLEMENT',
  window: { repaidFrom: '2023-07-01', repaidTo: '2024-06-30' },
  requiredProofs: ['APPLICATION', 'LOAN_CONTRACT', 'PLEDGE_CONTRACT'],
});

/** A Jinshan SME's six-month loan disbursed 2023-07-10, settled on time on 2024-01-10. */
const FACTS: EligibilityFacts = {
  policyDistrictCode: '310116',
  enterpriseDistrictCode: '310116',
  sme: true,
  assetKinds: ['INVENTION_PATENT'],
  ipShare: '0.6',
  performing: true,
  firstPledge: true,
  programmesAlreadyClaimed: [],
  disbursementDate: '2023-07-10',
  // 2023-07-10 + 6 months = 2024-01-10: the last day a period may end.
  periodEnd: '2024-01-10',
  instalments: [{ dueDate: '2024-01-10', paidInFullOn: '2024-01-10' }],
  settled: true,
};

type TermsChange = Partial<Omit<SubsidyPolicyTerms, 'eligibility'>> & {
  eligibility?: Partial<SubsidyPolicyTerms['eligibility']>;
};

function rulesFailed(terms: TermsChange, facts: Partial<EligibilityFacts>): EligibilityRule[] {
  const result = evaluateEligibility(
    { ...JINSHAN, ...terms, eligibility: { ...JINSHAN.eligibility, ...terms.eligibility } },
    { ...FACTS, ...facts },
  );
  expect(result.eligible).toBe(result.failures.length === 0);
  return result.failures.map((f) => f.rule);
}

describe('evaluateEligibility', () => {
  it.each<[string, TermsChange, Partial<EligibilityFacts>, EligibilityRule[]]>([
    ['the Jinshan example loan is eligible', {}, {}, []],
    [
      'registered in another district',
      {},
      { enterpriseDistrictCode: '310115' },
      ['REGISTERED_IN_DISTRICT'],
    ],
    [
      'another district is fine when the policy does not require registration there',
      { eligibility: { registeredInDistrict: false } },
      { enterpriseDistrictCode: '310115' },
      [],
    ],
    [
      'not an SME under an SME-only policy',
      { eligibility: { smeOnly: true } },
      { sme: false },
      ['SME_ONLY'],
    ],
    ['not an SME, policy open to all', {}, { sme: false }, []],
    [
      'no pledged asset of a named kind',
      { eligibility: { assetKinds: ['TRADEMARK', 'SOFTWARE_COPYRIGHT'] } },
      { assetKinds: ['INVENTION_PATENT', 'DESIGN_PATENT'] },
      ['ASSET_KIND'],
    ],
    [
      'one pledged asset of a named kind is enough',
      { eligibility: { assetKinds: ['TRADEMARK'] } },
      { assetKinds: ['INVENTION_PATENT', 'TRADEMARK'] },
      [],
    ],
    // 0.29 < 0.3; exactly 0.3 reaches the minimum.
    ['IP share below the minimum', {}, { ipShare: '0.29' }, ['MIN_IP_SHARE']],
    ['IP share exactly at the minimum', {}, { ipShare: '0.30' }, []],
    ['loan not performing', {}, { performing: false }, ['PERFORMING']],
    [
      'not performing, policy does not ask',
      { eligibility: { performingOnly: false } },
      { performing: false },
      [],
    ],
    [
      'no first pledge under a first-pledge policy',
      { eligibility: { firstPledgeOnly: true } },
      { firstPledge: false },
      ['FIRST_PLEDGE'],
    ],
    [
      'already subsidised by an excluded programme',
      { eligibility: { excludesProgrammes: ['CITY-IP-INTEREST'] } },
      { programmesAlreadyClaimed: ['CITY-IP-INTEREST'] },
      ['EXCLUDED_PROGRAMME'],
    ],
    [
      'subsidised by a programme that is not excluded',
      { eligibility: { excludesProgrammes: ['CITY-IP-INTEREST'] } },
      { programmesAlreadyClaimed: ['JINSHAN-IP-INTEREST'] },
      [],
    ],
    // One day past 2023-07-10 + 6 months.
    [
      'period ends after the subsidised months',
      {},
      { periodEnd: '2024-01-11' },
      ['SUBSIDISED_MONTHS'],
    ],
    // 2023-08-31 + 6 months clamps to 2024-02-29 (leap year): ending that day is within.
    [
      'subsidised months end on a clamped month end',
      {},
      { disbursementDate: '2023-08-31', periodEnd: '2024-02-29' },
      [],
    ],
    [
      'one day past the clamped month end',
      {},
      { disbursementDate: '2023-08-31', periodEnd: '2024-03-01' },
      ['SUBSIDISED_MONTHS'],
    ],
    ['whole term subsidised', { subsidisedMonths: null }, { periodEnd: '2026-01-10' }, []],
    [
      'each-repayment trigger with no instalment in the period',
      { trigger: 'EACH_ON_TIME_REPAYMENT' },
      { instalments: [] },
      ['NO_REPAYMENT'],
    ],
    ['settlement trigger needs no instalment in the period', {}, { instalments: [] }, []],
    [
      'an instalment not paid in full',
      { trigger: 'EACH_ON_TIME_REPAYMENT' },
      {
        instalments: [
          { dueDate: '2023-12-10', paidInFullOn: '2023-12-08' },
          { dueDate: '2024-01-10', paidInFullOn: null },
        ],
      },
      ['INSTALMENT_UNPAID'],
    ],
    // Due 2024-01-10, paid a day later.
    [
      'an instalment paid late',
      {},
      { instalments: [{ dueDate: '2024-01-10', paidInFullOn: '2024-01-11' }] },
      ['REPAID_LATE'],
    ],
    [
      'paid early is on time',
      {},
      { instalments: [{ dueDate: '2024-01-10', paidInFullOn: '2023-12-20' }] },
      [],
    ],
    // Window 2023-07-01 … 2024-06-30, both ends inclusive.
    [
      'repaid after the window',
      {},
      { instalments: [{ dueDate: '2024-07-10', paidInFullOn: '2024-07-01' }] },
      ['REPAID_OUTSIDE_WINDOW'],
    ],
    [
      'repaid before the window',
      {},
      { instalments: [{ dueDate: '2023-07-10', paidInFullOn: '2023-06-30' }] },
      ['REPAID_OUTSIDE_WINDOW'],
    ],
    [
      'repaid on the last day of the window',
      {},
      { instalments: [{ dueDate: '2024-06-30', paidInFullOn: '2024-06-30' }] },
      [],
    ],
    [
      'open window',
      { window: { repaidFrom: null, repaidTo: null } },
      { instalments: [{ dueDate: '2026-07-10', paidInFullOn: '2026-07-01' }] },
      [],
    ],
    ['not settled under the settlement trigger', {}, { settled: false }, ['NOT_SETTLED']],
    [
      'not settled under the each-repayment trigger',
      { trigger: 'EACH_ON_TIME_REPAYMENT' },
      { settled: false },
      [],
    ],
  ])('%s', (_name, terms, facts, expected) => {
    expect(rulesFailed(terms, facts)).toEqual(expected);
  });

  it('lists every failing rule at once, in a fixed order', () => {
    const strict: TermsChange = {
      eligibility: {
        smeOnly: true,
        assetKinds: ['TRADEMARK'],
        firstPledgeOnly: true,
        excludesProgrammes: ['CITY-IP-INTEREST'],
      },
    };
    const hopeless: Partial<EligibilityFacts> = {
      enterpriseDistrictCode: '310104',
      sme: false,
      assetKinds: ['INVENTION_PATENT'],
      ipShare: '0.1',
      performing: false,
      firstPledge: false,
      programmesAlreadyClaimed: ['CITY-IP-INTEREST'],
      periodEnd: '2024-02-10',
      instalments: [
        { dueDate: '2024-01-10', paidInFullOn: null },
        { dueDate: '2024-02-10', paidInFullOn: '2024-07-05' },
      ],
      settled: false,
    };
    // Every rule except NO_REPAYMENT (there are instalments, and the trigger is settlement).
    expect(rulesFailed(strict, hopeless)).toEqual(
      (Object.keys(ELIGIBILITY_RULES) as EligibilityRule[]).filter((r) => r !== 'NO_REPAYMENT'),
    );
  });

  it('says why, with the figures, in each message', () => {
    const { failures } = evaluateEligibility(JINSHAN, {
      ...FACTS,
      enterpriseDistrictCode: '310115',
      ipShare: '0.25',
      instalments: [{ dueDate: '2024-01-10', paidInFullOn: '2024-01-12' }],
    });
    expect(failures).toEqual([
      {
        rule: 'REGISTERED_IN_DISTRICT',
        message: expect.stringContaining("registered in 310115, the policy is 310116's"),
      },
      {
        rule: 'MIN_IP_SHARE',
        message: expect.stringContaining('IP secures 0.2500, the policy requires 0.3000'),
      },
      { rule: 'REPAID_LATE', message: expect.stringContaining('due 2024-01-10 paid 2024-01-12') },
    ]);
  });

  it('refuses a malformed IP share with INVALID_SUBSIDY_INPUT', () => {
    expect(() => evaluateEligibility(JINSHAN, { ...FACTS, ipShare: '60%' })).toThrow(
      expect.objectContaining({ code: 'INVALID_SUBSIDY_INPUT' }),
    );
  });
});

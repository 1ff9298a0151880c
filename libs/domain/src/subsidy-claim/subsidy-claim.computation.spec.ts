import { buildWorkingCalendar, type WorkingCalendar } from '../calendar/working-calendar';
import { entriesOfNotice, HOLIDAY_NOTICES } from '../calendar/holiday-notices';
import { type DomainError } from '../errors';
import { Money } from '../money';
import { parsePolicyTerms, type SubsidyPolicyTerms } from '../subsidy-policy';
import type { CaseFacts } from './subsidy-claim.types';
import {
  computeInsuranceClaim,
  computeInterestClaim,
  type CapUsage,
} from './subsidy-claim.computation';

const LPR = [{ effectiveFrom: '2025-05-20', oneYear: '0.03', fiveYear: '0.035' }];
const NONE_USED: CapUsage = {
  loan: Money.zero(),
  enterpriseYear: Money.zero(),
  enterpriseCumulative: Money.zero(),
};

function terms(overrides: Partial<SubsidyPolicyTerms> = {}): SubsidyPolicyTerms {
  return parsePolicyTerms('INTEREST', {
    programme: 'UNIT',
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
    requiredProofs: ['LOAN_CONTRACT'],
    ...overrides,
  });
}

/**
 * A 1,200,000.00 equal-principal loan from 2026-01-15 at 4.35 %, three monthly instalments of
 * 400,000.00 principal; interest actual/360 on the opening principal of each month:
 *  1: 1,200,000 × 0.0435 × 31/360 = 4,495.00;  2: 800,000 × 28 days = 2,706.67 (2,706.666…);
 *  3: 400,000 × 31 days = 1,498.33 (1,498.333…). Instalments 1 and 2 paid on their due dates.
 */
function facts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  return {
    caseNumber: 'BANK-T-1',
    status: 'ACTIVE',
    bankOrgId: 'BANK-T',
    enterpriseUscc: 'USCC',
    enterpriseName: 'Unit Co',
    enterpriseDistrictCode: '310115',
    detail: {
      application: {
        enterprise: { sme: true },
        assets: [{ kind: 'INVENTION_PATENT', number: 'P1' }],
      },
      approval: { ipSecuredShare: '0.6' },
      contract: { signedOn: '2026-01-10' },
    },
    disbursement: { amount: '1200000.00', valueDate: '2026-01-15' },
    schedule: [
      {
        seq: 1,
        periodStart: '2026-01-15',
        dueDate: '2026-02-15',
        principal: '400000.00',
        interest: '4495.00',
      },
      {
        seq: 2,
        periodStart: '2026-02-15',
        dueDate: '2026-03-15',
        principal: '400000.00',
        interest: '2706.67',
      },
      {
        seq: 3,
        periodStart: '2026-03-15',
        dueDate: '2026-04-15',
        principal: '400000.00',
        interest: '1498.33',
      },
    ],
    repayments: [
      { reference: 'R1', valueDate: '2026-02-15', amount: '404495.00' },
      { reference: 'R2', valueDate: '2026-03-15', amount: '402706.67' },
    ],
    pledges: [{ assetNumber: 'P1', firstPledge: true }],
    ...overrides,
  };
}

function interest(
  from: number,
  to: number,
  policyTerms = terms(),
  used = NONE_USED,
  caseFacts = facts(),
  calendar: WorkingCalendar | null = null,
) {
  const result = computeInterestClaim({
    policy: { id: 'P-v1', version: 1, districtCode: '310115', terms: policyTerms },
    facts: caseFacts,
    request: {
      kind: 'INTEREST',
      caseNumber: 'BANK-T-1',
      districtCode: '310115',
      fromInstalment: from,
      toInstalment: to,
      proofs: ['LOAN_CONTRACT'],
    },
    businessDate: '2026-03-20',
    lprTable: LPR,
    used,
    programmesAlreadyClaimed: [],
    calendar,
  });
  /** seq, days, outstanding, interest paid, IP base, subsidy of each line. */
  const lines = () =>
    (result.record.lines as Record<string, unknown>[]).map((l) => [
      l.seq,
      l.days,
      l.outstandingPrincipal,
      l.interestPaid,
      l.ipBase,
      l.subsidy,
    ]);
  return { result, lines };
}

describe('computeInterestClaim', () => {
  it('has one line per instalment, outstanding = its opening principal, apportioned to the IP share', () => {
    const claim = interest(1, 2);
    // 1: 4,495.00 × 0.6 = 2,697.00 × 0.5 = 1,348.50;  2: 2,706.67 × 0.6 = 1,624.002 → 1,624.00 → 812.00.
    expect(claim.lines()).toEqual([
      [1, 31, '1200000.00', '4495.00', '2697.00', '1348.50'],
      [2, 28, '800000.00', '2706.67', '1624.00', '812.00'],
    ]);
    expect(claim.result.amount.toYuan()).toBe('2160.50');
    expect(claim.result.period).toEqual({ start: '2026-01-15', end: '2026-03-15' });
    expect(claim.result.eligible).toBe(true);
  });

  it('shrinks the cap room line by line, so the cap binds on the line that exhausts it', () => {
    const capped = terms({
      caps: { perLoan: '2000.00', perEnterprisePerYear: null, perEnterpriseCumulative: null },
    });
    // Room 2,000.00: line 1 takes 1,348.50, line 2 gets the 651.50 left instead of 812.00.
    const claim = interest(1, 2, capped);
    expect(claim.result.record.lines).toEqual([
      expect.objectContaining({ capRemaining: '2000.00', subsidy: '1348.50', limitedBy: null }),
      expect.objectContaining({ capRemaining: '651.50', subsidy: '651.50', limitedBy: 'CAP' }),
    ]);
    expect(claim.result.amount.toYuan()).toBe('2000.00');
    expect(claim.result.limitedBy).toBe('CAP');
  });

  it('takes the LPR of the named reference date and reports LPR when it binds', () => {
    const lpr = terms({
      lprCap: { reference: 'CONTRACT_MONTH', tenor: 'ONE_YEAR', multiple: '1' },
    });
    // Reference 2026-01-01 → 3.00 %: 1,200,000 × 0.03 × 31/360 = 3,100.00 < 4,495.00;
    // × 0.6 = 1,860.00; × 0.5 = 930.00.
    const claim = interest(1, 1, lpr);
    expect(claim.result.record.lines).toEqual([
      expect.objectContaining({
        lpr: { referenceDate: '2026-01-01', effectiveFrom: '2025-05-20', rate: '0.03' },
        lprInterest: '3100.00',
        base: '3100.00',
        subsidy: '930.00',
        limitedBy: 'LPR',
      }),
    ]);
    expect(claim.result.limitedBy).toBe('LPR');
  });

  it('refuses an instalment whose period has not ended (due 2026-04-15, business date 2026-03-20)', () => {
    expect(() => interest(3, 3, terms(), NONE_USED)).toThrow(
      expect.objectContaining({ code: 'INSTALMENT_PERIOD_NOT_ENDED' }),
    );
  });

  // Each row: what is wrong with the claim, and every rule it must report.
  it.each([
    [
      'a proof the policy requires is missing',
      1,
      1,
      terms({ requiredProofs: ['LOAN_CONTRACT', 'AUDIT_REPORT'] }),
      NONE_USED,
      ['MISSING_PROOFS'],
    ],
    [
      'the cap is used up by earlier claims',
      1,
      1,
      terms({
        caps: { perLoan: null, perEnterprisePerYear: '500.00', perEnterpriseCumulative: null },
      }),
      { ...NONE_USED, enterpriseYear: Money.ofYuan('500.00') },
      ['NOTHING_TO_PAY'],
    ],
  ] as const)('%s', (_why, from, to, policyTerms, used, rules) => {
    const claim = interest(from, to, policyTerms, used);
    expect(claim.result.eligible).toBe(false);
    expect(claim.result.failures.map((f) => f.rule)).toEqual(rules);
  });

  it.each([
    ['before the schedule', 0, 1],
    ['past the schedule', 2, 4],
    ['backwards', 2, 1],
  ])('refuses an instalment range %s', (_why, from, to) => {
    expect(() => interest(from, to)).toThrow(
      expect.objectContaining({ code: 'INVALID_INSTALMENT_RANGE' }) as unknown as DomainError,
    );
  });

  describe('a claim window (business date Fri 2026-03-20)', () => {
    const calendar = buildWorkingCalendar({
      years: HOLIDAY_NOTICES.map((n) => n.year),
      entries: HOLIDAY_NOTICES.flatMap(entriesOfNotice),
    });
    const withWindow = (days: number) => terms({ claimWindowWorkingDays: days });

    it.each([
      // instalments, working days, deadline, refused
      // edge: #1 claimable Sun 2026-02-15 in the Spring Festival (02-15 … 02-23): counting starts
      // 02-24; Sat 02-28 is a make-up working day; 20 working days end on 03-20.
      [1, 1, 20, '2026-03-20', false],
      [1, 1, 19, '2026-03-19', true], // one working day shorter: closed yesterday
      // the earliest instalment's window is the claim's
      [1, 2, 20, '2026-03-20', false],
      // #2 claimable Sun 03-15: 03-16 … 03-20 are the 5 working days
      [2, 2, 5, '2026-03-20', false],
    ] as const)('#%i–#%i, %i working days → last day %s', (from, to, days, deadline, refused) => {
      const run = () => interest(from, to, withWindow(days), NONE_USED, facts(), calendar);
      if (refused) {
        expect(run).toThrow(
          expect.objectContaining({
            code: 'CLAIM_WINDOW_CLOSED',
            details: expect.objectContaining({ deadline }),
          }) as unknown as DomainError,
        );
        return;
      }
      const { result } = run();
      expect(result.claimDeadline).toBe(deadline);
      expect((result.record.facts as { claimWindow: unknown }).claimWindow).toMatchObject({
        workingDays: days,
        deadline,
      });
    });

    it('has no deadline when the policy sets no window', () => {
      const { result } = interest(1, 1);
      expect(result.claimDeadline).toBeNull();
      expect((result.record.facts as { claimWindow: unknown }).claimWindow).toBeNull();
    });
  });

  it('refuses a loan that was never disbursed', () => {
    expect(() => interest(1, 1, terms(), NONE_USED, facts({ disbursement: null }))).toThrow(
      expect.objectContaining({ code: 'CASE_NOT_DISBURSED' }) as unknown as DomainError,
    );
  });
});

describe('computeInsuranceClaim', () => {
  it('is premium × IP share × ratio, judged on the instalments due so far', () => {
    const claim = computeInsuranceClaim({
      policy: { id: 'P-v1', version: 1, districtCode: '310115', terms: terms({ lprCap: null }) },
      facts: facts(),
      request: {
        kind: 'INSURANCE_PREMIUM',
        caseNumber: 'BANK-T-1',
        districtCode: '310115',
        insurerOrgId: 'INS-X',
        insurancePolicyNumber: 'POL-1',
        premium: '9999.99',
        premiumPaidOn: '2026-01-15',
        proofs: ['LOAN_CONTRACT'],
      },
      businessDate: '2026-03-20',
      used: NONE_USED,
      programmesAlreadyClaimed: [],
    });
    // 9,999.99 × 0.6 = 5,999.994 → 5,999.99; × 0.5 = 2,999.995 → 3,000.00.
    expect(claim.amount.toYuan()).toBe('3000.00');
    expect(claim.record.premium).toMatchObject({ ipBase: '5999.99', beforeCap: '3000.00' });
    // Instalments 1 and 2 fall due by 2026-03-20 and were paid on time; 3 is not due yet.
    expect((claim.record.facts as { instalments: unknown[] }).instalments).toHaveLength(2);
    expect(claim.eligible).toBe(true);
  });
});

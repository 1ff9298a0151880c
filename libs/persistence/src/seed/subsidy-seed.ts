import type { EntityManager } from 'typeorm';
import { Money } from '../../../domain/src/money';
import {
  parsePolicyTerms,
  type LprEntry,
  type SubsidyKind,
  type SubsidyPolicyTerms,
} from '../../../domain/src/subsidy-policy';
import type { SubsidyBudgetRepository } from '../repositories/subsidy-claim/subsidy-budget.repository';
import { policyId } from '../repositories/subsidy-claim/subsidy-policy.repository';

/** The published LPR announcements (1-year / 5-year), unchanged into 2026. */
export const SEED_LPR: LprEntry[] = [
  { effectiveFrom: '2024-02-20', oneYear: '0.0345', fiveYear: '0.0395' },
  { effectiveFrom: '2024-07-22', oneYear: '0.0335', fiveYear: '0.0385' },
  { effectiveFrom: '2024-10-21', oneYear: '0.031', fiveYear: '0.036' },
  { effectiveFrom: '2025-05-20', oneYear: '0.03', fiveYear: '0.035' },
];

const NO_CAPS = { perLoan: null, perEnterprisePerYear: null, perEnterpriseCumulative: null };
const OPEN_WINDOW = { repaidFrom: null, repaidTo: null };

interface SeedPolicy {
  districtCode: string;
  kind: SubsidyKind;
  effectiveFrom: string;
  effectiveTo: string | null;
  terms: SubsidyPolicyTerms;
}

/**
 * Example policies, marked `example` in the table: real values are configured by each district.
 * The Jinshan ones reproduce the Jinshan district's 2024 call exactly (docs/domain.md,
 * Subsidies); the others borrow the shape of the Beijing, Qingdao and Fujian schemes.
 */
export const SEED_POLICIES: SeedPolicy[] = [
  {
    // Jinshan 2024: 50 % of the interest on the IP-secured part, interest counted at the actual
    // rate but at most the LPR at disbursement, 6 months, at most 50,000 yuan a firm, only after
    // the principal is repaid on time between 2023-07-01 and 2024-06-30, IP ≥ 30 % of the credit.
    districtCode: '310116',
    kind: 'INTEREST',
    effectiveFrom: '2023-07-01',
    effectiveTo: '2024-12-31',
    terms: {
      programme: 'JINSHAN-2024-IP-INTEREST',
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
      requiredProofs: [
        'APPLICATION',
        'LOAN_CONTRACT',
        'PLEDGE_CONTRACT',
        'DISBURSEMENT_VOUCHER',
        'REPAYMENT_VOUCHER',
        'REGISTRATION_PROOF',
      ],
    },
  },
  {
    // Jinshan 2024: insurance or guarantee fee subsidy 50 %, at most 50,000 yuan, same conditions.
    districtCode: '310116',
    kind: 'INSURANCE_PREMIUM',
    effectiveFrom: '2023-07-01',
    effectiveTo: '2024-12-31',
    terms: {
      programme: 'JINSHAN-2024-IP-PREMIUM',
      eligibility: {
        registeredInDistrict: true,
        smeOnly: false,
        assetKinds: [],
        minIpShare: '0.3',
        performingOnly: true,
        firstPledgeOnly: false,
        excludesProgrammes: [],
      },
      lprCap: null,
      ratio: '0.5',
      subsidisedMonths: null,
      caps: { perLoan: null, perEnterprisePerYear: '50000.00', perEnterpriseCumulative: null },
      trigger: 'AFTER_SETTLEMENT',
      window: { repaidFrom: '2023-07-01', repaidTo: '2024-06-30' },
      requiredProofs: [
        'APPLICATION',
        'LOAN_CONTRACT',
        'PLEDGE_CONTRACT',
        'INSURANCE_POLICY',
        'PREMIUM_VOUCHER',
        'REGISTRATION_PROOF',
      ],
    },
  },
  {
    // Beijing's shape: 50 % of the actual interest counted at most at 1.4 × LPR, ≤ 300,000 a firm a year.
    districtCode: '310115',
    kind: 'INTEREST',
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    terms: {
      programme: 'PUDONG-IP-INTEREST',
      eligibility: {
        registeredInDistrict: true,
        smeOnly: true,
        assetKinds: [],
        minIpShare: '0',
        performingOnly: true,
        firstPledgeOnly: false,
        excludesProgrammes: [],
      },
      lprCap: { reference: 'CONTRACT_MONTH', tenor: 'ONE_YEAR', multiple: '1.4' },
      ratio: '0.5',
      subsidisedMonths: 12,
      caps: { perLoan: null, perEnterprisePerYear: '300000.00', perEnterpriseCumulative: null },
      trigger: 'EACH_ON_TIME_REPAYMENT',
      window: OPEN_WINDOW,
      requiredProofs: ['APPLICATION', 'LOAN_CONTRACT', 'PLEDGE_CONTRACT', 'REPAYMENT_VOUCHER'],
    },
  },
  {
    districtCode: '310115',
    kind: 'INSURANCE_PREMIUM',
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    terms: {
      programme: 'PUDONG-IP-PREMIUM',
      eligibility: {
        registeredInDistrict: true,
        smeOnly: true,
        assetKinds: [],
        minIpShare: '0',
        performingOnly: true,
        firstPledgeOnly: false,
        excludesProgrammes: [],
      },
      lprCap: null,
      ratio: '0.5',
      subsidisedMonths: null,
      caps: { perLoan: null, perEnterprisePerYear: '100000.00', perEnterpriseCumulative: null },
      trigger: 'EACH_ON_TIME_REPAYMENT',
      window: OPEN_WINDOW,
      requiredProofs: ['INSURANCE_POLICY', 'PREMIUM_VOUCHER'],
    },
  },
  {
    // Qingdao's shape: 60 % of interest at most at the 1-year LPR of the month before the
    // contract, SMEs only, a patent pledged for the first time, ≤ 500,000 a firm a year.
    districtCode: '310104',
    kind: 'INTEREST',
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    terms: {
      programme: 'XUHUI-IP-INTEREST',
      eligibility: {
        registeredInDistrict: true,
        smeOnly: true,
        assetKinds: ['INVENTION_PATENT', 'UTILITY_MODEL_PATENT', 'DESIGN_PATENT'],
        minIpShare: '0',
        performingOnly: true,
        firstPledgeOnly: true,
        excludesProgrammes: [],
      },
      lprCap: { reference: 'MONTH_BEFORE_CONTRACT', tenor: 'ONE_YEAR', multiple: '1' },
      ratio: '0.6',
      subsidisedMonths: 12,
      caps: { perLoan: null, perEnterprisePerYear: '500000.00', perEnterpriseCumulative: null },
      trigger: 'EACH_ON_TIME_REPAYMENT',
      window: OPEN_WINDOW,
      requiredProofs: ['APPLICATION', 'LOAN_CONTRACT', 'PLEDGE_CONTRACT', 'REPAYMENT_VOUCHER'],
    },
  },
  {
    districtCode: '310104',
    kind: 'INSURANCE_PREMIUM',
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    terms: {
      programme: 'XUHUI-IP-PREMIUM',
      eligibility: {
        registeredInDistrict: true,
        smeOnly: true,
        assetKinds: [],
        minIpShare: '0',
        performingOnly: true,
        firstPledgeOnly: false,
        excludesProgrammes: [],
      },
      lprCap: null,
      ratio: '0.5',
      subsidisedMonths: null,
      caps: { perLoan: null, perEnterprisePerYear: '50000.00', perEnterpriseCumulative: null },
      trigger: 'EACH_ON_TIME_REPAYMENT',
      window: OPEN_WINDOW,
      requiredProofs: ['INSURANCE_POLICY', 'PREMIUM_VOUCHER'],
    },
  },
  {
    // Fujian's shape: 20 % counted at the 1-year LPR, ≤ 1 year per loan, ≤ 200,000 a firm in
    // total; like Nansha's, not combinable with Pudong's programme on the same loan.
    districtCode: '310110',
    kind: 'INTEREST',
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    terms: {
      programme: 'YANGPU-IP-INTEREST',
      eligibility: {
        registeredInDistrict: true,
        smeOnly: false,
        assetKinds: [],
        minIpShare: '0',
        performingOnly: true,
        firstPledgeOnly: false,
        excludesProgrammes: ['PUDONG-IP-INTEREST'],
      },
      lprCap: { reference: 'DISBURSEMENT', tenor: 'ONE_YEAR', multiple: '1' },
      ratio: '0.2',
      subsidisedMonths: 12,
      caps: { perLoan: null, perEnterprisePerYear: null, perEnterpriseCumulative: '200000.00' },
      trigger: 'EACH_ON_TIME_REPAYMENT',
      window: OPEN_WINDOW,
      requiredProofs: ['APPLICATION', 'LOAN_CONTRACT', 'REPAYMENT_VOUCHER'],
    },
  },
  {
    districtCode: '310110',
    kind: 'INSURANCE_PREMIUM',
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    terms: {
      programme: 'YANGPU-IP-PREMIUM',
      eligibility: {
        registeredInDistrict: true,
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
      caps: { ...NO_CAPS, perLoan: '50000.00' },
      trigger: 'EACH_ON_TIME_REPAYMENT',
      window: OPEN_WINDOW,
      requiredProofs: ['INSURANCE_POLICY', 'PREMIUM_VOUCHER'],
    },
  },
];

/**
 * The example planned annual budget of every seeded district and kind for the year of the
 * installation's business date: 2,000,000.00 yuan. The next year has no plan yet: its pools open
 * at zero, each with a work item for the district approver (who may plan it, or top it up).
 */
export const SEED_PLANNED_BUDGET = Money.ofYuan('2000000.00');

const SEED_KINDS: readonly SubsidyKind[] = ['INTEREST', 'INSURANCE_PREMIUM'];

/**
 * Budget pools that follow the business date: a plan for the date's year, then the pools of
 * that year and the next opened as the year close opens them (at the plan, or at zero with a
 * work item). Idempotent: a plan is only added for a year whose pool is not open yet, and pools
 * already there are left alone.
 */
export async function seedBudgets(
  budget: SubsidyBudgetRepository,
  tx: EntityManager,
  businessDate: string,
): Promise<void> {
  const year = Number(businessDate.slice(0, 4));
  const pools = [...new Set(SEED_POLICIES.map((p) => p.districtCode))].flatMap((districtCode) =>
    SEED_KINDS.map((kind) => ({ districtCode, kind })),
  );
  for (const pool of pools) {
    await tx.query(
      `INSERT INTO budget_plan (district_code, kind, budget_year, planned_fen, set_by, set_on)
       SELECT $1, $2, $3, $4, 'seed', $5
        WHERE NOT EXISTS (SELECT 1 FROM budget_pool WHERE district_code = $1 AND kind = $2 AND budget_year = $3)
       ON CONFLICT DO NOTHING`,
      [pool.districtCode, pool.kind, year, SEED_PLANNED_BUDGET.fen.toString(), businessDate],
    );
  }
  await budget.openYear(year, businessDate, { also: pools, manager: tx });
  await budget.openYear(year + 1, businessDate, { also: pools, manager: tx });
}

/** Idempotent like the rest of the seed: rows already there are left alone. */
export async function seedSubsidies(tx: EntityManager): Promise<void> {
  for (const entry of SEED_LPR) {
    await tx.query(
      `INSERT INTO lpr_rate (effective_from, one_year, five_year, updated_by) VALUES ($1,$2,$3,'seed')
       ON CONFLICT (effective_from) DO NOTHING`,
      [entry.effectiveFrom, entry.oneYear, entry.fiveYear],
    );
  }
  for (const policy of SEED_POLICIES) {
    // The seed goes through the same check as a district's publication.
    const terms = parsePolicyTerms(policy.kind, policy.terms);
    await tx.query(
      `INSERT INTO subsidy_policy (id, district_code, kind, version, effective_from, effective_to, terms, example, published_by)
       VALUES ($1,$2,$3,1,$4,$5,$6,true,'seed') ON CONFLICT (id) DO NOTHING`,
      [
        policyId(policy.districtCode, policy.kind, 1),
        policy.districtCode,
        policy.kind,
        policy.effectiveFrom,
        policy.effectiveTo,
        JSON.stringify(terms),
      ],
    );
  }
}

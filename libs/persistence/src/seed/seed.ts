import type { DataSource } from 'typeorm';
import {
  DEFAULT_DELINQUENCY_BUCKETS,
  parseDelinquencyBuckets,
} from '../../../domain/src/delinquency';
import { parseAuctionRules, parsePenaltyTerms } from '../../../domain/src/disposal';
import { Money } from '../../../domain/src/money';
import { parseRiskScheme } from '../../../domain/src/risk-sharing';
import { usccCheckCharacter } from '../../../domain/src/identifiers';
import { patentCheckCharacter } from '../../../domain/src/identifiers';
import type { RegisteredAsset } from '../../../domain/src/ip-assets';
import { AuditLog } from '../../../audit/src/audit-log';
import { AssetRegisterRepository } from '../repositories/asset-register.repository';
import { BusinessCalendarRepository } from '../repositories/business-calendar.repository';
import { SubsidyBudgetRepository } from '../repositories/subsidy-claim/subsidy-budget.repository';
import { seedBudgets, seedSubsidies } from './subsidy-seed';
import { seedWorkingCalendar } from './working-calendar-seed';

/** A USCC with a correct check character, from its first 17 characters. */
export function uscc(first17: string): string {
  return first17 + usccCheckCharacter(first17);
}

/** A patent application number with its check character, from 12 digits. */
export function patentNumber(digits12: string): string {
  return `${digits12}.${patentCheckCharacter(digits12)}`;
}

export const DEMO_ENTERPRISES = {
  pudongTech: {
    uscc: uscc('91310115MA1K3YJ1'.padEnd(17, '2')),
    name: '上海浦江智造科技有限公司 (demo)',
    districtCode: '310115',
  },
  xuhuiSoft: {
    uscc: uscc('91310104MA1FL8QK'.padEnd(17, '3')),
    name: '上海徐汇云启软件有限公司 (demo)',
    districtCode: '310104',
  },
  jinshanMaterials: {
    uscc: uscc('91310116MA1J9RX2'.padEnd(17, '4')),
    name: '上海金山新材料有限公司 (demo)',
    districtCode: '310116',
  },
};

/** Legal representatives of the demo firms (resident ID numbers with correct check characters). */
const DEMO_LEGAL_REPRESENTATIVES: Record<
  keyof typeof DEMO_ENTERPRISES,
  { name: string; idNumber: string; email: string }
> = {
  pudongTech: { name: '黄浦江', idNumber: '310115199001011021', email: 'ops@pujiang.example' },
  xuhuiSoft: { name: '徐云启', idNumber: '310115199001011080', email: 'ops@yunqi.example' },
  jinshanMaterials: { name: '金新材', idNumber: '31011519900101103X', email: 'ops@jincai.example' },
};

/** The banks' USCCs (demo values with correct check characters): a lending bank may not bid. */
export const BANK_USCCS: Record<string, string> = {
  'BANK-SHCB': uscc('91310000132211580'),
  'BANK-PDIB': uscc('91310115132219871'),
};

const ORGANISATIONS: [
  id: string,
  kind: string,
  name: string,
  nameZh: string,
  district: string | null,
][] = [
  ['BANK-SHCB', 'BANK', 'Shanghai City Commercial Bank (demo)', '上海城市商业银行（示例）', null],
  ['BANK-PDIB', 'BANK', 'Pudong Innovation Bank (demo)', '浦东创新银行（示例）', null],
  ['VAL-HUAYU', 'VALUATION_FIRM', 'Huayu Asset Valuation (demo)', '华域资产评估（示例）', null],
  [
    'VAL-DONGFANG',
    'VALUATION_FIRM',
    'Dongfang IP Appraisal (demo)',
    '东方知识产权评估（示例）',
    null,
  ],
  [
    'REG-SH',
    'REGISTRATION_OFFICE',
    'Shanghai IP pledge registration window (demo)',
    '上海知识产权质押登记窗口（示例）',
    null,
  ],
  ['DISTRICT-310115', 'DISTRICT', 'Pudong New Area IP Office', '浦东新区知识产权局', '310115'],
  ['DISTRICT-310104', 'DISTRICT', 'Xuhui District IP Office', '徐汇区知识产权局', '310104'],
  ['DISTRICT-310116', 'DISTRICT', 'Jinshan District IP Office', '金山区知识产权局', '310116'],
  ['DISTRICT-310110', 'DISTRICT', 'Yangpu District IP Office', '杨浦区知识产权局', '310110'],
  ['INS-ANXIN', 'INSURER', 'Anxin Property Insurance (demo)', '安信财产保险（示例）', null],
  [
    'FUND-SH-SME',
    'COMPENSATION_FUND',
    'Shanghai SME policy guarantee fund (demo)',
    '上海市中小微企业政策性融资担保基金（示例）',
    null,
  ],
  [
    'MUNI-IPO',
    'MUNICIPAL_IP_OFFICE',
    'Shanghai Municipal IP Administration',
    '上海市知识产权局',
    null,
  ],
  [
    'EXCH-SHIPX',
    'EXCHANGE',
    'Shanghai Intellectual Property Exchange Center (demo)',
    '上海知识产权交易中心（示例）',
    null,
  ],
  [
    `ENT-${DEMO_ENTERPRISES.pudongTech.uscc}`,
    'ENTERPRISE',
    'Pujiang Smart Manufacturing (demo)',
    DEMO_ENTERPRISES.pudongTech.name,
    '310115',
  ],
];

/** One user per role at least, two banks and four districts (issue: seeded users cover every role). */
const USERS: [username: string, displayName: string, organisationId: string, role: string][] = [
  ['officer.shcb', '王敏 (loan officer)', 'BANK-SHCB', 'LOAN_OFFICER'],
  ['officer2.shcb', '陈晨 (loan officer)', 'BANK-SHCB', 'LOAN_OFFICER'],
  ['approver.shcb', '李强 (credit approver)', 'BANK-SHCB', 'CREDIT_APPROVER'],
  ['officer.pdib', '张伟 (loan officer)', 'BANK-PDIB', 'LOAN_OFFICER'],
  ['approver.pdib', '刘洋 (credit approver)', 'BANK-PDIB', 'CREDIT_APPROVER'],
  ['evaluator.huayu', '赵磊 (evaluator)', 'VAL-HUAYU', 'EVALUATOR'],
  ['evaluator.dongfang', '孙静 (evaluator)', 'VAL-DONGFANG', 'EVALUATOR'],
  ['clerk.reg', '周婷 (registration clerk)', 'REG-SH', 'REGISTRATION_CLERK'],
  ['reviewer.pudong', '吴刚 (district reviewer)', 'DISTRICT-310115', 'DISTRICT_REVIEWER'],
  ['approver.pudong', '郑丽 (district approver)', 'DISTRICT-310115', 'DISTRICT_APPROVER'],
  // A second approver: a claim reviewed by one approver is approved by the other (four eyes).
  ['approver2.pudong', '钱宇 (district approver)', 'DISTRICT-310115', 'DISTRICT_APPROVER'],
  ['reviewer.xuhui', '冯涛 (district reviewer)', 'DISTRICT-310104', 'DISTRICT_REVIEWER'],
  ['approver.xuhui', '何芳 (district approver)', 'DISTRICT-310104', 'DISTRICT_APPROVER'],
  ['reviewer.jinshan', '许军 (district reviewer)', 'DISTRICT-310116', 'DISTRICT_REVIEWER'],
  ['approver.jinshan', '马琳 (district approver)', 'DISTRICT-310116', 'DISTRICT_APPROVER'],
  ['reviewer.yangpu', '高飞 (district reviewer)', 'DISTRICT-310110', 'DISTRICT_REVIEWER'],
  ['approver.yangpu', '林雪 (district approver)', 'DISTRICT-310110', 'DISTRICT_APPROVER'],
  ['insurer.anxin', '罗斌 (insurer)', 'INS-ANXIN', 'INSURER'],
  ['fund.manager', '梁红 (fund manager)', 'FUND-SH-SME', 'FUND_MANAGER'],
  // Second users of the insurer and the fund: who confirms or reviews a claim does not pay it,
  // and a fund top-up is proposed by one manager and approved by the other.
  ['insurer2.anxin', '邓超 (insurer)', 'INS-ANXIN', 'INSURER'],
  ['fund.manager2', '沈洁 (fund manager)', 'FUND-SH-SME', 'FUND_MANAGER'],
  ['admin.ipo', '宋佳 (administrator)', 'MUNI-IPO', 'ADMINISTRATOR'],
  // Two operators of the exchange: the auction rounds of a disposal are run by the exchange.
  ['operator.shipx', '韩梅 (exchange operator)', 'EXCH-SHIPX', 'EXCHANGE_OPERATOR'],
  ['operator2.shipx', '蒋涛 (exchange operator)', 'EXCH-SHIPX', 'EXCHANGE_OPERATOR'],
  [
    'enterprise.pujiang',
    '唐杰 (enterprise)',
    `ENT-${DEMO_ENTERPRISES.pudongTech.uscc}`,
    'ENTERPRISE',
  ],
];

/**
 * The compensation fund's pool (example size). Funds back about ten times their size in loans
 * (docs/domain.md, Risk sharing).
 */
const FUNDS = [
  {
    code: 'FUND-SH-SME-IP',
    orgId: 'FUND-SH-SME',
    name: '上海市中小微企业政策性融资担保基金·知识产权质押（示例）',
    total: '50000000.00',
  },
];

/**
 * Risk-sharing schemes. The split itself is recorded per case at credit approval; a scheme says
 * what base is shared, when the fund may be claimed, the caps and the deposit.
 */
const RISK_SCHEMES = [
  {
    // Municipal finance notice of November 2023: claim after 2 full months non-performing,
    // principal only on the IP-secured share, about 80 % into a deposit released after write-off.
    terms: {
      code: 'SH-DEPOSIT-2023',
      name: 'Shanghai IP-pledge deposit model (2023)',
      triggerDaysNonPerforming: 60,
      base: 'PRINCIPAL',
      ipSecuredOnly: true,
      caps: { fundPerClaim: null, insurerPerClaim: null },
      depositRatio: '0.8',
    },
    fundCode: 'FUND-SH-SME-IP',
    insurerOrgId: 'INS-ANXIN',
    example: false,
  },
  {
    // Shape of a Zhongshan-style 54 / 26 / 16 / 4 split with caps per claim; example values.
    terms: {
      code: 'EXAMPLE-SPLIT-CAPPED',
      name: 'Example: capped split, paid outright (54/26/16/4 style)',
      triggerDaysNonPerforming: 90,
      base: 'PRINCIPAL',
      ipSecuredOnly: true,
      caps: { fundPerClaim: '2000000.00', insurerPerClaim: '1000000.00' },
      depositRatio: null,
    },
    fundCode: 'FUND-SH-SME-IP',
    insurerOrgId: 'INS-ANXIN',
    example: true,
  },
];

/** Court-auction practice (docs/domain.md): start at 70 %, cut at most 20 %, two rounds. */
const AUCTION_RULES = { floorRatio: '0.7', maxStepCut: '0.2', roundBusinessDays: 5, maxRounds: 2 };

/** Penalty interest (罚息) on overdue principal: the contract rate plus 50 %. */
const PENALTY_RATE_MULTIPLIER = '1.5';

/** Loan products; LTV caps follow one bank's published caps (invention 25 %, utility 15 %, trademark 50 %). */
const PRODUCTS = [
  {
    code: 'SHCB-IP-STD',
    bankOrgId: 'BANK-SHCB',
    name: '知识产权质押贷 (standard)',
    terms: {
      code: 'SHCB-IP-STD',
      name: '知识产权质押贷 (standard)',
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
      delinquencyBuckets: DEFAULT_DELINQUENCY_BUCKETS,
      // Defaults by itself at 90 days past due, on the close of business that reaches them.
      autoDefault: true,
      auctionRules: AUCTION_RULES,
      riskSchemeCode: 'SH-DEPOSIT-2023',
      penaltyRateMultiplier: PENALTY_RATE_MULTIPLIER,
    },
  },
  {
    code: 'SHCB-IP-GROWTH',
    bankOrgId: 'BANK-SHCB',
    name: '知识产权成长贷 (growth)',
    terms: {
      code: 'SHCB-IP-GROWTH',
      name: '知识产权成长贷 (growth)',
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
      delinquencyBuckets: DEFAULT_DELINQUENCY_BUCKETS,
      // Arrears go to the credit committee, which declares default itself: no automatic default.
      autoDefault: false,
      auctionRules: AUCTION_RULES,
      riskSchemeCode: 'SH-DEPOSIT-2023',
      penaltyRateMultiplier: PENALTY_RATE_MULTIPLIER,
    },
  },
  {
    code: 'PDIB-IP-FAST',
    bankOrgId: 'BANK-PDIB',
    name: '科创知识产权快贷 (fast)',
    terms: {
      code: 'PDIB-IP-FAST',
      name: '科创知识产权快贷 (fast)',
      ltvByAssetKind: {
        INVENTION_PATENT: '0.30',
        UTILITY_MODEL_PATENT: '0.20',
        DESIGN_PATENT: '0.10',
        TRADEMARK: '0.50',
        SOFTWARE_COPYRIGHT: '0.30',
      },
      overdueAfterDays: 1,
      defaultAfterDays: 90,
      valuationValidityMonths: 12,
      delinquencyBuckets: DEFAULT_DELINQUENCY_BUCKETS,
      // The bank declares default itself.
      autoDefault: false,
      auctionRules: { ...AUCTION_RULES, roundBusinessDays: 10, maxRounds: 3 },
      riskSchemeCode: 'EXAMPLE-SPLIT-CAPPED',
      penaltyRateMultiplier: PENALTY_RATE_MULTIPLIER,
    },
  },
];

// Seed data goes through the same parsers as the workflow: a bad edit fails here, not at default.
for (const product of PRODUCTS) {
  parseDelinquencyBuckets(product.terms.delinquencyBuckets);
  parseAuctionRules(product.terms.auctionRules);
  parsePenaltyTerms(product.terms);
}
for (const scheme of RISK_SCHEMES) parseRiskScheme(scheme.terms);

export const DEMO_ASSETS: RegisteredAsset[] = [
  {
    number: patentNumber('202110362077'),
    kind: 'INVENTION_PATENT',
    title: '一种工业机器人关节减速器 (demo)',
    owners: [DEMO_ENTERPRISES.pudongTech.uscc],
    grantDate: '2023-05-12',
    expiryDate: '2041-03-30',
    annualFeePaidUntil: '2027-03-30',
    legalStatus: 'IN_FORCE',
  },
  {
    number: patentNumber('202220123456'),
    kind: 'UTILITY_MODEL_PATENT',
    title: '一种减速器润滑结构 (demo)',
    owners: [DEMO_ENTERPRISES.pudongTech.uscc],
    grantDate: '2022-09-01',
    expiryDate: '2032-01-10',
    annualFeePaidUntil: '2027-01-10',
    legalStatus: 'IN_FORCE',
  },
  {
    number: '2019SR0123456',
    kind: 'SOFTWARE_COPYRIGHT',
    title: '云启数据治理平台 V3.0 (demo)',
    owners: [DEMO_ENTERPRISES.xuhuiSoft.uscc],
    grantDate: '2019-02-14',
    expiryDate: '2069-12-31',
    annualFeePaidUntil: null,
    legalStatus: 'IN_FORCE',
  },
  {
    number: '31234567',
    kind: 'TRADEMARK',
    title: '金材 (demo trademark, class 1)',
    owners: [DEMO_ENTERPRISES.jinshanMaterials.uscc],
    grantDate: '2020-06-07',
    expiryDate: '2030-06-06',
    annualFeePaidUntil: null,
    legalStatus: 'IN_FORCE',
  },
];

/** The first business date of a fresh installation. */
export const INITIAL_BUSINESS_DATE = '2026-01-15';

/** Idempotent: running it again changes nothing that is already there. */
export async function seed(db: DataSource, options: { businessDate?: string } = {}): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [id, kind, name, nameZh, district] of ORGANISATIONS) {
      await tx.query(
        `INSERT INTO organisation (id, kind, name, name_zh, district_code, uscc) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (id) DO UPDATE SET uscc = COALESCE(organisation.uscc, EXCLUDED.uscc)`,
        [id, kind, name, nameZh, district, BANK_USCCS[id] ?? null],
      );
    }
    for (const [username, displayName, organisationId, role] of USERS) {
      await tx.query(
        `INSERT INTO app_user (id, username, display_name, organisation_id, role) VALUES ($1,$1,$2,$3,$4) ON CONFLICT (username) DO NOTHING`,
        [username, displayName, organisationId, role],
      );
    }
    for (const fund of FUNDS) {
      await tx.query(
        `INSERT INTO compensation_fund (code, org_id, name, total_fen) VALUES ($1,$2,$3,$4) ON CONFLICT (code) DO NOTHING`,
        [fund.code, fund.orgId, fund.name, Money.ofYuan(fund.total).fen.toString()],
      );
    }
    for (const scheme of RISK_SCHEMES) {
      await tx.query(
        `INSERT INTO risk_scheme (code, name, terms, fund_code, insurer_org_id, example) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (code) DO NOTHING`,
        [
          scheme.terms.code,
          scheme.terms.name,
          JSON.stringify(scheme.terms),
          scheme.fundCode,
          scheme.insurerOrgId,
          scheme.example,
        ],
      );
    }
    for (const product of PRODUCTS) {
      await tx.query(
        `INSERT INTO loan_product (code, bank_org_id, name, terms) VALUES ($1,$2,$3,$4) ON CONFLICT (code) DO NOTHING`,
        [product.code, product.bankOrgId, product.name, JSON.stringify(product.terms)],
      );
    }
    // The enterprise register: the demo firms the seed's cases and the test flows open cases for.
    // Their USCCs name their districts, so none needs a second person's confirmation.
    for (const [key, legalRep] of Object.entries(DEMO_LEGAL_REPRESENTATIVES)) {
      const firm = DEMO_ENTERPRISES[key as keyof typeof DEMO_ENTERPRISES];
      await tx.query(
        `INSERT INTO enterprise (uscc, legal_name, district_code, sme_class, legal_rep_name, legal_rep_id_number,
                                 contact_name, contact_phone, contact_email, usccs_district, status,
                                 registered_by, registered_by_org)
         VALUES ($1,$2,$3,'SMALL',$4,$5,$4,'021-50000000',$6,$3,'ACTIVE','seed','MUNI-IPO')
         ON CONFLICT (uscc) DO NOTHING`,
        [firm.uscc, firm.name, firm.districtCode, legalRep.name, legalRep.idNumber, legalRep.email],
      );
    }
    const register = new AssetRegisterRepository(db, new AuditLog(db));
    for (const asset of DEMO_ASSETS) {
      const existing = await register.find(asset.number, tx);
      if (!existing) await register.upsert(asset, 'seed', tx);
    }
    await seedSubsidies(tx);
    await seedWorkingCalendar(tx);
  });
  // Budgets follow the business date in force (a seed run again keeps the stored date).
  const businessDate = await new BusinessCalendarRepository(db).initialise(
    options.businessDate ?? INITIAL_BUSINESS_DATE,
  );
  await db.transaction((tx) => seedBudgets(new SubsidyBudgetRepository(db), tx, businessDate));
}

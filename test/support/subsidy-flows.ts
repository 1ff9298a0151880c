/**
 * Steps for the subsidy suites: publish a policy, open a disbursed loan (optionally with an
 * IP-secured share below 1), repay instalments on their due dates, claim, act on claims and read
 * the budget pools. Every step asserts its expected HTTP status.
 */
import type request from 'supertest';
import {
  act,
  businessDate,
  driveTo,
  expectOk,
  getCase,
  openCase,
  registerAsset,
  RISK_SHARING,
  USERS,
  withDb,
  type CaseRequest,
  type Json,
} from './case-flows';
import { createDataSource } from '../../libs/persistence/src/data-source';
import { SubsidyBudgetRepository } from '../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { seedBudgets } from '../../libs/persistence/src/seed/subsidy-seed';
import type { TestSystem } from './test-system';

/** Complete policy terms: 50 % of the interest paid, no LPR cap, no caps, open window. */
export function policyTerms(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { eligibility, ...rest } = overrides;
  return {
    programme: 'TEST-PROGRAMME',
    eligibility: {
      registeredInDistrict: false,
      smeOnly: false,
      assetKinds: [],
      minIpShare: '0',
      performingOnly: true,
      firstPledgeOnly: false,
      excludesProgrammes: [],
      ...(eligibility as object | undefined),
    },
    lprCap: null,
    ratio: '0.5',
    subsidisedMonths: null,
    caps: { perLoan: null, perEnterprisePerYear: null, perEnterpriseCumulative: null },
    trigger: 'EACH_ON_TIME_REPAYMENT',
    window: { repaidFrom: null, repaidTo: null },
    requiredProofs: ['LOAN_CONTRACT', 'REPAYMENT_VOUCHER'],
    ...rest,
  };
}

export const PROOFS = ['LOAN_CONTRACT', 'REPAYMENT_VOUCHER'];

/** Publishes a policy version as a district approver, in force from the business date. */
export async function publishPolicy(
  system: TestSystem,
  approver: string,
  kind: 'INTEREST' | 'INSURANCE_PREMIUM',
  terms: Record<string, unknown>,
  effectiveFrom?: string,
): Promise<Json> {
  const res = await (
    await system.as(approver)
  ).post('/api/v1/subsidies/policies', {
    kind,
    effectiveFrom: effectiveFrom ?? (await businessDate(system)),
    terms,
  });
  expectOk(res, 201);
  return res.body;
}

export interface LoanSpec extends Partial<CaseRequest> {
  /** Recorded at credit approval; absent = the IP is the only collateral ("1"). */
  ipSecuredShare?: string;
  /** Owner of the pledged patent (default the case's enterprise). */
  owner?: string;
}

/** Opens a case, approves it (with the IP-secured share), registers and disburses it today. */
export async function openLoan(system: TestSystem, spec: LoanSpec = {}): Promise<Json> {
  const { ipSecuredShare, owner, ...overrides } = spec;
  const enterpriseUscc = overrides.enterprise?.uscc;
  const assets = overrides.assets ?? [
    {
      type: 'PATENT' as const,
      number: await registerAsset(
        system,
        owner || enterpriseUscc ? { owners: [owner ?? enterpriseUscc!] } : {},
      ),
    },
  ];
  const { caseNumber } = await openCase(system, {
    // The bank declares default itself under this product, so a test may advance the business
    // date past 90 days and then record the repayments on their (earlier) due dates.
    productCode: 'SHCB-IP-GROWTH',
    repaymentMethod: 'INTEREST_ONLY',
    annualRate: '0.0435',
    ...overrides,
    assets,
  });
  const on = await businessDate(system);
  await driveTo(system, caseNumber, 'VALUED', { on });
  await act(
    system,
    caseNumber,
    '/credit-approval',
    ipSecuredShare ? { riskSharing: RISK_SHARING, ipSecuredShare } : { riskSharing: RISK_SHARING },
    USERS.approver,
  );
  await driveTo(system, caseNumber, 'REGISTERED', { on });
  const active = await act(system, caseNumber, '/disbursement', {
    reference: `DB-${caseNumber.slice(-20)}`,
    valueDate: on,
  });
  expect(active.status).toBe('ACTIVE');
  return active;
}

/** Pays instalments `seqs` in full, each on its own due date (on time). */
export async function repayOnDueDates(
  system: TestSystem,
  caseNumber: string,
  seqs: number[],
): Promise<Json> {
  let view = await getCase(system, caseNumber);
  for (const seq of seqs) {
    const row = (view.schedule as Json[]).find((r) => r.seq === seq);
    const fen = toFen(row.principal) + toFen(row.interest);
    view = await act(system, caseNumber, '/repayments', {
      reference: `RP-${caseNumber.slice(-16)}-${seq}`,
      amount: `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`,
      valueDate: row.dueDate,
    });
  }
  return view;
}

function toFen(yuan: string): bigint {
  const [whole, frac = ''] = yuan.split('.');
  return BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'));
}

export function claimInterest(
  system: TestSystem,
  who: string,
  body: {
    caseNumber: string;
    fromInstalment: number;
    toInstalment: number;
    districtCode?: string;
    proofs?: string[];
  },
): Promise<request.Response> {
  return system
    .as(who)
    .then((agent) => agent.post('/api/v1/subsidies/claims/interest', { proofs: PROOFS, ...body }));
}

/** Submits an interest claim and asserts it was stored (201). */
export async function submitInterest(
  system: TestSystem,
  who: string,
  body: Parameters<typeof claimInterest>[2],
): Promise<Json> {
  const res = await claimInterest(system, who, body);
  expectOk(res, 201);
  return res.body;
}

/** POSTs a step on a claim and returns the raw response (for refusals). */
export async function claimStep(
  system: TestSystem,
  claimId: string,
  step: string,
  who: string,
  body: object = {},
): Promise<request.Response> {
  return (await system.as(who)).post(`/api/v1/subsidies/claims/${claimId}/${step}`, body);
}

/** POSTs a step on a claim, asserts 200 and returns the claim. */
export async function claimAct(
  system: TestSystem,
  claimId: string,
  step: string,
  who: string,
  body: object = {},
): Promise<Json> {
  const res = await claimStep(system, claimId, step, who, body);
  expectOk(res, 200);
  return res.body;
}

export async function getClaim(system: TestSystem, claimId: string, who: string): Promise<Json> {
  const res = await (await system.as(who)).get(`/api/v1/subsidies/claims/${claimId}`);
  expectOk(res, 200);
  return res.body;
}

/** The steps `who` could take on the claim now, as the API answers them. */
export async function allowedActions(
  system: TestSystem,
  claimId: string,
  who: string,
): Promise<string[]> {
  const res = await (
    await system.as(who)
  ).get(`/api/v1/subsidies/claims/${claimId}/allowed-actions`);
  expectOk(res, 200);
  return (res.body.actions as { action: string }[]).map((a) => a.action);
}

export interface PoolFigures {
  total: string;
  reserved: string;
  paid: string;
  waitlisted: number;
  status: string;
}

/** The pool row as PostgreSQL holds it, in yuan. */
export async function poolFigures(
  system: TestSystem,
  districtCode: string,
  kind: string,
  year: number,
): Promise<PoolFigures | null> {
  return withDb(system, async (db) => {
    const { rows } = await db.query(
      `SELECT (total_fen::numeric / 100)::numeric(20,2)::text AS total,
              (reserved_fen::numeric / 100)::numeric(20,2)::text AS reserved,
              (paid_fen::numeric / 100)::numeric(20,2)::text AS paid,
              waitlisted_count AS waitlisted, status
         FROM budget_pool WHERE district_code = $1 AND kind = $2 AND budget_year = $3`,
      [districtCode, kind, year],
    );
    return rows[0] ?? null;
  });
}

/**
 * Sets this test system's business date before anything happens in it. The clone of the template
 * starts on 2026-01-15; a suite about an earlier call starts its installation on an earlier day
 * (dates only move forward from there, through the close of business). The budgets are seeded
 * for that day as a fresh installation's are: planned pools for its year, the next year's too.
 */
export async function startInstallationOn(system: TestSystem, date: string): Promise<void> {
  await withDb(system, async (db) => {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM loan_case`);
    if (rows[0].n !== 0) throw new Error('startInstallationOn must run before any case exists');
    await db.query(`UPDATE business_calendar SET business_date = $1`, [date]);
  });
  const dataSource = createDataSource(system.databaseUrl);
  await dataSource.initialize();
  try {
    await dataSource.transaction((tx) =>
      seedBudgets(new SubsidyBudgetRepository(dataSource), tx, date),
    );
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Reusable steps for the integration suites: register assets, open a case and drive it through
 * the lifecycle over the real API, move the business date, read PostgreSQL. Every step asserts
 * its expected HTTP status and reports the problem body when it gets another one.
 */
import type { Client as PgClient } from 'pg';
import type request from 'supertest';
import { DEMO_ENTERPRISES, patentNumber, uscc } from '../../libs/persistence/src/seed/seed';
import type { TestSystem, UserAgent } from './test-system';

/** A JSON body as the API returns it; tests read into it freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const USERS = {
  officer: 'officer.shcb',
  officer2: 'officer2.shcb',
  approver: 'approver.shcb',
  evaluator: 'evaluator.huayu',
  clerk: 'clerk.reg',
  admin: 'admin.ipo',
  otherBankOfficer: 'officer.pdib',
} as const;

export const PRODUCT = 'SHCB-IP-STD';
export const VALUATION_FIRM = 'VAL-HUAYU';

/** A user name (logged in through `system.as`) or an agent already holding a token. */
export type Who = string | UserAgent;

async function agent(system: TestSystem, who: Who): Promise<UserAgent> {
  return typeof who === 'string' ? system.as(who) : who;
}

/** An agent for a token fetched now, bypassing `system.as`'s per-username token cache. */
export async function freshAgent(system: TestSystem, username: string): Promise<UserAgent> {
  const res = await system.http.post('/api/v1/auth/dev-login').send({ username });
  expectOk(res, 200);
  const auth = `Bearer ${res.body.accessToken as string}`;
  return {
    get: (path) => system.http.get(path).set('Authorization', auth),
    post: (path, body = {}) => system.http.post(path).set('Authorization', auth).send(body),
    put: (path, body = {}) => system.http.put(path).set('Authorization', auth).send(body),
  };
}

// --- assertions -------------------------------------------------------------------------------

/** Asserts the HTTP status; on a mismatch the error shows the whole response body. */
export function expectOk(res: request.Response, status: number): void {
  if (res.status !== status) {
    throw new Error(
      `Expected HTTP ${status}, got ${res.status} for ${res.request?.method ?? ''} ${res.request?.url ?? ''}: ${JSON.stringify(res.body)}`,
    );
  }
}

/** Asserts a problem response: status and stable `code`. Returns the problem body. */
export function expectProblem(res: request.Response, status: number, code: string): Json {
  if (res.status !== status || res.body?.code !== code) {
    throw new Error(
      `Expected ${status} ${code}, got ${res.status} ${String(res.body?.code)}: ${JSON.stringify(res.body)}`,
    );
  }
  return res.body;
}

// --- identifiers ------------------------------------------------------------------------------

let serial = Math.floor(Math.random() * 4_000_000);
const runTag = Math.random().toString(36).slice(2, 7).toUpperCase();

/**
 * A bank reference unique across the whole test run: case workflow ids live in the Temporal
 * namespace that every test file shares.
 */
export function uniqueRef(prefix: string): string {
  serial += 1;
  return `${prefix}-${runTag}-${serial}`.toUpperCase();
}

export function caseNumberOf(bankReference: string, bank = 'BANK-SHCB'): string {
  return `${bank}-${bankReference}`.toUpperCase();
}

/** A fresh patent application number with a correct check character (invention or utility model). */
export function newPatentNumber(kind: 'INVENTION' | 'UTILITY_MODEL' = 'INVENTION'): string {
  serial += 1;
  return patentNumber(`2021${kind === 'INVENTION' ? '1' : '2'}${String(serial).padStart(7, '0')}`);
}

/** A fresh USCC of a Pudong company with a correct check character. */
export function newUscc(): string {
  serial += 1;
  return uscc(`91310115MA${String(serial).padStart(7, '0')}`);
}

// --- business dates (plain UTC calendar arithmetic, independent of the domain library) --------

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Same day of month `months` later (callers use days ≤ 28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export async function businessDate(system: TestSystem): Promise<string> {
  const res = await (await agent(system, USERS.officer)).get('/api/v1/business-date');
  expectOk(res, 200);
  return res.body.businessDate as string;
}

/** Runs close of business up to `date` as the administrator and waits for it. */
export async function advanceTo(
  system: TestSystem,
  date: string,
): Promise<{ from: string; to: string; casesNotified: number }> {
  const res = await (
    await agent(system, USERS.admin)
  ).post('/api/v1/admin/business-date/advance', { to: date });
  expectOk(res, 200);
  return res.body;
}

// --- the register -----------------------------------------------------------------------------

export interface AssetSpec {
  number: string;
  kind:
    | 'INVENTION_PATENT'
    | 'UTILITY_MODEL_PATENT'
    | 'DESIGN_PATENT'
    | 'TRADEMARK'
    | 'SOFTWARE_COPYRIGHT';
  title: string;
  owners: string[];
  grantDate: string | null;
  expiryDate: string | null;
  annualFeePaidUntil: string | null;
  legalStatus:
    | 'PENDING'
    | 'IN_FORCE'
    | 'LAPSED'
    | 'INVALIDATED'
    | 'INVALIDATION_PENDING'
    | 'FROZEN'
    | 'OWNERSHIP_DISPUTE';
}

/** The pledgor of the default case; owns every asset `registerAsset` creates unless told otherwise. */
export const PLEDGOR = { ...DEMO_ENTERPRISES.pudongTech, sme: true };

/**
 * Creates a register entry as the registration clerk: by default an invention patent in force,
 * owned by {@link PLEDGOR}, fees paid and term running well past any test loan.
 */
export async function registerAsset(
  system: TestSystem,
  overrides: Partial<AssetSpec> = {},
): Promise<string> {
  const spec: AssetSpec = {
    number: newPatentNumber(
      overrides.kind === 'UTILITY_MODEL_PATENT' ? 'UTILITY_MODEL' : 'INVENTION',
    ),
    kind: 'INVENTION_PATENT',
    title: 'integration-test patent',
    owners: [PLEDGOR.uscc],
    grantDate: '2023-05-12',
    expiryDate: '2041-03-30',
    annualFeePaidUntil: '2030-03-30',
    legalStatus: 'IN_FORCE',
    ...overrides,
  };
  const body: Record<string, unknown> = {
    kind: spec.kind,
    title: spec.title,
    owners: spec.owners,
    legalStatus: spec.legalStatus,
  };
  if (spec.grantDate) body.grantDate = spec.grantDate;
  if (spec.expiryDate) body.expiryDate = spec.expiryDate;
  if (spec.annualFeePaidUntil) body.annualFeePaidUntil = spec.annualFeePaidUntil;
  const res = await (
    await agent(system, USERS.clerk)
  ).put(`/api/v1/assets/${encodeURIComponent(spec.number)}`, body);
  expectOk(res, 200);
  return res.body.number as string;
}

// --- opening a case ---------------------------------------------------------------------------

export interface CaseAssetInput {
  type: 'PATENT' | 'TRADEMARK' | 'SOFTWARE_COPYRIGHT';
  number: string;
  coOwnerConsents?: string[];
  invalidationPendingConfirmed?: boolean;
}

/**
 * A firm as the tests describe it: the case body sends only its USCC (the register holds the
 * rest), and {@link ensureEnterprise} registers it from these facts when it is not yet there.
 */
export interface EnterpriseSpec {
  uscc: string;
  name?: string;
  districtCode?: string;
  sme?: boolean;
  confirmUsccCheck?: { reason: string };
}

export interface CaseRequest {
  bankReference: string;
  productCode: string;
  enterprise: EnterpriseSpec;
  amount: string;
  termMonths: number;
  annualRate: string;
  repaymentMethod: 'EQUAL_INSTALMENT' | 'EQUAL_PRINCIPAL' | 'INTEREST_ONLY';
  paymentFrequencyMonths?: number;
  assets: CaseAssetInput[];
}

/**
 * Puts a firm in the enterprise register (as the administrator) unless it is there, so a case
 * can be opened for it. A district other than the one its USCC names is confirmed by a second
 * user (the approver) at once.
 */
export async function ensureEnterprise(system: TestSystem, spec: EnterpriseSpec): Promise<void> {
  const admin = await agent(system, USERS.admin);
  const found = await admin.get(`/api/v1/enterprises/${encodeURIComponent(spec.uscc)}`);
  if (found.status === 200) return;
  const res = await admin.post('/api/v1/enterprises', {
    uscc: spec.uscc,
    legalName: spec.name ?? '上海测试科技有限公司 (test)',
    districtCode: spec.districtCode ?? '310115',
    smeClass: spec.sme === false ? 'NOT_SME' : 'SMALL',
    legalRepresentative: { name: '测试法人', idNumber: '11010519491231002X' },
    contact: { name: '测试联系人', phone: '021-50000000', email: 'test@example.cn' },
    ...(spec.confirmUsccCheck ? { confirmUsccCheck: spec.confirmUsccCheck } : {}),
  });
  if (res.status === 409) return; // registered meanwhile by a parallel test
  expectOk(res, 201);
  if (res.body.status === 'PENDING_CONFIRMATION') {
    expectOk(
      await (
        await agent(system, USERS.approver)
      ).post(`/api/v1/enterprises/${encodeURIComponent(spec.uscc)}/confirm-district`),
      200,
    );
  }
}

/** The case body the API takes: the enterprise by its USCC only. */
export function caseBody(request: CaseRequest): Omit<CaseRequest, 'enterprise'> & {
  enterprise: { uscc: string };
} {
  return { ...request, enterprise: { uscc: request.enterprise.uscc } };
}

/** A complete, valid application body; `assets` must be given unless overridden. */
export function caseRequest(overrides: Partial<CaseRequest> = {}): CaseRequest {
  return {
    bankReference: uniqueRef('IT'),
    productCode: PRODUCT,
    enterprise: { ...PLEDGOR },
    amount: '500000.00',
    termMonths: 12,
    annualRate: '0.0345',
    repaymentMethod: 'EQUAL_INSTALMENT',
    assets: [],
    ...overrides,
  };
}

export interface OpenedCase {
  caseNumber: string;
  request: CaseRequest;
  /** The case as POST /cases returned it. */
  view: Json;
}

/**
 * Opens a case (201). Without `assets`, registers one fresh invention patent of the pledgor and
 * pledges it.
 */
export async function openCase(
  system: TestSystem,
  overrides: Partial<CaseRequest> = {},
  who: Who = USERS.officer,
): Promise<OpenedCase> {
  const assets = overrides.assets ?? [
    { type: 'PATENT' as const, number: await registerAsset(system) },
  ];
  const body = caseRequest({ ...overrides, assets });
  await ensureEnterprise(system, body.enterprise);
  const res = await (await agent(system, who)).post('/api/v1/cases', caseBody(body));
  expectOk(res, 201);
  return { caseNumber: res.body.caseNumber as string, request: body, view: res.body };
}

// --- steps ------------------------------------------------------------------------------------

export async function getCase(
  system: TestSystem,
  caseNumber: string,
  who: Who = USERS.officer,
): Promise<Json> {
  const res = await (await agent(system, who)).get(`/api/v1/cases/${caseNumber}`);
  expectOk(res, 200);
  return res.body;
}

/** Asserts the case (read model) is in `status`; the usual check that a refused step changed nothing. */
export async function expectCaseStatus(
  system: TestSystem,
  caseNumber: string,
  status: string,
): Promise<Json> {
  const view = await getCase(system, caseNumber);
  expect(view.status).toBe(status);
  return view;
}

/** POSTs a case action and asserts 200; returns the case view. */
export async function act(
  system: TestSystem,
  caseNumber: string,
  path: string,
  body: object = {},
  who: Who = USERS.officer,
): Promise<Json> {
  const res = await (await agent(system, who)).post(`/api/v1/cases/${caseNumber}${path}`, body);
  expectOk(res, 200);
  return res.body;
}

/** POSTs a case action and returns the raw response (for refusals). */
export async function attempt(
  system: TestSystem,
  caseNumber: string,
  path: string,
  body: object = {},
  who: Who = USERS.officer,
): Promise<request.Response> {
  return (await agent(system, who)).post(`/api/v1/cases/${caseNumber}${path}`, body);
}

export const RISK_SHARING = { bankBp: 2000, insurerBp: 1600, fundBp: 5400, guarantorBp: 1000 };

export interface DriveOptions {
  /** Asset values for the valuation report; default: every pledged asset at 5,000,000.00. */
  values?: { number: string; value: string }[];
  /** Date used for report, contract and registration; default: the current business date. */
  on?: string;
  reportNumber?: string;
  /** Who performs the loan officer's steps (default officer.shcb). */
  officer?: Who;
  /** Who approves the credit (default approver.shcb; another bank's case needs its own). */
  approver?: Who;
}

export const LIFECYCLE_TARGETS = [
  'SUBMITTED',
  'VERIFIED',
  'VALUATION',
  'VALUED',
  'APPROVED',
  'CONTRACTED',
  'REGISTERING',
  'REGISTERED',
] as const;
export type DriveTarget = (typeof LIFECYCLE_TARGETS)[number];

/**
 * Drives a DRAFT case forward, step by step over the API, until it reaches `target`; each step
 * asserts 200 and the status it leads to. Returns the last case view.
 */
export async function driveTo(
  system: TestSystem,
  caseNumber: string,
  target: DriveTarget,
  options: DriveOptions = {},
): Promise<Json> {
  const officer = options.officer ?? USERS.officer;
  const on = options.on ?? (await businessDate(system));
  const ref = caseNumber.replace(/^BANK-[A-Z]+-/, '').slice(0, 30);
  let view = await getCase(system, caseNumber, officer);
  const values =
    options.values ??
    (view.assets as { number: string }[]).map((a) => ({ number: a.number, value: '5000000.00' }));
  const steps: [DriveTarget, () => Promise<Json>][] = [
    ['SUBMITTED', () => act(system, caseNumber, '/submit', {}, officer)],
    ['VERIFIED', () => act(system, caseNumber, '/verify-ip', {}, officer)],
    [
      'VALUATION',
      () => act(system, caseNumber, '/valuation-request', { firmOrgId: VALUATION_FIRM }, officer),
    ],
    [
      'VALUED',
      () =>
        act(
          system,
          caseNumber,
          '/valuation-report',
          {
            reportNumber: options.reportNumber ?? `VR-${ref}`,
            method: 'INCOME',
            baseDate: on,
            assets: values,
          },
          USERS.evaluator,
        ),
    ],
    [
      'APPROVED',
      () =>
        act(
          system,
          caseNumber,
          '/credit-approval',
          { riskSharing: RISK_SHARING },
          options.approver ?? USERS.approver,
        ),
    ],
    [
      'CONTRACTED',
      () =>
        act(
          system,
          caseNumber,
          '/contract',
          {
            loanContractNumber: `LC-${ref}`,
            pledgeContractNumber: `PC-${ref}`,
            signedOn: on,
            forfeitureClause: false,
          },
          officer,
        ),
    ],
    ['REGISTERING', () => act(system, caseNumber, '/registration', {}, officer)],
    [
      'REGISTERED',
      () =>
        act(
          system,
          caseNumber,
          '/registration/accept',
          { registrationNumber: `RG-${ref}`, registeredOn: on },
          USERS.clerk,
        ),
    ],
  ];
  const from =
    view.status === 'DRAFT' ? 0 : LIFECYCLE_TARGETS.indexOf(view.status as DriveTarget) + 1;
  if (from === 0 && view.status !== 'DRAFT')
    throw new Error(`driveTo cannot start from ${view.status}`);
  for (const [status, run] of steps.slice(from, LIFECYCLE_TARGETS.indexOf(target) + 1)) {
    view = await run();
    expect(view.status).toBe(status);
  }
  return view;
}

export function driveToRegistered(
  system: TestSystem,
  caseNumber: string,
  options: DriveOptions = {},
): Promise<Json> {
  return driveTo(system, caseNumber, 'REGISTERED', options);
}

/** Opens a case, drives it to REGISTERED and disburses it on the current business date (ACTIVE). */
export async function openActiveCase(
  system: TestSystem,
  overrides: Partial<CaseRequest> = {},
): Promise<OpenedCase & { valueDate: string; active: Json }> {
  const opened = await openCase(system, overrides);
  const valueDate = await businessDate(system);
  await driveToRegistered(system, opened.caseNumber, { on: valueDate });
  const active = await act(system, opened.caseNumber, '/disbursement', {
    reference: `DB-${opened.request.bankReference}`,
    valueDate,
  });
  expect(active.status).toBe('ACTIVE');
  return { ...opened, valueDate, active };
}

export interface DeclareDefaultOptions {
  /** One of GET /default-reasons; default BORROWER_WRITTEN_NOTICE (allowed whatever is past due). */
  reasonCode?: string;
  /** The officer's free text. */
  reason?: string;
  /** Who proposes (default officer.shcb) and who confirms (default approver.shcb). */
  proposer?: Who;
  approver?: Who;
}

/**
 * The bank declares the default, two people (maker-checker): the loan officer proposes, a
 * credit approver of the bank confirms; returns the case view after the confirmation. No
 * default may be proposed on the disbursement date: when the business date is still the
 * disbursement's, close of business first moves it on one day (which callers' dates reflect).
 */
export async function declareDefault(
  system: TestSystem,
  caseNumber: string,
  options: DeclareDefaultOptions = {},
): Promise<Json> {
  const view = await getCase(system, caseNumber);
  const today = await businessDate(system);
  if (view.disbursement?.valueDate === today) await advanceTo(system, addDays(today, 1));
  const proposed = await act(
    system,
    caseNumber,
    '/default',
    {
      reasonCode: options.reasonCode ?? 'BORROWER_WRITTEN_NOTICE',
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
    },
    options.proposer ?? USERS.officer,
  );
  expect(proposed.defaultProposal).toMatchObject({ status: 'PENDING' });
  return act(system, caseNumber, '/default/confirm', {}, options.approver ?? USERS.approver);
}

/** Yuan string of principal + interest of a schedule row (exact, via fen). */
export function rowTotal(row: { principal: string; interest: string }): string {
  const fen = toFen(row.principal) + toFen(row.interest);
  return fromFen(fen);
}

export function toFen(yuan: string): bigint {
  const [whole, frac = ''] = yuan.split('.');
  return BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'));
}

export function fromFen(fen: bigint): string {
  return `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
}

// --- PostgreSQL ------------------------------------------------------------------------------------

/** Runs `work` with a fresh connection to this test system's database. */
export async function withDb<T>(
  system: TestSystem,
  work: (db: PgClient) => Promise<T>,
): Promise<T> {
  const db = await system.db();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** Polls an assertion on work done asynchronously (a BullMQ consumer), every 100 ms, up to `timeoutMs`. */
export async function eventually(
  assertion: () => Promise<void>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

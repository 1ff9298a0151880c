/**
 * Steps of a failing loan over the real API, shared by the default, disposal and disposal-file
 * suites: an interest-only loan left unpaid, the insurer's and the fund's claims paid, disposal
 * steps, and the reads they check.
 */
import {
  act,
  driveTo,
  expectOk,
  newUscc,
  openCase,
  registerAsset,
  RISK_SHARING,
  USERS,
  type CaseRequest,
  type Json,
  type Who,
} from './case-flows';
import type { TestSystem } from './test-system';

export const INSURER = 'insurer.anxin';
export const FUND_MANAGER = 'fund.manager';
/** Who pays: never the user who confirmed (insurer) or reviewed (fund) the claim. */
export const INSURER_PAYER = 'insurer2.anxin';
export const FUND_PAYER = 'fund.manager2';
export const FUND = 'FUND-SH-SME-IP';
/** The Shanghai IP exchange's two operators: they open rounds, record bids and close rounds. */
export const OPERATOR = 'operator.shipx';
export const OPERATOR2 = 'operator2.shipx';

export interface InterestOnlyLoan {
  caseNumber: string;
  request: CaseRequest;
  patent: string;
  /** The case view after disbursement (ACTIVE, with its schedule). */
  active: Json;
}

/**
 * An interest-only loan of 1,000,000.00 at 3.6 % for 12 months on SHCB-IP-STD, disbursed on
 * `on`: interest is 1,000,000.00 × 0.036 / 360 = 100.00 a day. One patent valued at
 * 5,000,000.00 by a report valid until `valuationValidUntil`; the IP secures 80 % of the loan
 * and the loss is shared bank 20 %, insurer 16 %, fund 54 %, guarantor 10 % (RISK_SHARING).
 */
export async function openInterestOnlyLoan(
  system: TestSystem,
  options: {
    on: string;
    valuationValidUntil: string;
    title: string;
    /** Interest only unless given (equal principal leaves principal overdue at a default). */
    repaymentMethod?: 'INTEREST_ONLY' | 'EQUAL_PRINCIPAL';
  },
): Promise<InterestOnlyLoan> {
  const patent = await registerAsset(system, { title: options.title });
  const { caseNumber, request } = await openCase(system, {
    amount: '1000000.00',
    termMonths: 12,
    annualRate: '0.036',
    repaymentMethod: options.repaymentMethod ?? 'INTEREST_ONLY',
    assets: [{ type: 'PATENT', number: patent }],
  });
  const ref = request.bankReference;
  await driveTo(system, caseNumber, 'VALUATION', { on: options.on });
  await act(
    system,
    caseNumber,
    '/valuation-report',
    {
      reportNumber: `VR-${ref}`,
      method: 'INCOME',
      baseDate: options.on,
      validUntil: options.valuationValidUntil,
      assets: [{ number: patent, value: '5000000.00' }],
    },
    USERS.evaluator,
  );
  await act(
    system,
    caseNumber,
    '/credit-approval',
    { riskSharing: RISK_SHARING, ipSecuredShare: '0.8' },
    USERS.approver,
  );
  await driveTo(system, caseNumber, 'REGISTERED', { on: options.on });
  const active = await act(system, caseNumber, '/disbursement', {
    reference: `DB-${ref}`,
    valueDate: options.on,
  });
  expect(active.status).toBe('ACTIVE');
  return { caseNumber, request, patent, active };
}

export const insuranceClaimId = (caseNumber: string) => `${caseNumber}-INS`;
export const fundClaimId = (caseNumber: string) => `${caseNumber}-FUND`;

/**
 * The insurer confirms its claim and a second insurer user pays it, then the fund manager
 * reviews the fund's and a second fund user pays it (four eyes), under the references `INS-PAY-<ref>` and `FUND-PAY-<ref>`. Returns the case views after each
 * payment.
 */
export async function payCompensationClaims(
  system: TestSystem,
  caseNumber: string,
  ref: string,
): Promise<{ insurerPaid: Json; fundPaid: Json }> {
  const claimPath = (claim: string, step: string) => `/compensation-claims/${claim}/${step}`;
  await act(system, caseNumber, claimPath(insuranceClaimId(caseNumber), 'confirm'), {}, INSURER);
  const insurerPaid = await act(
    system,
    caseNumber,
    claimPath(insuranceClaimId(caseNumber), 'pay'),
    { reference: `INS-PAY-${ref}` },
    INSURER_PAYER,
  );
  await act(system, caseNumber, claimPath(fundClaimId(caseNumber), 'review'), {}, FUND_MANAGER);
  const fundPaid = await act(
    system,
    caseNumber,
    claimPath(fundClaimId(caseNumber), 'pay'),
    { reference: `FUND-PAY-${ref}` },
    FUND_PAYER,
  );
  return { insurerPaid, fundPaid };
}

export function claimOf(view: Json, claimId: string): Json {
  return (view.compensationClaims as Json[]).find((c) => c.claimId === claimId);
}

/**
 * Who usually takes a disposal step: the exchange's operator runs rounds, bidders and bids; the
 * registration clerk registers the transfer; an administrator approves a write-off; the rest
 * is the bank's.
 */
export function disposalPerformerOf(path: string): string {
  if (path.startsWith('/rounds') || path.startsWith('/bids') || path.startsWith('/bidders'))
    return OPERATOR;
  if (path.startsWith('/transfer-registration')) return USERS.clerk;
  if (path.startsWith('/write-off/approve')) return USERS.admin;
  return USERS.officer;
}

/** A deposit of 50,000.00 paid on `paidOn` under reference `reference`. */
export const deposit = (paidOn: string, reference: string) => ({
  amount: '50000.00',
  reference,
  paidOn,
});

/**
 * The exchange registers a firm (a fresh USCC unless given) with its deposit paid on `paidOn`;
 * answers the bidder's id and identity.
 */
export async function registerBidder(
  system: TestSystem,
  caseNumber: string,
  paidOn: string,
  identity: string = newUscc(),
): Promise<{ bidderId: string; identity: string }> {
  const snapshot = await act(
    system,
    caseNumber,
    '/disposal/bidders',
    {
      kind: 'FIRM',
      identity,
      name: `竞买人 ${identity}`,
      deposit: deposit(paidOn, `DEP-${identity}`),
    },
    OPERATOR,
  );
  const bidder = (snapshot.bidders as Json[]).find((b) => b.identity === identity);
  expect(bidder).toBeDefined();
  return { bidderId: bidder.id as string, identity };
}

/** The registration clerk registers the sold asset's transfer on `registeredOn`. */
export function registerTransfer(
  system: TestSystem,
  caseNumber: string,
  registeredOn: string,
  registrationNumber = `ZR-${caseNumber}`,
): Promise<Json> {
  return act(
    system,
    caseNumber,
    '/disposal/transfer-registration',
    { registrationNumber, registeredOn },
    USERS.clerk,
  );
}

/** The bank proposes the write-off (as `who`) and the administrator approves it. */
export async function writeOffApproved(
  system: TestSystem,
  caseNumber: string,
  reason: string,
  who: Who = USERS.officer,
): Promise<Json> {
  const proposed = await act(system, caseNumber, '/disposal/write-off', { reason }, who);
  expect(proposed.status).toBe('AWAITING_WRITE_OFF_APPROVAL');
  return act(system, caseNumber, '/disposal/write-off/approve', {}, USERS.admin);
}

/** POSTs a disposal step (200 expected) as its usual performer or `who`; returns the snapshot. */
export function disposalStep(
  system: TestSystem,
  caseNumber: string,
  path: string,
  body: object,
  who: Who = disposalPerformerOf(path),
): Promise<Json> {
  return act(system, caseNumber, `/disposal${path}`, body, who);
}

export async function getDisposal(system: TestSystem, caseNumber: string): Promise<Json> {
  const res = await (await system.as(USERS.officer)).get(`/api/v1/cases/${caseNumber}/disposal`);
  expectOk(res, 200);
  return res.body;
}

/** The disposal actions `who` may take now, by API action name. */
export async function allowedDisposalActions(
  system: TestSystem,
  caseNumber: string,
  who: string = USERS.officer,
): Promise<string[]> {
  const res = await (
    await system.as(who)
  ).get(`/api/v1/cases/${caseNumber}/disposal/allowed-actions`);
  expectOk(res, 200);
  return (res.body.actions as Json[]).map((a) => a.action as string);
}

export async function caseTimeline(system: TestSystem, caseNumber: string): Promise<Json[]> {
  const res = await (await system.as(USERS.officer)).get(`/api/v1/cases/${caseNumber}/timeline`);
  expectOk(res, 200);
  return res.body.entries;
}

export async function fundBalance(system: TestSystem): Promise<Json> {
  const res = await (await system.as(FUND_MANAGER)).get(`/api/v1/compensation-funds/${FUND}`);
  expectOk(res, 200);
  return res.body;
}

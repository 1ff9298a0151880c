import type { ScheduleRow } from '../loan-account';
import type { Actor } from '../roles';
import {
  assertContractRate,
  assertContract,
  assertDisbursement,
  assertDisposalOutcome,
  assertFourEyes,
  assertIpSecuredShare,
  assertReason,
  assertRefusalReason,
  assertRegistryEntry,
  assertRepayment,
  assertRiskSharing,
  assertValuationReport,
  assertWithinLtv,
  organisationMayAct,
  valuationFigures,
  type RepaymentAccount,
  type RepaymentSubmission,
  type ValuationSubmission,
} from './loan-case.rules';
import type {
  CaseSnapshot,
  DisposalOutcome,
  LoanApplication,
  ValuationReport,
} from './loan-case.types';

/** The code a check throws, or null when it passes. */
function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'NOT_A_DOMAIN_ERROR';
  }
}

const APPLICATION: Pick<LoanApplication, 'assets' | 'product'> = {
  assets: [
    {
      kind: 'INVENTION_PATENT',
      number: 'P1',
      coOwnerConsents: [],
      invalidationPendingConfirmed: false,
    },
    { kind: 'TRADEMARK', number: 'T1', coOwnerConsents: [], invalidationPendingConfirmed: false },
  ],
  product: {
    code: 'IPL',
    name: 'IP loan',
    ltvByAssetKind: {
      INVENTION_PATENT: '0.5',
      UTILITY_MODEL_PATENT: '0.3',
      DESIGN_PATENT: '0.1',
      TRADEMARK: '0.25',
      SOFTWARE_COPYRIGHT: '0.2',
    },
    overdueAfterDays: 1,
    defaultAfterDays: 90,
    valuationValidityMonths: 12,
  },
};

const report = (over: Partial<ValuationSubmission> = {}): ValuationSubmission => ({
  reportNumber: 'VR-2',
  baseDate: '2026-03-01',
  validUntil: null,
  assets: [
    { number: 'T1', value: '400000.00' },
    { number: 'P1', value: '1000000.00' },
  ],
  businessDate: '2026-03-10',
  ...over,
});

const onFile: ValuationReport = {
  reportNumber: 'VR-1',
  firmOrgId: 'VAL-A',
  evaluatorUserId: 'u-eval',
  method: 'INCOME',
  baseDate: '2026-01-01',
  validUntil: '2026-12-31',
  assets: [],
  totalValue: '1400000.00',
  maxLoan: '600000.00',
  submittedOn: '2026-01-05',
};

describe('assertValuationReport', () => {
  it.each<[string, Partial<ValuationSubmission>, string | null]>([
    ['a report of every pledged asset, in any order', {}, null],
    ['base date on the business date', { baseDate: '2026-03-10' }, null],
    // a base date after the business date is a report from the future
    ['base date in the future', { baseDate: '2026-03-11' }, 'VALIDATION_FAILED'],
    ['malformed base date', { baseDate: '2026-02-30' }, 'INVALID_DATE'],
    ['malformed validUntil', { validUntil: '2026/12/31' }, 'INVALID_DATE'],
    [
      'an asset missing',
      { assets: [{ number: 'P1', value: '1.00' }] },
      'VALUATION_ASSETS_MISMATCH',
    ],
    [
      'an asset valued twice',
      {
        assets: [
          { number: 'P1', value: '1.00' },
          { number: 'P1', value: '1.00' },
          { number: 'T1', value: '1.00' },
        ],
      },
      'VALUATION_ASSETS_MISMATCH',
    ],
    [
      'a zero value',
      {
        assets: [
          { number: 'P1', value: '0.00' },
          { number: 'T1', value: '1.00' },
        ],
      },
      'INVALID_AMOUNT',
    ],
    ['a report number already on the case', { reportNumber: 'VR-1' }, 'DUPLICATE_REPORT'],
  ])('%s → %s', (_, over, code) => {
    expect(codeOf(() => assertValuationReport(report(over), APPLICATION, [onFile]))).toBe(code);
  });
});

describe('valuationFigures', () => {
  it('sums the values and applies the LTV cap of each asset kind', () => {
    // 1,000,000 × 0.5 + 400,000 × 0.25 = 600,000
    expect(valuationFigures(report(), APPLICATION)).toEqual({
      totalValue: '1400000.00',
      maxLoan: '600000.00',
      validUntil: '2027-03-01',
    });
  });

  it("keeps the report's own validity", () => {
    expect(valuationFigures(report({ validUntil: '2026-09-30' }), APPLICATION).validUntil).toBe(
      '2026-09-30',
    );
  });
});

describe('credit approval', () => {
  it.each<[string, () => void, string | null]>([
    ['approver is not the preparer', () => assertFourEyes('u-approver', 'u-officer'), null],
    [
      'approver prepared the case',
      () => assertFourEyes('u-officer', 'u-officer'),
      'FOUR_EYES_VIOLATION',
    ],
    [
      'shares add up to 10000',
      () => assertRiskSharing({ bankBp: 2000, insurerBp: 1600, fundBp: 5400, guarantorBp: 1000 }),
      null,
    ],
    [
      'shares add up to 9999',
      () => assertRiskSharing({ bankBp: 1999, insurerBp: 1600, fundBp: 5400, guarantorBp: 1000 }),
      'INVALID_RISK_SHARING',
    ],
    [
      'a negative share',
      () => assertRiskSharing({ bankBp: 12000, insurerBp: -2000, fundBp: 0, guarantorBp: 0 }),
      'INVALID_RISK_SHARING',
    ],
    [
      'a fractional basis point',
      () => assertRiskSharing({ bankBp: 9999.5, insurerBp: 0.5, fundBp: 0, guarantorBp: 0 }),
      'INVALID_RISK_SHARING',
    ],
    ['no IP-secured share (reads as 1)', () => assertIpSecuredShare(undefined), null],
    ['IP-secured share 0.6', () => assertIpSecuredShare('0.6'), null],
    ['IP-secured share 1', () => assertIpSecuredShare('1'), null],
    ['IP-secured share 0', () => assertIpSecuredShare('0'), 'INVALID_IP_SECURED_SHARE'],
    ['IP-secured share 1.2', () => assertIpSecuredShare('1.2'), 'INVALID_IP_SECURED_SHARE'],
  ])('%s → %s', (_, check, code) => {
    expect(codeOf(check)).toBe(code);
  });

  it.each<[string, string, readonly ValuationReport[], string, string | null]>([
    ['loan at the limit', '600000.00', [onFile], '2026-06-01', null],
    ['loan 1 fen above the limit', '600000.01', [onFile], '2026-06-01', 'LTV_EXCEEDED'],
    // the report is valid through its last day
    ['on the last valid day', '1.00', [onFile], '2026-12-31', null],
    ['the day after', '1.00', [onFile], '2027-01-01', 'VALUATION_EXPIRED'],
    ['no report', '1.00', [], '2026-06-01', 'VALUATION_MISSING'],
    // only the latest report counts
    [
      'an older report with a higher limit',
      '600000.00',
      [
        { ...onFile, maxLoan: '900000.00' },
        { ...onFile, reportNumber: 'VR-2', maxLoan: '500000.00' },
      ],
      '2026-06-01',
      'LTV_EXCEEDED',
    ],
  ])('LTV: %s → %s', (_, amount, valuations, on, code) => {
    expect(codeOf(() => assertWithinLtv(amount, valuations, on))).toBe(code);
  });
});

describe('contract and registration', () => {
  const contract = {
    loanContractNumber: 'LC-1',
    pledgeContractNumber: 'PC-1',
    signedOn: '2026-03-01',
    forfeitureClause: false,
  };
  const dates = { businessDate: '2026-03-10', approvedOn: '2026-02-20' };
  it.each<[string, () => void, string | null]>([
    ['a registrable contract', () => assertContract(contract, dates), null],
    // signed on the approval date and on the business date: both bounds are inclusive
    [
      'signed on the approval date',
      () => assertContract(contract, { ...dates, approvedOn: '2026-03-01' }),
      null,
    ],
    [
      'signed on the business date',
      () => assertContract(contract, { ...dates, businessDate: '2026-03-01' }),
      null,
    ],
    [
      'signed the day after the business date',
      () => assertContract(contract, { ...dates, businessDate: '2026-02-28' }),
      'CONTRACT_SIGNED_AFTER_BUSINESS_DATE',
    ],
    [
      'signed the day before the credit approval',
      () => assertContract(contract, { ...dates, approvedOn: '2026-03-02' }),
      'CONTRACT_SIGNED_BEFORE_APPROVAL',
    ],
    [
      'a forfeiture clause (流质)',
      () => assertContract({ ...contract, forfeitureClause: true }, dates),
      'FORFEITURE_CLAUSE',
    ],
    [
      'no pledge contract number',
      () => assertContract({ ...contract, pledgeContractNumber: '' }, dates),
      'VALIDATION_FAILED',
    ],
    [
      'a bad signing date',
      () => assertContract({ ...contract, signedOn: '01/03/2026' }, dates),
      'INVALID_DATE',
    ],
    [
      'a registration',
      () => assertRegistryEntry('REG-1', '2026-03-02', 'registrationNumber'),
      null,
    ],
    [
      'no registration number',
      () => assertRegistryEntry('', '2026-03-02', 'registrationNumber'),
      'VALIDATION_FAILED',
    ],
    [
      'a bad registration date',
      () => assertRegistryEntry('REG-1', '2026-13-01', 'registrationNumber'),
      'INVALID_DATE',
    ],
    ['a known refusal reason', () => assertRefusalReason('FORFEITURE_CLAUSE'), null],
    [
      'an unknown refusal reason',
      () => assertRefusalReason('BAD_WEATHER'),
      'INVALID_REFUSAL_REASON',
    ],
  ])('%s → %s', (_, check, code) => {
    expect(codeOf(check)).toBe(code);
  });
});

describe('assertDisbursement', () => {
  const base: {
    reference: string;
    valueDate: string;
    businessDate: string;
    registeredOn: string | null;
    contractSignedOn?: string | null;
  } = {
    reference: 'D-1',
    valueDate: '2026-03-05',
    businessDate: '2026-03-10',
    registeredOn: '2026-03-05',
  };
  it.each<[string, Partial<typeof base>, string | null]>([
    ['on the registration date', {}, null],
    ['on the business date', { valueDate: '2026-03-10' }, null],
    ['before the registration', { valueDate: '2026-03-04' }, 'DISBURSEMENT_BEFORE_REGISTRATION'],
    ['after the business date', { valueDate: '2026-03-11' }, 'DISBURSEMENT_AFTER_BUSINESS_DATE'],
    // the contract signed after the registration date: its date bounds the disbursement
    ['on the contract date', { contractSignedOn: '2026-03-07', valueDate: '2026-03-07' }, null],
    [
      'the day before the contract was signed',
      { contractSignedOn: '2026-03-07', valueDate: '2026-03-06' },
      'DISBURSEMENT_BEFORE_CONTRACT',
    ],
    // with no registration date known, only the business date bounds it
    [
      'no registration date, on the business date',
      { registeredOn: null, valueDate: '2026-03-10' },
      null,
    ],
    [
      'no registration date, earlier',
      { registeredOn: null, valueDate: '2026-03-09' },
      'DISBURSEMENT_BEFORE_REGISTRATION',
    ],
    ['no reference', { reference: '' }, 'VALIDATION_FAILED'],
    ['a malformed value date', { valueDate: '2026-3-5' }, 'INVALID_DATE'],
  ])('%s → %s', (_, over, code) => {
    expect(codeOf(() => assertDisbursement({ ...base, ...over }))).toBe(code);
  });
});

describe('assertRepayment', () => {
  // 120,000.00 over three months from 2026-01-15 (daily interest 0.0001 × outstanding).
  const schedule: ScheduleRow[] = [
    {
      seq: 1,
      periodStart: '2026-01-15',
      dueDate: '2026-02-15',
      principal: '40000.00',
      interest: '372.00',
    },
    {
      seq: 2,
      periodStart: '2026-02-15',
      dueDate: '2026-03-15',
      principal: '40000.00',
      interest: '224.00',
    },
    {
      seq: 3,
      periodStart: '2026-03-15',
      dueDate: '2026-04-15',
      principal: '40000.00',
      interest: '124.00',
    },
  ];
  const account: RepaymentAccount = {
    schedule,
    repayments: [{ reference: 'R-1', valueDate: '2026-02-15', amount: '40372.00' }],
    annualRate: '0.036',
    disbursedOn: '2026-01-15',
  };
  const pay = (over: Partial<RepaymentSubmission>): RepaymentSubmission => ({
    reference: 'R-2',
    amount: '40224.00',
    valueDate: '2026-03-15',
    kind: 'SCHEDULED',
    businessDate: '2026-03-20',
    ...over,
  });
  it.each<[string, Partial<RepaymentSubmission>, string | null]>([
    ['the next instalment', {}, null],
    ['everything still scheduled', { amount: '80348.00' }, null],
    ['1 fen more than is scheduled', { amount: '80348.01' }, 'OVERPAYMENT'],
    ['zero', { amount: '0.00' }, 'INVALID_AMOUNT'],
    ['no reference', { reference: '' }, 'VALIDATION_FAILED'],
    // the same reference and amount is the same payment: acknowledged, not refused
    [
      'R-1 again, same amount',
      { reference: 'R-1', amount: '40372.00', valueDate: '2026-02-15' },
      null,
    ],
    ['R-1 again, other amount', { reference: 'R-1', amount: '1.00' }, 'DUPLICATE_REFERENCE'],
    [
      'value date after the business date',
      { valueDate: '2026-03-21' },
      'REPAYMENT_AFTER_BUSINESS_DATE',
    ],
    // the day before the disbursement; the disbursement date itself is the first allowed
    [
      'value date before disbursement',
      { valueDate: '2026-01-14' },
      'REPAYMENT_BEFORE_DISBURSEMENT',
    ],
    [
      'early settlement of a wrong amount',
      { kind: 'SETTLEMENT', amount: '80000.00' },
      'SETTLEMENT_AMOUNT_MISMATCH',
    ],
  ])('%s → %s', (_, over, code) => {
    expect(codeOf(() => assertRepayment(pay(over), account))).toBe(code);
  });
});

describe('reasons and disposal outcomes', () => {
  const actor: Actor = { userId: 'u', username: 'u', role: 'LOAN_OFFICER', organisationId: 'BANK' };
  const sold: DisposalOutcome = {
    kind: 'SOLD',
    method: 'AUCTION',
    buyer: '91310000MA1FL0000X',
    proceeds: '500000.00',
    costs: '1000.00',
    reason: null,
    decidedBy: actor,
    on: '2026-09-01',
  };
  it.each<[string, () => void, string | null]>([
    ['a reason', () => assertReason('not viable'), null],
    ['a blank reason', () => assertReason('   '), 'REASON_REQUIRED'],
    ['no reason', () => assertReason(undefined), 'REASON_REQUIRED'],
    ['a sale', () => assertDisposalOutcome(sold), null],
    [
      'a sale without buyer',
      () => assertDisposalOutcome({ ...sold, buyer: null }),
      'VALIDATION_FAILED',
    ],
    [
      'a write-off with a reason',
      () => assertDisposalOutcome({ ...sold, kind: 'WRITTEN_OFF', buyer: null, reason: 'no bids' }),
      null,
    ],
    [
      'a write-off without reason',
      () => assertDisposalOutcome({ ...sold, kind: 'WRITTEN_OFF', buyer: null }),
      'REASON_REQUIRED',
    ],
    [
      'an unknown method',
      () => assertDisposalOutcome({ ...sold, method: 'RAFFLE' as DisposalOutcome['method'] }),
      'INVALID_DISPOSAL_METHOD',
    ],
    [
      'proceeds that are not yuan',
      () => assertDisposalOutcome({ ...sold, proceeds: 'lots' }),
      'INVALID_AMOUNT',
    ],
  ])('%s → %s', (_, check, code) => {
    expect(codeOf(check)).toBe(code);
  });
});

describe('organisationMayAct', () => {
  const snapshot = {
    application: { bankOrgId: 'BANK-A' },
    valuationRequest: { firmOrgId: 'VAL-A', requestedOn: '2026-01-01', requestedBy: 'u' },
    claims: [
      { payer: 'INSURER', payerOrgId: 'INS-A' },
      { payer: 'FUND', payerOrgId: 'FUND-A' },
    ],
  } as unknown as Pick<CaseSnapshot, 'application' | 'valuationRequest' | 'claims'>;
  const as = (role: Actor['role'], organisationId: string): Actor => ({
    userId: 'u',
    username: 'u',
    role,
    organisationId,
  });
  it.each<[Actor, boolean]>([
    [as('LOAN_OFFICER', 'BANK-A'), true],
    [as('LOAN_OFFICER', 'BANK-B'), false],
    [as('CREDIT_APPROVER', 'BANK-A'), true],
    [as('EVALUATOR', 'VAL-A'), true],
    [as('EVALUATOR', 'VAL-B'), false],
    // any registration office may act (the filing goes to the competent one)
    [as('REGISTRATION_CLERK', 'CNIPA'), true],
    [as('INSURER', 'INS-A'), true],
    [as('INSURER', 'FUND-A'), false],
    [as('FUND_MANAGER', 'FUND-A'), true],
    [as('FUND_MANAGER', 'INS-A'), false],
    [as('ADMINISTRATOR', 'BANK-A'), false],
  ])('%o → %s', (actor, expected) => {
    expect(organisationMayAct(snapshot, actor)).toBe(expected);
  });
});

describe('assertContractRate', () => {
  it.each(['0.0001', '0.0345', '0.24'])('accepts %s', (rate) => {
    expect(() => assertContractRate(rate)).not.toThrow();
  });

  it.each(['0', '0.0', '0.00', '3.45', '0.2400001', '-0.01', '', 'abc'])('refuses %p', (rate) => {
    expect(() => assertContractRate(rate)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONTRACT_RATE' }),
    );
  });
});

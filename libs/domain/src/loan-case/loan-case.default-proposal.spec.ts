import { DomainError } from '../errors';
import type { Actor } from '../roles';
import {
  assertDefaultDecision,
  assertDefaultProposal,
  assertOwnerReassignment,
  DEFAULT_REASON_CODES,
  defaultReasonOf,
  type DefaultProposal,
  type DefaultProposalSubmission,
} from './loan-case.default-proposal';

const officer: Actor = {
  userId: 'u-off',
  username: 'off',
  role: 'LOAN_OFFICER',
  organisationId: 'BANK-A',
};
const approver: Actor = { ...officer, userId: 'u-appr', role: 'CREDIT_APPROVER' };

function codeOf(work: () => unknown): string | null {
  try {
    work();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

const base: DefaultProposalSubmission = {
  reasonCode: 'FRAUD',
  reasonText: undefined,
  on: '2026-03-01',
  daysPastDue: 0,
  overdueAfterDays: 30,
  disbursedOn: '2026-01-15',
  pending: null,
};

const proposal = (over: Partial<DefaultProposal> = {}): DefaultProposal => ({
  proposalId: 'C-DP-1',
  seq: 1,
  proposedBy: officer,
  proposedOn: '2026-03-01',
  reasonCode: 'FRAUD',
  reasonText: null,
  daysPastDue: 0,
  status: 'PENDING',
  decidedBy: null,
  decidedOn: null,
  decisionReason: null,
  ...over,
});

describe('assertDefaultProposal', () => {
  it.each<[string, Partial<DefaultProposalSubmission>, string | null]>([
    ['an early default for fraud', {}, null],
    ['no reason code', { reasonCode: undefined }, 'DEFAULT_REASON_REQUIRED'],
    ['a blank reason code', { reasonCode: '  ' }, 'DEFAULT_REASON_REQUIRED'],
    ['an unknown reason code', { reasonCode: 'BAD_LUCK' }, 'DEFAULT_REASON_INVALID'],
    // edge: PAST_DUE one day short of the threshold, then on it
    [
      'PAST_DUE before the threshold',
      { reasonCode: 'PAST_DUE', daysPastDue: 29 },
      'DEFAULT_REASON_INVALID',
    ],
    ['PAST_DUE at the threshold', { reasonCode: 'PAST_DUE', daysPastDue: 30 }, null],
    // the early reasons stay allowed once the loan is past due
    ['fraud on an overdue loan', { daysPastDue: 45 }, null],
    ['OTHER without text', { reasonCode: 'OTHER' }, 'DEFAULT_REASON_TEXT_TOO_SHORT'],
    // edge: 19 characters (after trimming) is one short; 20 Chinese characters pass
    [
      'OTHER with 19 characters',
      { reasonCode: 'OTHER', reasonText: ` ${'a'.repeat(19)} ` },
      'DEFAULT_REASON_TEXT_TOO_SHORT',
    ],
    ['OTHER with 20 characters', { reasonCode: 'OTHER', reasonText: '借'.repeat(20) }, null],
    ['on the disbursement date', { on: '2026-01-15' }, 'DEFAULT_ON_DISBURSEMENT_DATE'],
    ['the day after disbursement', { on: '2026-01-16' }, null],
    ['a second proposal', { pending: proposal() }, 'DEFAULT_PROPOSAL_PENDING'],
  ])('%s', (_, over, expected) => {
    expect(codeOf(() => assertDefaultProposal({ ...base, ...over }))).toBe(expected);
  });

  it('lists the five early reasons and PAST_DUE', () => {
    expect(DEFAULT_REASON_CODES).toEqual([
      'INSOLVENCY_FILING',
      'FRAUD',
      'COLLATERAL_COURT_FREEZE',
      'BORROWER_WRITTEN_NOTICE',
      'OTHER',
      'PAST_DUE',
    ]);
  });
});

describe('assertDefaultDecision', () => {
  it.each<[string, DefaultProposal | null, Actor, string | null]>([
    ['no proposal', null, approver, 'DEFAULT_NOT_PROPOSED'],
    ['a rejected proposal', proposal({ status: 'REJECTED' }), approver, 'DEFAULT_NOT_PROPOSED'],
    [
      'the proposer',
      proposal({ proposedBy: approver }),
      approver,
      'DEFAULT_PROPOSER_CANNOT_CONFIRM',
    ],
    ['another user', proposal(), approver, null],
  ])('%s', (_, p, actor, expected) => {
    expect(codeOf(() => assertDefaultDecision(p, actor))).toBe(expected);
  });

  it('keeps the code and the text as the default reason', () => {
    expect(defaultReasonOf({ reasonCode: 'FRAUD', reasonText: null })).toBe('FRAUD');
    expect(defaultReasonOf({ reasonCode: 'OTHER', reasonText: 'x' })).toBe('OTHER: x');
  });
});

describe('assertOwnerReassignment', () => {
  const candidate = {
    userId: 'u-off2',
    username: 'off2',
    role: 'LOAN_OFFICER',
    organisationId: 'BANK-A',
    active: true,
  };
  const input: Parameters<typeof assertOwnerReassignment>[0] = {
    requestedUserId: 'u-off2',
    candidate,
    bankOrgId: 'BANK-A',
    currentOwnerUserId: 'u-off',
    reason: 'officer on leave',
  };
  it.each<[string, Partial<typeof input>, string | null]>([
    ['an officer of the bank', {}, null],
    ['no reason', { reason: ' ' }, 'REASON_REQUIRED'],
    ['an unknown user', { candidate: null }, 'OWNER_UNKNOWN_USER'],
    [
      'an officer of another bank',
      { candidate: { ...candidate, organisationId: 'BANK-B' } },
      'OWNER_NOT_LOAN_OFFICER_OF_BANK',
    ],
    [
      'an approver of the bank',
      { candidate: { ...candidate, role: 'CREDIT_APPROVER' } },
      'OWNER_NOT_LOAN_OFFICER_OF_BANK',
    ],
    [
      'a disabled officer',
      { candidate: { ...candidate, active: false } },
      'OWNER_NOT_LOAN_OFFICER_OF_BANK',
    ],
    ['the current owner', { currentOwnerUserId: 'u-off2' }, 'OWNER_UNCHANGED'],
  ])('%s', (_, over, expected) => {
    expect(codeOf(() => assertOwnerReassignment({ ...input, ...over }))).toBe(expected);
  });
});

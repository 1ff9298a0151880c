import { DomainError } from '../errors';
import type { Actor, Role } from '../roles';
import {
  checkApproval,
  checkClawBack,
  checkPayment,
  checkPremiumConfirmation,
  checkRejection,
  checkReview,
  checkSubmitter,
  subsidyClaimAllowedActions,
} from './subsidy-claim.rules';
import type { SubsidyClaimStatus } from './subsidy-claim.states';
import type { CaseFacts, SubsidyClaimState } from './subsidy-claim.types';

const claim = (overrides: Partial<SubsidyClaimState> = {}): SubsidyClaimState => ({
  claimId: 'SC-2026-1',
  kind: 'INTEREST',
  districtCode: '310116',
  budgetYear: 2026,
  caseNumber: 'IPF-2026-000001',
  bankOrgId: 'BANK-1',
  enterpriseUscc: '91310000MA1FL0000X',
  insurerOrgId: null,
  premium: null,
  status: 'SUBMITTED',
  reserved: true,
  reviewedBy: null,
  amount: '100.00',
  version: 1,
  ...overrides,
});

const actor = (role: Role, userId = `u-${role}`, organisationId = 'DIST-310116'): Actor => ({
  userId,
  username: userId,
  role,
  organisationId,
});
const step = (role: Role, userId?: string, organisationId?: string) => ({
  actor: actor(role, userId, organisationId),
  actorDistrictCode: role === 'INSURER' ? null : '310116',
  businessDate: '2026-03-02',
});

function codeOf(work: () => void): string | null {
  try {
    work();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('subsidy claim step rules', () => {
  it.each([
    // the step, the claim, the refusal (null: allowed)
    ['review a submitted claim', () => checkReview(claim(), step('DISTRICT_REVIEWER')), null],
    [
      'review twice',
      () => checkReview(claim({ reviewedBy: 'r1' }), step('DISTRICT_REVIEWER')),
      'ALREADY_REVIEWED',
    ],
    [
      'review a paid claim',
      () => checkReview(claim({ status: 'PAID' }), step('DISTRICT_REVIEWER')),
      'INVALID_CLAIM_TRANSITION',
    ],
    [
      'review as an insurer',
      () => checkReview(claim(), step('INSURER', 'i1', 'INS-1')),
      'ROLE_FORBIDDEN',
    ],
    [
      'review another district',
      () => checkReview(claim({ districtCode: '310101' }), step('DISTRICT_REVIEWER')),
      'ORGANISATION_FORBIDDEN',
    ],
    // A submitted claim is one awaiting its review, so approval says so.
    [
      'approve unreviewed',
      () => checkApproval(claim(), step('DISTRICT_APPROVER')),
      'CLAIM_NOT_REVIEWED',
    ],
    [
      'approve an unreviewed waiting claim',
      () => checkApproval(claim({ status: 'WAITLISTED' }), step('DISTRICT_APPROVER')),
      'CLAIM_NOT_REVIEWED',
    ],
    [
      'approve own review',
      () =>
        checkApproval(
          claim({ status: 'REVIEWED', reviewedBy: 'a1' }),
          step('DISTRICT_APPROVER', 'a1'),
        ),
      'FOUR_EYES_VIOLATION',
    ],
    [
      'approve as reviewer',
      () =>
        checkApproval(claim({ status: 'REVIEWED', reviewedBy: 'r1' }), step('DISTRICT_REVIEWER')),
      'ROLE_FORBIDDEN',
    ],
    [
      'approve reviewed',
      () =>
        checkApproval(claim({ status: 'REVIEWED', reviewedBy: 'r1' }), step('DISTRICT_APPROVER')),
      null,
    ],
    [
      'approve approved',
      () =>
        checkApproval(claim({ status: 'APPROVED', reviewedBy: 'r1' }), step('DISTRICT_APPROVER')),
      'INVALID_CLAIM_TRANSITION',
    ],
    [
      'pay without reference',
      () =>
        checkPayment(claim({ status: 'APPROVED' }), {
          ...step('DISTRICT_APPROVER'),
          paymentReference: ' ',
        }),
      'VALIDATION_FAILED',
    ],
    [
      'pay',
      () =>
        checkPayment(claim({ status: 'APPROVED' }), {
          ...step('DISTRICT_APPROVER'),
          paymentReference: 'PAY-1',
        }),
      null,
    ],
    [
      // Four eyes on money: the approver never records the payment of the claim it approved.
      'pay as the approver',
      () =>
        checkPayment(claim({ status: 'APPROVED', approvedBy: 'u-DISTRICT_APPROVER' }), {
          ...step('DISTRICT_APPROVER'),
          paymentReference: 'PAY-1',
        }),
      'PAYMENT_BY_APPROVER',
    ],
    [
      'pay as the reviewer (a second person)',
      () =>
        checkPayment(claim({ status: 'APPROVED', approvedBy: 'u-DISTRICT_APPROVER' }), {
          ...step('DISTRICT_REVIEWER'),
          paymentReference: 'PAY-1',
        }),
      null,
    ],
    [
      'reject without reason',
      () => checkRejection(claim(), { ...step('DISTRICT_REVIEWER'), reason: '' }),
      'REASON_REQUIRED',
    ],
    [
      'insurer rejects awaiting its confirmation',
      () =>
        checkRejection(claim({ status: 'AWAITING_INSURER', insurerOrgId: 'INS-1' }), {
          ...step('INSURER', 'i1', 'INS-1'),
          reason: 'never paid',
        }),
      null,
    ],
    [
      'insurer rejects after confirmation',
      () =>
        checkRejection(claim({ insurerOrgId: 'INS-1' }), {
          ...step('INSURER', 'i1', 'INS-1'),
          reason: 'late',
        }),
      'ROLE_FORBIDDEN',
    ],
    [
      'claw back an unpaid claim',
      () => checkClawBack(claim(), { ...step('DISTRICT_APPROVER'), reason: 'ineligible' }),
      'INVALID_CLAIM_TRANSITION',
    ],
    [
      'premium differs',
      () =>
        checkPremiumConfirmation(
          claim({ status: 'AWAITING_INSURER', insurerOrgId: 'INS-1', premium: '1000.00' }),
          { ...step('INSURER', 'i1', 'INS-1'), premium: '999.99' },
        ),
      'PREMIUM_MISMATCH',
    ],
    [
      'premium matches (1000 = 1000.00)',
      () =>
        checkPremiumConfirmation(
          claim({ status: 'AWAITING_INSURER', insurerOrgId: 'INS-1', premium: '1000.00' }),
          { ...step('INSURER', 'i1', 'INS-1'), premium: '1000' },
        ),
      null,
    ],
    [
      'another insurer confirms',
      () =>
        checkPremiumConfirmation(
          claim({ status: 'AWAITING_INSURER', insurerOrgId: 'INS-1', premium: '1000.00' }),
          { ...step('INSURER', 'i2', 'INS-2'), premium: '1000.00' },
        ),
      'ORGANISATION_FORBIDDEN',
    ],
  ] as const)('%s', (_name, work, code) => {
    expect(codeOf(work)).toBe(code);
  });
});

describe('allowed actions from the table', () => {
  const cases: [SubsidyClaimStatus, Partial<SubsidyClaimState>, Role, string, string[]][] = [
    ['SUBMITTED', {}, 'DISTRICT_REVIEWER', 'r1', ['review', 'reject']],
    ['SUBMITTED', {}, 'DISTRICT_APPROVER', 'a1', ['review', 'reject']],
    ['REVIEWED', { reviewedBy: 'r1' }, 'DISTRICT_APPROVER', 'a1', ['approve', 'reject']],
    // Four eyes: the reviewer is not offered the approval.
    ['REVIEWED', { reviewedBy: 'a1' }, 'DISTRICT_APPROVER', 'a1', ['reject']],
    ['WAITLISTED', { reviewedBy: 'r1' }, 'DISTRICT_APPROVER', 'a1', ['approve', 'reject']],
    ['APPROVED', { reviewedBy: 'r1' }, 'DISTRICT_APPROVER', 'a1', ['pay', 'reject']],
    ['PAID', { reviewedBy: 'r1' }, 'DISTRICT_APPROVER', 'a1', ['claw-back']],
    ['REJECTED', {}, 'DISTRICT_APPROVER', 'a1', []],
  ];
  it.each(cases)('%s %j for %s', (status, extra, role, userId, expected) => {
    expect(
      subsidyClaimAllowedActions(claim({ status, ...extra }), actor(role, userId), '310116'),
    ).toEqual(expected);
  });

  it('offers the insurer confirmation and rejection of its own claim only', () => {
    const state = claim({ status: 'AWAITING_INSURER', insurerOrgId: 'INS-1', premium: '10.00' });
    expect(subsidyClaimAllowedActions(state, actor('INSURER', 'i1', 'INS-1'), null)).toEqual([
      'insurer-confirmation',
      'reject',
    ]);
    expect(subsidyClaimAllowedActions(state, actor('INSURER', 'i2', 'INS-2'), null)).toEqual([]);
  });

  it('offers nothing to another district', () => {
    expect(subsidyClaimAllowedActions(claim(), actor('DISTRICT_REVIEWER'), '310101')).toEqual([]);
  });
});

describe('who may submit a claim', () => {
  const facts = {
    caseNumber: 'IPF-2026-000001',
    bankOrgId: 'BANK-1',
    enterpriseUscc: '91310000MA1FL0000X',
  } as CaseFacts;
  it.each([
    // the case's own bank and the enterprise itself may; another bank or a district may not
    [actor('LOAN_OFFICER', 'lo', 'BANK-1'), null],
    [actor('ENTERPRISE', 'ent', 'ENT-91310000MA1FL0000X'), null],
    [actor('LOAN_OFFICER', 'lo', 'BANK-2'), 'ORGANISATION_FORBIDDEN'],
    [actor('DISTRICT_REVIEWER', 'r', 'BANK-1'), 'ORGANISATION_FORBIDDEN'],
  ] as const)('%j', (who, code) => {
    expect(codeOf(() => checkSubmitter(who, facts))).toBe(code);
  });
});

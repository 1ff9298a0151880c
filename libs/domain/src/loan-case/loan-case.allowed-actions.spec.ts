import type { CompensationClaim } from '../compensation-claim/compensation-claim.types';
import type { Actor } from '../roles';
import { allowedCaseEvents, claimIdsOpenTo } from './loan-case.allowed-actions';
import type { DefaultProposal } from './loan-case.default-proposal';
import type { CaseStatus } from './loan-case.states';
import type { CaseSnapshot } from './loan-case.types';

const officer: Actor = {
  userId: 'u-off',
  username: 'off',
  role: 'LOAN_OFFICER',
  organisationId: 'BANK-A',
};
const approver: Actor = { ...officer, userId: 'u-appr', role: 'CREDIT_APPROVER' };
const insurer: Actor = {
  userId: 'u-ins',
  username: 'ins',
  role: 'INSURER',
  organisationId: 'INS-A',
};
const fund: Actor = {
  userId: 'u-fund',
  username: 'fund',
  role: 'FUND_MANAGER',
  organisationId: 'FUND-A',
};

const claim = (over: Partial<CompensationClaim>): CompensationClaim => ({
  claimId: 'C-INS',
  payer: 'INSURER',
  payerOrgId: 'INS-A',
  fundCode: null,
  share: '1.00',
  cap: null,
  status: 'FILED',
  filedOn: '2026-06-01',
  eligibleOn: '2026-06-01',
  steps: [],
  payment: null,
  ...over,
});

/** Only what the generator reads; the rest of the snapshot does not matter here. */
function snapshot(status: CaseStatus, over: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    status,
    businessDate: '2026-06-10',
    application: { bankOrgId: 'BANK-A', preparer: officer },
    valuationRequest: null,
    release: null,
    claims: [],
    disposal: null,
    ...over,
  } as unknown as CaseSnapshot;
}

function pending(by: Actor): DefaultProposal {
  return {
    proposalId: 'C-DP-1',
    seq: 1,
    proposedBy: by,
    proposedOn: '2026-06-09',
    reasonCode: 'FRAUD',
    reasonText: null,
    daysPastDue: 0,
    status: 'PENDING',
    decidedBy: null,
    decidedOn: null,
    decisionReason: null,
  };
}

describe('allowedCaseEvents', () => {
  it.each<[string, CaseSnapshot, Actor, string[]]>([
    ['the preparer in DRAFT', snapshot('DRAFT'), officer, ['SUBMIT', 'WITHDRAW']],
    ['another bank', snapshot('DRAFT'), { ...officer, organisationId: 'BANK-B' }, []],
    [
      'the approver of a valued case',
      snapshot('VALUED'),
      approver,
      ['APPROVE_CREDIT', 'REJECT', 'REASSIGN_OWNER'],
    ],
    // four eyes: the preparer holding an approver seat does not see the approval
    [
      'the preparer as approver',
      snapshot('VALUED'),
      { ...approver, userId: 'u-off' },
      ['REJECT', 'REASSIGN_OWNER'],
    ],
    [
      'the officer of a live loan',
      snapshot('ACTIVE'),
      officer,
      ['RECORD_REPAYMENT', 'PROPOSE_DEFAULT'],
    ],
    // no proposal: nothing for the approver to decide
    ['the approver of a live loan', snapshot('ACTIVE'), approver, ['REASSIGN_OWNER']],
    [
      'the officer while a proposal is pending',
      snapshot('ACTIVE', { defaultProposal: pending(officer) }),
      officer,
      ['RECORD_REPAYMENT'],
    ],
    [
      'the approver while a proposal is pending',
      snapshot('ACTIVE', { defaultProposal: pending(officer) }),
      approver,
      ['DECLARE_DEFAULT', 'REJECT_DEFAULT', 'REASSIGN_OWNER'],
    ],
    // the proposer holding an approver seat may not decide their own proposal
    [
      'the proposer as approver',
      snapshot('ACTIVE', { defaultProposal: pending(approver) }),
      approver,
      ['REASSIGN_OWNER'],
    ],
    ['a repaid case, release not asked', snapshot('REPAID'), officer, ['REQUEST_RELEASE']],
    [
      'a repaid case, release asked',
      snapshot('REPAID', {
        release: { requestedOn: '2026-06-01', cancellationNumber: null, registeredOn: null },
      }),
      officer,
      [],
    ],
    [
      'the insurer of a filed claim',
      snapshot('COMPENSATION', { claims: [claim({})] }),
      insurer,
      ['CONFIRM_INSURANCE_CLAIM'],
    ],
    [
      'the insurer of a confirmed claim',
      snapshot('COMPENSATION', { claims: [claim({ status: 'CONFIRMED' })] }),
      insurer,
      ['PAY_INSURANCE_CLAIM'],
    ],
    [
      'the fund before its trigger date',
      snapshot('COMPENSATION', {
        claims: [
          claim({ claimId: 'C-F', payer: 'FUND', payerOrgId: 'FUND-A', eligibleOn: '2026-06-11' }),
        ],
      }),
      fund,
      [],
    ],
    [
      'the fund on its trigger date',
      snapshot('COMPENSATION', {
        businessDate: '2026-06-11',
        claims: [
          claim({ claimId: 'C-F', payer: 'FUND', payerOrgId: 'FUND-A', eligibleOn: '2026-06-11' }),
        ],
      }),
      fund,
      ['REVIEW_FUND_CLAIM'],
    ],
    ['the bank before the disposal', snapshot('COMPENSATION'), officer, ['START_DISPOSAL']],
    ['an insurer with no claim on the case', snapshot('COMPENSATION'), insurer, []],
    ['a closed case', snapshot('CLOSED'), officer, []],
  ])('%s', (_, s, actor, expected) => {
    expect(allowedCaseEvents(s, actor)).toEqual(expected);
  });
});

describe('claimIdsOpenTo', () => {
  const paidBy = (userId: string) =>
    claim({
      status: 'CONFIRMED',
      steps: [{ status: 'CONFIRMED', userId, role: 'INSURER', on: '2026-06-02', at: 'x' }],
    });
  it.each<
    [string, CaseSnapshot, Actor, 'CONFIRM_INSURANCE_CLAIM' | 'PAY_INSURANCE_CLAIM', string[]]
  >([
    [
      'the filed claim of its insurer',
      snapshot('COMPENSATION', { claims: [claim({})] }),
      insurer,
      'CONFIRM_INSURANCE_CLAIM',
      ['C-INS'],
    ],
    [
      'another insurer',
      snapshot('COMPENSATION', { claims: [claim({})] }),
      { ...insurer, organisationId: 'INS-B' },
      'CONFIRM_INSURANCE_CLAIM',
      [],
    ],
    // four eyes: who confirmed does not pay; a colleague does
    [
      'the confirmer, to pay',
      snapshot('COMPENSATION', { claims: [paidBy('u-ins')] }),
      insurer,
      'PAY_INSURANCE_CLAIM',
      [],
    ],
    [
      'a colleague, to pay',
      snapshot('COMPENSATION', { claims: [paidBy('u-ins')] }),
      { ...insurer, userId: 'u-ins2' },
      'PAY_INSURANCE_CLAIM',
      ['C-INS'],
    ],
  ])('%s', (_, s, actor, event, expected) => {
    expect(claimIdsOpenTo(s, actor, event)).toEqual(expected);
  });
});

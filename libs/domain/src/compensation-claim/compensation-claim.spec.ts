import type { Actor } from '../roles';
import { ROLES } from '../roles';
import type { Performer } from '../shared/transition-table';
import { Money, yuan } from '../money';
import {
  assertFundTriggerReached,
  compensationPayable,
  assertPaymentReference,
  claimForStep,
  claimsOpenToStep,
  isRecordedPayment,
} from './compensation-claim.rules';
import {
  COMPENSATION_CLAIM_EVENTS,
  COMPENSATION_CLAIM_STATUSES,
  FILED_STATUS,
  checkClaimTransition,
  claimStatusNeededFor,
  claimTargetOf,
  type CompensationClaimEvent,
  type CompensationClaimStatus,
} from './compensation-claim.states';
import type { CompensationClaim } from './compensation-claim.types';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'NOT_A_DOMAIN_ERROR';
  }
}

// Written out from the claim's life (filed at default; insurer confirms then pays; the fund
// manager reviews then pays), not derived from the table.
const EXPECTED: Record<
  CompensationClaimEvent,
  { from: CompensationClaimStatus[]; to: CompensationClaimStatus; by: Performer }
> = {
  FILE: { from: [], to: 'FILED', by: 'SYSTEM' },
  CONFIRM: { from: ['FILED'], to: 'CONFIRMED', by: 'INSURER' },
  PAY_INSURANCE: { from: ['CONFIRMED'], to: 'PAID', by: 'INSURER' },
  REVIEW: { from: ['FILED'], to: 'REVIEWED', by: 'FUND_MANAGER' },
  PAY_FUND: { from: ['REVIEWED'], to: 'PAID', by: 'FUND_MANAGER' },
};
const PERFORMERS: readonly Performer[] = [...ROLES, 'SYSTEM'];

describe('the compensation-claim table', () => {
  it('has the expected events and statuses', () => {
    expect(COMPENSATION_CLAIM_EVENTS).toEqual(Object.keys(EXPECTED));
    expect(COMPENSATION_CLAIM_STATUSES).toEqual(['FILED', 'CONFIRMED', 'REVIEWED', 'PAID']);
    expect(FILED_STATUS).toBe('FILED');
  });

  it('allows exactly the expected status × event × performer combinations', () => {
    for (const status of COMPENSATION_CLAIM_STATUSES)
      for (const event of COMPENSATION_CLAIM_EVENTS)
        for (const performer of PERFORMERS) {
          const e = EXPECTED[event];
          const check = checkClaimTransition(status, event, performer);
          const code = !e.from.includes(status)
            ? 'INVALID_TRANSITION'
            : e.by !== performer
              ? 'ROLE_FORBIDDEN'
              : null;
          expect({ status, event, performer, code: check.allowed ? null : check.code }).toEqual({
            status,
            event,
            performer,
            code,
          });
        }
  });

  it.each(Object.entries(EXPECTED).filter(([, e]) => e.from.length > 0))(
    '%s leads to its target',
    (event, e) => {
      expect(claimTargetOf(e.from[0]!, event as CompensationClaimEvent)).toBe(e.to);
      expect(claimStatusNeededFor(event as CompensationClaimEvent)).toBe(e.from[0]);
    },
  );

  it('refuses a move the table does not have', () => {
    expect(codeOf(() => claimTargetOf('PAID', 'PAY_FUND'))).toBe('INVALID_TRANSITION');
  });
});

const insurer: Actor = {
  userId: 'u-ins',
  username: 'ins',
  role: 'INSURER',
  organisationId: 'INS-A',
};
const claim = (over: Partial<CompensationClaim>): CompensationClaim => ({
  claimId: 'C-1-INS',
  payer: 'INSURER',
  payerOrgId: 'INS-A',
  fundCode: null,
  share: '100000.00',
  cap: null,
  status: 'FILED',
  filedOn: '2026-06-01',
  eligibleOn: '2026-06-01',
  steps: [],
  payment: null,
  ...over,
});
const fundClaim = claim({
  claimId: 'C-1-FUND',
  payer: 'FUND',
  payerOrgId: 'FUND-A',
  fundCode: 'SH',
  eligibleOn: '2026-07-31',
});

describe('claimForStep', () => {
  const claims = [claim({}), fundClaim];
  it.each<[string, { claimId: string; actor: Actor }, CompensationClaimEvent, string | null]>([
    [
      'the insurer confirms its filed claim',
      { claimId: 'C-1-INS', actor: insurer },
      'CONFIRM',
      null,
    ],
    ['an unknown claim', { claimId: 'C-9', actor: insurer }, 'CONFIRM', 'CLAIM_NOT_FOUND'],
    // the fund's claim is not an insurance claim, whoever asks
    [
      'the fund claim as an insurance claim',
      { claimId: 'C-1-FUND', actor: insurer },
      'CONFIRM',
      'CLAIM_NOT_FOUND',
    ],
    [
      'another insurer',
      { claimId: 'C-1-INS', actor: { ...insurer, organisationId: 'INS-B' } },
      'CONFIRM',
      'ORGANISATION_FORBIDDEN',
    ],
    [
      'paying before confirming',
      { claimId: 'C-1-INS', actor: insurer },
      'PAY_INSURANCE',
      'INVALID_CLAIM_STATUS',
    ],
  ])('%s → %s', (_, input, event, code) => {
    expect(codeOf(() => claimForStep(claims, 'C-1', input, 'INSURER', event))).toBe(code);
  });
});

describe('the fund trigger, payment references and the allowed claim steps', () => {
  it.each<[string, string | null]>([
    ['2026-07-30', 'FUND_TRIGGER_NOT_REACHED'],
    ['2026-07-31', null], // eligible on the day itself
  ])('review on %s → %s', (on, code) => {
    expect(codeOf(() => assertFundTriggerReached(fundClaim, on, 60))).toBe(code);
  });

  it('requires a payment reference', () => {
    expect(codeOf(() => assertPaymentReference(''))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => assertPaymentReference('PAY-1'))).toBeNull();
  });

  it('recognises a payment sent again', () => {
    const paid = claim({
      status: 'PAID',
      payment: {
        reference: 'PAY-1',
        amount: '1.00',
        limitedBy: null,
        deposit: null,
        paidOn: '2026-06-02',
        paidBy: 'u',
      },
    });
    expect(isRecordedPayment([paid], { claimId: 'C-1-INS', reference: 'PAY-1' })).toBe(true);
    expect(isRecordedPayment([paid], { claimId: 'C-1-INS', reference: 'PAY-2' })).toBe(false);
  });

  it.each<[string, 'approve' | 'pay', string, number]>([
    ['INS-A', 'approve', '2026-06-01', 1],
    ['INS-A', 'pay', '2026-06-01', 0],
    ['INS-B', 'approve', '2026-06-01', 0],
  ])('insurer %s may %s on %s: %i claims', (org, step, on, count) => {
    expect(claimsOpenToStep([claim({}), fundClaim], 'INSURER', step, org, on)).toHaveLength(count);
  });

  it.each<[string, number]>([
    ['2026-07-30', 0],
    ['2026-07-31', 1],
  ])('the fund may review on %s: %i claims', (on, count) => {
    expect(claimsOpenToStep([fundClaim], 'FUND', 'approve', 'FUND-A', on)).toHaveLength(count);
  });
});

describe('compensationPayable', () => {
  const m = (text: string | null): Money | null => (text === null ? null : yuan(text));

  it.each([
    // share, cap, available → amount, limitedBy
    ['328000.00', '500000.00', '1000000.00', '328000.00', null], // neither binds
    ['328000.00', null, null, '328000.00', null], // no limits at all
    ['300000.00', '300000.00', '300000.00', '300000.00', null], // exactly at both: not limited
    ['328000.00', '300000.00', '1000000.00', '300000.00', 'CAP'],
    ['328000.00', '300000.00', null, '300000.00', 'CAP'], // the insurer: no balance limit
    ['328000.00', '500000.00', '250000.00', '250000.00', 'BALANCE'],
    ['328000.00', null, '250000.00', '250000.00', 'BALANCE'],
    ['328000.00', '300000.00', '250000.00', '250000.00', 'BALANCE'], // balance is tighter
    ['328000.00', '250000.00', '300000.00', '250000.00', 'CAP'], // cap is tighter
    ['328000.00', '300000.00', '300000.00', '300000.00', 'CAP'], // both at once: the cap
    ['328000.00', null, '0.00', '0.00', 'BALANCE'], // an empty fund pays nothing
    ['0.00', '300000.00', '250000.00', '0.00', null],
  ])('share %s, cap %s, available %s → %s limited by %s', (share, cap, available, amount, by) => {
    const paid = compensationPayable(yuan(share), m(cap), m(available));
    expect({ amount: paid.amount.toYuan(), limitedBy: paid.limitedBy }).toEqual({
      amount,
      limitedBy: by,
    });
  });

  it.each([
    ['share', Money.ofFen(-1n), null, null],
    ['cap', yuan('1.00'), Money.ofFen(-1n), null],
    ['available', yuan('1.00'), null, Money.ofFen(-1n)],
  ])('refuses a negative %s', (field, share, cap, available) => {
    let thrown: unknown;
    try {
      compensationPayable(share, cap, available);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'INVALID_AMOUNT', details: { field } });
  });
});

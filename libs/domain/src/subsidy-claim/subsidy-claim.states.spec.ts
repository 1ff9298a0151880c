import { DomainError } from '../errors';
import {
  SUBSIDY_CLAIM_EVENTS,
  SUBSIDY_CLAIM_LIVE_STATUSES,
  SUBSIDY_CLAIM_STATUSES,
  SUBSIDY_CLAIM_STEPS,
  SUBSIDY_CLAIM_TRANSITIONS,
  checkSubsidyClaimTransition,
  isTerminalSubsidyClaimStatus,
  stepEventsFrom,
  stepPerformers,
  subsidyClaimEventsAvailable,
  subsidyClaimTarget,
  submittedStatus,
} from './subsidy-claim.states';

describe('subsidy claim transition table', () => {
  it('names only known statuses, and no terminal status has a way out', () => {
    for (const rule of Object.values(SUBSIDY_CLAIM_TRANSITIONS)) {
      for (const from of rule.from) {
        expect(SUBSIDY_CLAIM_STATUSES).toContain(from);
        expect(isTerminalSubsidyClaimStatus(from)).toBe(false);
      }
      if (rule.to !== null) expect(SUBSIDY_CLAIM_STATUSES).toContain(rule.to);
    }
  });

  it('gives every step event to the step that fires it, and every human row to a step', () => {
    const stepEvents = Object.values(SUBSIDY_CLAIM_STEPS).flatMap((s) => [...s.events]);
    const human = SUBSIDY_CLAIM_EVENTS.filter(
      (e) =>
        !SUBSIDY_CLAIM_TRANSITIONS[e].performers.some((p) => p === 'SYSTEM') &&
        SUBSIDY_CLAIM_TRANSITIONS[e].from.length > 0,
    );
    expect([...stepEvents].sort()).toEqual([...human].sort());
  });

  it('counts every status but the terminal ones as live', () => {
    expect(SUBSIDY_CLAIM_LIVE_STATUSES).toEqual([
      'AWAITING_INSURER',
      'SUBMITTED',
      'WAITLISTED',
      'REVIEWED',
      'APPROVED',
      'PAID',
    ]);
  });

  it.each([
    // status, event, target
    ['AWAITING_INSURER', 'CONFIRM_PREMIUM', 'SUBMITTED'],
    ['AWAITING_INSURER', 'CONFIRM_PREMIUM_WAITLISTED', 'WAITLISTED'],
    ['SUBMITTED', 'REVIEW', 'REVIEWED'],
    // A waiting claim stays waiting when reviewed: it still has no budget.
    ['WAITLISTED', 'REVIEW_WAITLISTED', 'WAITLISTED'],
    ['REVIEWED', 'APPROVE', 'APPROVED'],
    ['WAITLISTED', 'APPROVE_FROM_WAITLIST', 'APPROVED'],
    ['WAITLISTED', 'RESERVE_FROM_WAITLIST', 'SUBMITTED'],
    ['WAITLISTED', 'RESERVE_FROM_WAITLIST_REVIEWED', 'REVIEWED'],
    ['APPROVED', 'PAY', 'PAID'],
    ['APPROVED', 'REJECT', 'REJECTED'],
    ['AWAITING_INSURER', 'REJECT_AWAITING_INSURER', 'REJECTED'],
    ['WAITLISTED', 'CLOSE_BUDGET_YEAR', 'REJECTED'],
    ['PAID', 'CLAW_BACK', 'CLAWED_BACK'],
  ] as const)('%s --%s--> %s', (status, event, target) => {
    expect(subsidyClaimTarget(status, event)).toBe(target);
  });

  it('refuses a move the table does not have', () => {
    expect(() => subsidyClaimTarget('PAID', 'REJECT')).toThrow(DomainError);
    expect(checkSubsidyClaimTransition('PAID', 'REJECT', 'DISTRICT_APPROVER')).toMatchObject({
      allowed: false,
      code: 'INVALID_TRANSITION',
    });
    expect(checkSubsidyClaimTransition('REVIEWED', 'APPROVE', 'DISTRICT_REVIEWER')).toMatchObject({
      allowed: false,
      code: 'ROLE_FORBIDDEN',
    });
  });

  it('stores an interest claim SUBMITTED or WAITLISTED and a premium claim AWAITING_INSURER', () => {
    expect(submittedStatus('SUBMIT')).toBe('SUBMITTED');
    expect(submittedStatus('SUBMIT_WAITLISTED')).toBe('WAITLISTED');
    expect(submittedStatus('SUBMIT_AWAITING_INSURER')).toBe('AWAITING_INSURER');
  });

  it('lets the insurer reject only while the claim awaits its confirmation', () => {
    expect(stepPerformers('reject', 'AWAITING_INSURER')).toContain('INSURER');
    expect(stepPerformers('reject', 'SUBMITTED')).not.toContain('INSURER');
    expect(stepEventsFrom('reject', 'PAID')).toEqual([]);
  });

  it('offers the system only its own moves', () => {
    expect(subsidyClaimEventsAvailable('WAITLISTED', 'SYSTEM').sort()).toEqual([
      'CLOSE_BUDGET_YEAR',
      'RESERVE_FROM_WAITLIST',
      'RESERVE_FROM_WAITLIST_REVIEWED',
    ]);
  });
});

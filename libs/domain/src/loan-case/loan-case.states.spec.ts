import {
  CASE_EVENTS,
  CASE_TRANSITIONS,
  CASE_STATUSES,
  CLAIMS_OPEN,
  LIVE_LOAN,
  PRE_DISBURSEMENT,
  checkTransition,
  eventsAvailable,
  isTerminal,
  targetOf,
  type CaseEvent,
  type CaseStatus,
  type Performer,
} from './loan-case.states';
import { ROLES } from '../roles';

const PERFORMERS: readonly Performer[] = [...ROLES, 'SYSTEM'];

// Written out from the case's life in docs/domain.md, not derived from CASE_TRANSITIONS.
const BEFORE_DISBURSEMENT: CaseStatus[] = [
  'DRAFT',
  'SUBMITTED',
  'VERIFIED',
  'VALUATION',
  'VALUED',
  'APPROVED',
  'CONTRACTED',
  'REGISTERING',
  'REGISTERED',
];

interface Expected {
  from: CaseStatus[];
  to: CaseStatus | null;
  /** One performer, or several who may each fire it. */
  by: Performer | Performer[];
}

function performersOf(e: Expected): Performer[] {
  return Array.isArray(e.by) ? e.by : [e.by];
}

const LIVE: CaseStatus[] = ['ACTIVE', 'OVERDUE'];
// claims are filed at default and may still be paid while the IP is being disposed of
const CLAIMING: CaseStatus[] = ['COMPENSATION', 'DISPOSAL'];

const EXPECTED: Record<CaseEvent, Expected> = {
  SUBMIT: { from: ['DRAFT'], to: 'SUBMITTED', by: 'LOAN_OFFICER' },
  VERIFY_IP: { from: ['SUBMITTED'], to: 'VERIFIED', by: 'LOAN_OFFICER' },
  // a stale or disputed report can be redone after VALUED
  REQUEST_VALUATION: { from: ['VERIFIED', 'VALUED'], to: 'VALUATION', by: 'LOAN_OFFICER' },
  SUBMIT_VALUATION: { from: ['VALUATION'], to: 'VALUED', by: 'EVALUATOR' },
  APPROVE_CREDIT: { from: ['VALUED'], to: 'APPROVED', by: 'CREDIT_APPROVER' },
  SIGN_CONTRACT: { from: ['APPROVED'], to: 'CONTRACTED', by: 'LOAN_OFFICER' },
  SUBMIT_REGISTRATION: { from: ['CONTRACTED'], to: 'REGISTERING', by: 'LOAN_OFFICER' },
  ACCEPT_REGISTRATION: { from: ['REGISTERING'], to: 'REGISTERED', by: 'REGISTRATION_CLERK' },
  // refused: back to CONTRACTED to fix and resubmit
  REFUSE_REGISTRATION: { from: ['REGISTERING'], to: 'CONTRACTED', by: 'REGISTRATION_CLERK' },
  DISBURSE: { from: ['REGISTERED'], to: 'ACTIVE', by: 'LOAN_OFFICER' },
  // stays in its state
  RECORD_REPAYMENT: { from: ['ACTIVE', 'OVERDUE'], to: null, by: 'LOAN_OFFICER' },
  MARK_OVERDUE: { from: ['ACTIVE'], to: 'OVERDUE', by: 'SYSTEM' },
  CURE_OVERDUE: { from: ['OVERDUE'], to: 'ACTIVE', by: 'SYSTEM' },
  MARK_REPAID: { from: ['ACTIVE', 'OVERDUE'], to: 'REPAID', by: 'SYSTEM' },
  // stays REPAID until the office registers the release
  REQUEST_RELEASE: { from: ['REPAID'], to: null, by: 'LOAN_OFFICER' },
  REGISTER_RELEASE: { from: ['REPAID'], to: 'RELEASED', by: 'REGISTRATION_CLERK' },
  // maker-checker: a loan officer proposes (the case stays put) …
  PROPOSE_DEFAULT: { from: LIVE, to: null, by: 'LOAN_OFFICER' },
  // … a credit approver confirms (the bank declares the default) or rejects it …
  DECLARE_DEFAULT: { from: LIVE, to: 'DEFAULTED', by: 'CREDIT_APPROVER' },
  REJECT_DEFAULT: { from: LIVE, to: null, by: 'CREDIT_APPROVER' },
  // … or the close of business does, at the product's threshold
  AUTO_DEFAULT: { from: LIVE, to: 'DEFAULTED', by: 'SYSTEM' },
  OPEN_COMPENSATION: { from: ['DEFAULTED'], to: 'COMPENSATION', by: 'SYSTEM' },
  // claim steps keep the case's state
  CONFIRM_INSURANCE_CLAIM: { from: CLAIMING, to: null, by: 'INSURER' },
  PAY_INSURANCE_CLAIM: { from: CLAIMING, to: null, by: 'INSURER' },
  REVIEW_FUND_CLAIM: { from: CLAIMING, to: null, by: 'FUND_MANAGER' },
  PAY_FUND_CLAIM: { from: CLAIMING, to: null, by: 'FUND_MANAGER' },
  START_DISPOSAL: { from: ['COMPENSATION'], to: 'DISPOSAL', by: 'LOAN_OFFICER' },
  RECORD_DISPOSAL_OUTCOME: { from: ['DISPOSAL'], to: null, by: 'SYSTEM' },
  SETTLE: { from: ['DISPOSAL'], to: 'SETTLED', by: 'SYSTEM' },
  RELEASE_SETTLED_PLEDGE: { from: ['SETTLED'], to: null, by: 'SYSTEM' },
  CLOSE: { from: ['RELEASED', 'SETTLED'], to: 'CLOSED', by: 'SYSTEM' },
  REJECT: { from: BEFORE_DISBURSEMENT, to: 'REJECTED', by: 'CREDIT_APPROVER' },
  WITHDRAW: { from: BEFORE_DISBURSEMENT, to: 'WITHDRAWN', by: 'LOAN_OFFICER' },
  // any case that has not ended can be handed to another officer
  REASSIGN_OWNER: {
    from: CASE_STATUSES.filter((s) => !['CLOSED', 'REJECTED', 'WITHDRAWN'].includes(s)),
    to: null,
    by: 'CREDIT_APPROVER',
  },
};

/** What checkTransition should answer, from the expectation above. */
function expectedCheck(status: CaseStatus, event: CaseEvent, performer: Performer) {
  const e = EXPECTED[event];
  if (!e.from.includes(status)) return { allowed: false, code: 'INVALID_TRANSITION' };
  if (!performersOf(e).includes(performer)) return { allowed: false, code: 'ROLE_FORBIDDEN' };
  return { allowed: true, to: e.to };
}

describe('the closed lists', () => {
  it('has exactly the expected events, in the declared order', () => {
    expect(CASE_EVENTS).toEqual(Object.keys(EXPECTED));
  });

  it('names the pre-disbursement and live-loan states', () => {
    expect([...PRE_DISBURSEMENT]).toEqual(BEFORE_DISBURSEMENT);
    expect([...LIVE_LOAN]).toEqual(['ACTIVE', 'OVERDUE']);
    expect([...CLAIMS_OPEN]).toEqual(['COMPENSATION', 'DISPOSAL']);
  });

  it('has 20 distinct statuses', () => {
    expect(new Set(CASE_STATUSES).size).toBe(20);
  });
});

describe('checkTransition — hand-picked rows', () => {
  it.each<[CaseStatus, CaseEvent, Performer, ReturnType<typeof expectedCheck>]>([
    ['DRAFT', 'SUBMIT', 'LOAN_OFFICER', { allowed: true, to: 'SUBMITTED' }],
    ['VALUED', 'APPROVE_CREDIT', 'CREDIT_APPROVER', { allowed: true, to: 'APPROVED' }],
    // four eyes: the officer who prepared the case cannot approve it
    ['VALUED', 'APPROVE_CREDIT', 'LOAN_OFFICER', { allowed: false, code: 'ROLE_FORBIDDEN' }],
    // revaluation from VALUED
    ['VALUED', 'REQUEST_VALUATION', 'LOAN_OFFICER', { allowed: true, to: 'VALUATION' }],
    [
      'REGISTERING',
      'REFUSE_REGISTRATION',
      'REGISTRATION_CLERK',
      { allowed: true, to: 'CONTRACTED' },
    ],
    // the bank cannot register its own pledge
    [
      'REGISTERING',
      'ACCEPT_REGISTRATION',
      'LOAN_OFFICER',
      { allowed: false, code: 'ROLE_FORBIDDEN' },
    ],
    // a repayment keeps the state
    ['OVERDUE', 'RECORD_REPAYMENT', 'LOAN_OFFICER', { allowed: true, to: null }],
    ['ACTIVE', 'MARK_OVERDUE', 'SYSTEM', { allowed: true, to: 'OVERDUE' }],
    // close-of-business steps are the system's, not a person's
    ['ACTIVE', 'MARK_OVERDUE', 'LOAN_OFFICER', { allowed: false, code: 'ROLE_FORBIDDEN' }],
    ['OVERDUE', 'MARK_OVERDUE', 'SYSTEM', { allowed: false, code: 'INVALID_TRANSITION' }],
    ['SETTLED', 'CLOSE', 'SYSTEM', { allowed: true, to: 'CLOSED' }],
    // default: the officer proposes, the approver declares; from a live loan only
    ['OVERDUE', 'PROPOSE_DEFAULT', 'LOAN_OFFICER', { allowed: true, to: null }],
    ['OVERDUE', 'PROPOSE_DEFAULT', 'CREDIT_APPROVER', { allowed: false, code: 'ROLE_FORBIDDEN' }],
    ['OVERDUE', 'DECLARE_DEFAULT', 'LOAN_OFFICER', { allowed: false, code: 'ROLE_FORBIDDEN' }],
    ['ACTIVE', 'DECLARE_DEFAULT', 'CREDIT_APPROVER', { allowed: true, to: 'DEFAULTED' }],
    ['ACTIVE', 'REJECT_DEFAULT', 'CREDIT_APPROVER', { allowed: true, to: null }],
    // edge: an ended case has no owner to change
    ['CLOSED', 'REASSIGN_OWNER', 'CREDIT_APPROVER', { allowed: false, code: 'INVALID_TRANSITION' }],
    ['DISPOSAL', 'REASSIGN_OWNER', 'CREDIT_APPROVER', { allowed: true, to: null }],
    ['DISPOSAL', 'REASSIGN_OWNER', 'LOAN_OFFICER', { allowed: false, code: 'ROLE_FORBIDDEN' }],
    ['OVERDUE', 'DECLARE_DEFAULT', 'FUND_MANAGER', { allowed: false, code: 'ROLE_FORBIDDEN' }],
    ['OVERDUE', 'DECLARE_DEFAULT', 'SYSTEM', { allowed: false, code: 'ROLE_FORBIDDEN' }],
    // edge: a repaid loan cannot default, nor can a defaulted one default again
    ['REPAID', 'PROPOSE_DEFAULT', 'LOAN_OFFICER', { allowed: false, code: 'INVALID_TRANSITION' }],
    ['DEFAULTED', 'AUTO_DEFAULT', 'SYSTEM', { allowed: false, code: 'INVALID_TRANSITION' }],
    ['OVERDUE', 'AUTO_DEFAULT', 'SYSTEM', { allowed: true, to: 'DEFAULTED' }],
    ['DEFAULTED', 'OPEN_COMPENSATION', 'SYSTEM', { allowed: true, to: 'COMPENSATION' }],
    // the fund pays while the IP is on sale; the insurer cannot act for the fund
    ['DISPOSAL', 'PAY_FUND_CLAIM', 'FUND_MANAGER', { allowed: true, to: null }],
    ['DISPOSAL', 'PAY_FUND_CLAIM', 'INSURER', { allowed: false, code: 'ROLE_FORBIDDEN' }],
    // edge: once settled, claims are closed
    ['SETTLED', 'PAY_INSURANCE_CLAIM', 'INSURER', { allowed: false, code: 'INVALID_TRANSITION' }],
    ['COMPENSATION', 'START_DISPOSAL', 'LOAN_OFFICER', { allowed: true, to: 'DISPOSAL' }],
    ['COMPENSATION', 'START_DISPOSAL', 'ADMINISTRATOR', { allowed: false, code: 'ROLE_FORBIDDEN' }],
    ['DISPOSAL', 'SETTLE', 'SYSTEM', { allowed: true, to: 'SETTLED' }],
    ['SETTLED', 'RELEASE_SETTLED_PLEDGE', 'SYSTEM', { allowed: true, to: null }],
    // edge: the last pre-disbursement state can still be rejected or withdrawn…
    ['REGISTERED', 'REJECT', 'CREDIT_APPROVER', { allowed: true, to: 'REJECTED' }],
    ['REGISTERED', 'WITHDRAW', 'LOAN_OFFICER', { allowed: true, to: 'WITHDRAWN' }],
    // …but once money is out it cannot
    ['ACTIVE', 'REJECT', 'CREDIT_APPROVER', { allowed: false, code: 'INVALID_TRANSITION' }],
    ['ACTIVE', 'WITHDRAW', 'LOAN_OFFICER', { allowed: false, code: 'INVALID_TRANSITION' }],
    // edge: wrong state AND wrong role reports the state first
    ['CLOSED', 'SUBMIT', 'EVALUATOR', { allowed: false, code: 'INVALID_TRANSITION' }],
    ['REJECTED', 'WITHDRAW', 'LOAN_OFFICER', { allowed: false, code: 'INVALID_TRANSITION' }],
  ])('%s + %s by %s', (status, event, performer, expected) => {
    const result = checkTransition(status, event, performer);
    expect(result).toMatchObject(expected);
    expect(expectedCheck(status, event, performer)).toEqual(expected);
  });

  it('explains a refusal in its message', () => {
    expect(checkTransition('ACTIVE', 'SUBMIT', 'LOAN_OFFICER')).toEqual({
      allowed: false,
      code: 'INVALID_TRANSITION',
      message: 'SUBMIT is not allowed while the case is ACTIVE',
    });
    expect(checkTransition('DRAFT', 'SUBMIT', 'ENTERPRISE')).toEqual({
      allowed: false,
      code: 'ROLE_FORBIDDEN',
      message: 'SUBMIT must be performed by LOAN_OFFICER, not ENTERPRISE',
    });
  });
});

describe('checkTransition — every status × event × performer', () => {
  it.each(CASE_EVENTS)('%s matches the expectation everywhere', (event) => {
    for (const status of CASE_STATUSES) {
      for (const performer of PERFORMERS) {
        const expected = expectedCheck(status, event, performer);
        const result = checkTransition(status, event, performer);
        expect({ status, performer, result }).toMatchObject({
          status,
          performer,
          result: expected,
        });
      }
    }
  });

  it.each(CASE_EVENTS)('%s: allowed from each source for its performers only', (event) => {
    const { from } = EXPECTED[event];
    const by = performersOf(EXPECTED[event]);
    for (const status of from) {
      for (const performer of by)
        expect(checkTransition(status, event, performer).allowed).toBe(true);
      const others = PERFORMERS.filter((p) => !by.includes(p)).map((p) =>
        checkTransition(status, event, p),
      );
      expect(others.every((r) => !r.allowed && r.code === 'ROLE_FORBIDDEN')).toBe(true);
    }
    for (const status of CASE_STATUSES.filter((s) => !from.includes(s))) {
      for (const performer of by)
        expect(checkTransition(status, event, performer)).toMatchObject({
          allowed: false,
          code: 'INVALID_TRANSITION',
        });
    }
  });

  it.each(BEFORE_DISBURSEMENT)('REJECT and WITHDRAW are allowed from %s', (status) => {
    expect(checkTransition(status, 'REJECT', 'CREDIT_APPROVER')).toEqual({
      allowed: true,
      to: 'REJECTED',
    });
    expect(checkTransition(status, 'WITHDRAW', 'LOAN_OFFICER')).toEqual({
      allowed: true,
      to: 'WITHDRAWN',
    });
  });

  it.each(CASE_STATUSES.filter((s) => !BEFORE_DISBURSEMENT.includes(s)))(
    'REJECT and WITHDRAW are refused from %s',
    (status) => {
      expect(checkTransition(status, 'REJECT', 'CREDIT_APPROVER')).toMatchObject({
        allowed: false,
        code: 'INVALID_TRANSITION',
      });
      expect(checkTransition(status, 'WITHDRAW', 'LOAN_OFFICER')).toMatchObject({
        allowed: false,
        code: 'INVALID_TRANSITION',
      });
    },
  );

  it('every allowed transition goes to a known status or stays put (null)', () => {
    let allowed = 0;
    for (const status of CASE_STATUSES)
      for (const event of CASE_EVENTS)
        for (const performer of PERFORMERS) {
          const result = checkTransition(status, event, performer);
          if (!result.allowed) continue;
          allowed++;
          expect(result.to === null || CASE_STATUSES.includes(result.to)).toBe(true);
        }
    // 34 events; 39 (event, source) pairs before default, one performer each, plus the default
    // track: PROPOSE_DEFAULT, DECLARE_DEFAULT and REJECT_DEFAULT 2 sources each, AUTO_DEFAULT 2,
    // OPEN_COMPENSATION 1, four claim steps × 2 sources, START_DISPOSAL, RECORD_DISPOSAL_OUTCOME,
    // SETTLE and RELEASE_SETTLED_PLEDGE 1 each, and REASSIGN_OWNER from the 17 states that have
    // not ended: 39 + 6 + 2 + 1 + 8 + 4 + 17 = 77
    expect(allowed).toBe(
      Object.values(EXPECTED).reduce((n, e) => n + e.from.length * performersOf(e).length, 0),
    );
    expect(allowed).toBe(77);
  });
});

describe('eventsAvailable', () => {
  it.each<[CaseStatus, Performer, CaseEvent[]]>([
    ['DRAFT', 'LOAN_OFFICER', ['SUBMIT', 'WITHDRAW']],
    ['DRAFT', 'CREDIT_APPROVER', ['REJECT', 'REASSIGN_OWNER']],
    ['VALUED', 'LOAN_OFFICER', ['REQUEST_VALUATION', 'WITHDRAW']],
    ['VALUED', 'CREDIT_APPROVER', ['APPROVE_CREDIT', 'REJECT', 'REASSIGN_OWNER']],
    ['VALUATION', 'EVALUATOR', ['SUBMIT_VALUATION']],
    ['REGISTERING', 'REGISTRATION_CLERK', ['ACCEPT_REGISTRATION', 'REFUSE_REGISTRATION']],
    ['ACTIVE', 'LOAN_OFFICER', ['RECORD_REPAYMENT', 'PROPOSE_DEFAULT']],
    ['ACTIVE', 'CREDIT_APPROVER', ['DECLARE_DEFAULT', 'REJECT_DEFAULT', 'REASSIGN_OWNER']],
    ['ACTIVE', 'SYSTEM', ['MARK_OVERDUE', 'MARK_REPAID', 'AUTO_DEFAULT']],
    ['OVERDUE', 'SYSTEM', ['CURE_OVERDUE', 'MARK_REPAID', 'AUTO_DEFAULT']],
    ['DEFAULTED', 'SYSTEM', ['OPEN_COMPENSATION']],
    ['COMPENSATION', 'INSURER', ['CONFIRM_INSURANCE_CLAIM', 'PAY_INSURANCE_CLAIM']],
    ['COMPENSATION', 'FUND_MANAGER', ['REVIEW_FUND_CLAIM', 'PAY_FUND_CLAIM']],
    ['COMPENSATION', 'LOAN_OFFICER', ['START_DISPOSAL']],
    ['DISPOSAL', 'SYSTEM', ['RECORD_DISPOSAL_OUTCOME', 'SETTLE']],
    ['SETTLED', 'SYSTEM', ['RELEASE_SETTLED_PLEDGE', 'CLOSE']],
    ['REPAID', 'LOAN_OFFICER', ['REQUEST_RELEASE']],
    ['REPAID', 'REGISTRATION_CLERK', ['REGISTER_RELEASE']],
    ['RELEASED', 'SYSTEM', ['CLOSE']],
    // roles with no case events of their own
    ['ACTIVE', 'ADMINISTRATOR', []],
    ['DRAFT', 'ENTERPRISE', []],
  ])('%s for %s', (status, performer, expected) => {
    expect(eventsAvailable(status, performer)).toEqual(expected);
  });

  it('agrees with the expectation for every status and performer', () => {
    for (const status of CASE_STATUSES)
      for (const performer of PERFORMERS) {
        const expected = CASE_EVENTS.filter(
          (event) => expectedCheck(status, event, performer).allowed,
        );
        expect({ status, performer, events: eventsAvailable(status, performer) }).toEqual({
          status,
          performer,
          events: expected,
        });
      }
  });
});

describe('isTerminal', () => {
  const TERMINAL: CaseStatus[] = ['CLOSED', 'REJECTED', 'WITHDRAWN'];

  it.each(CASE_STATUSES.map((s) => [s, TERMINAL.includes(s)] as const))(
    '%s → %s',
    (status, expected) => {
      expect(isTerminal(status)).toBe(expected);
    },
  );

  it.each(TERMINAL)('nothing can be fired from %s', (status) => {
    for (const performer of PERFORMERS) expect(eventsAvailable(status, performer)).toEqual([]);
  });
});

describe('targetOf', () => {
  it('leads every allowed move where its row says, or keeps the status', () => {
    for (const status of CASE_STATUSES)
      for (const event of CASE_EVENTS) {
        const allowedFrom = CASE_TRANSITIONS[event].from as readonly CaseStatus[];
        if (!allowedFrom.includes(status)) {
          expect(() => targetOf(status, event)).toThrow(
            expect.objectContaining({ code: 'INVALID_TRANSITION' }),
          );
        } else {
          const to: CaseStatus | null = CASE_TRANSITIONS[event].to;
          expect({ status, event, to: targetOf(status, event) }).toEqual({
            status,
            event,
            to: to ?? status,
          });
        }
      }
  });
});

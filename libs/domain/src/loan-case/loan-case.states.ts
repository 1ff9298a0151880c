import {
  checkTransitionIn,
  eventsAvailableIn,
  targetIn,
  type Performer,
  type TransitionCheck,
  type TransitionTable,
} from '../shared/transition-table';

export type { Performer } from '../shared/transition-table';

/** Every state a loan case can be in, from application to closure (docs/domain.md). */
export const CASE_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'VERIFIED',
  'VALUATION',
  'VALUED',
  'APPROVED',
  'CONTRACTED',
  'REGISTERING',
  'REGISTERED',
  'ACTIVE',
  'OVERDUE',
  'REPAID',
  'RELEASED',
  'CLOSED',
  'DEFAULTED',
  'COMPENSATION',
  'DISPOSAL',
  'SETTLED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The status a case is opened in. */
export const INITIAL_CASE_STATUS: CaseStatus = 'DRAFT';

/** States before disbursement, from which a case may still be rejected or withdrawn. */
export const PRE_DISBURSEMENT: readonly CaseStatus[] = [
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

/** States of a live loan: money is out and the schedule runs. */
export const LIVE_LOAN: readonly CaseStatus[] = ['ACTIVE', 'OVERDUE'];

/**
 * States of a defaulted case whose compensation claims can still move: the claims are filed at
 * default and may be paid while the IP is being disposed of (the Shanghai deposit model does not
 * wait for the write-off); settlement waits for them.
 */
export const CLAIMS_OPEN: readonly CaseStatus[] = ['COMPENSATION', 'DISPOSAL'];

/** Every state of a case that has not ended: it has an owner who may be replaced. */
export const OPEN_CASE: readonly CaseStatus[] = CASE_STATUSES.filter(
  (s) => s !== 'CLOSED' && s !== 'REJECTED' && s !== 'WITHDRAWN',
);

/** After a default the arrears keep ageing through the delinquency buckets until the case settles. */
export const AGEING_AFTER_DEFAULT: readonly CaseStatus[] = [
  'DEFAULTED',
  'COMPENSATION',
  'DISPOSAL',
];

/**
 * States in which a case reacts to the business date: due dates and days past due while the
 * loan is live, the ageing of the arrears after a default.
 */
export const DATE_SENSITIVE: readonly CaseStatus[] = [...LIVE_LOAN, ...AGEING_AFTER_DEFAULT];

/** The closed list of case events, with who may fire each and from where. */
export const CASE_TRANSITIONS = {
  SUBMIT: {
    from: ['DRAFT'],
    to: 'SUBMITTED',
    performers: ['LOAN_OFFICER'],
    description: 'submit the application',
  },
  VERIFY_IP: {
    from: ['SUBMITTED'],
    to: 'VERIFIED',
    performers: ['LOAN_OFFICER'],
    description: 'run the pre-filing IP check',
  },
  REQUEST_VALUATION: {
    from: ['VERIFIED', 'VALUED'],
    to: 'VALUATION',
    performers: ['LOAN_OFFICER'],
    description: 'ask a valuation firm for a report',
  },
  SUBMIT_VALUATION: {
    from: ['VALUATION'],
    to: 'VALUED',
    performers: ['EVALUATOR'],
    description: 'submit the valuation report',
  },
  APPROVE_CREDIT: {
    from: ['VALUED'],
    to: 'APPROVED',
    performers: ['CREDIT_APPROVER'],
    description: 'approve credit (four eyes)',
  },
  SIGN_CONTRACT: {
    from: ['APPROVED'],
    to: 'CONTRACTED',
    performers: ['LOAN_OFFICER'],
    description: 'record the signed loan and pledge contracts',
  },
  SUBMIT_REGISTRATION: {
    from: ['CONTRACTED'],
    to: 'REGISTERING',
    performers: ['LOAN_OFFICER'],
    description: 'file the pledge registration',
  },
  ACCEPT_REGISTRATION: {
    from: ['REGISTERING'],
    to: 'REGISTERED',
    performers: ['REGISTRATION_CLERK'],
    description: 'registration office accepts the pledge',
  },
  REFUSE_REGISTRATION: {
    from: ['REGISTERING'],
    to: 'CONTRACTED',
    performers: ['REGISTRATION_CLERK'],
    description: 'registration office refuses the filing',
  },
  DISBURSE: {
    from: ['REGISTERED'],
    to: 'ACTIVE',
    performers: ['LOAN_OFFICER'],
    description: 'record the disbursement',
  },
  RECORD_REPAYMENT: {
    from: ['ACTIVE', 'OVERDUE'],
    to: null,
    performers: ['LOAN_OFFICER'],
    description: 'record a repayment',
  },
  MARK_OVERDUE: {
    from: ['ACTIVE'],
    to: 'OVERDUE',
    performers: ['SYSTEM'],
    description: 'an instalment is past due',
  },
  CURE_OVERDUE: {
    from: ['OVERDUE'],
    to: 'ACTIVE',
    performers: ['SYSTEM'],
    description: 'arrears paid',
  },
  MARK_REPAID: {
    from: ['ACTIVE', 'OVERDUE'],
    to: 'REPAID',
    performers: ['SYSTEM'],
    description: 'principal and interest fully repaid',
  },
  REQUEST_RELEASE: {
    from: ['REPAID'],
    to: null,
    performers: ['LOAN_OFFICER'],
    description: 'ask the registration office to cancel the pledge',
  },
  REGISTER_RELEASE: {
    from: ['REPAID'],
    to: 'RELEASED',
    performers: ['REGISTRATION_CLERK'],
    description: 'pledge cancellation registered',
  },
  PROPOSE_DEFAULT: {
    from: LIVE_LOAN,
    to: null,
    performers: ['LOAN_OFFICER'],
    description: 'a loan officer proposes to declare the loan in default (reason from the list)',
  },
  DECLARE_DEFAULT: {
    from: LIVE_LOAN,
    to: 'DEFAULTED',
    // Cases whose declaration predates proposals fired this row at once, by the officer.
    performers: ['CREDIT_APPROVER'],
    description:
      "a credit approver other than the proposer confirms the officer's proposal: the loan is in default",
  },
  REJECT_DEFAULT: {
    from: LIVE_LOAN,
    to: null,
    performers: ['CREDIT_APPROVER'],
    description: 'a credit approver rejects the default proposal with a reason',
  },
  AUTO_DEFAULT: {
    from: LIVE_LOAN,
    to: 'DEFAULTED',
    performers: ['SYSTEM'],
    description: "days past due reached the product's default threshold",
  },
  OPEN_COMPENSATION: {
    from: ['DEFAULTED'],
    to: 'COMPENSATION',
    performers: ['SYSTEM'],
    description: 'file the insurance claim and the risk-compensation claim',
  },
  CONFIRM_INSURANCE_CLAIM: {
    from: CLAIMS_OPEN,
    to: null,
    performers: ['INSURER'],
    description: 'the insurer confirms its claim',
  },
  PAY_INSURANCE_CLAIM: {
    from: CLAIMS_OPEN,
    to: null,
    performers: ['INSURER'],
    description: 'the insurer pays its share of the loss',
  },
  REVIEW_FUND_CLAIM: {
    from: CLAIMS_OPEN,
    to: null,
    performers: ['FUND_MANAGER'],
    description: 'the fund manager reviews the risk-compensation claim',
  },
  PAY_FUND_CLAIM: {
    from: CLAIMS_OPEN,
    to: null,
    performers: ['FUND_MANAGER'],
    description: 'the fund pays its share of the loss, up to its balance',
  },
  START_DISPOSAL: {
    from: ['COMPENSATION'],
    to: 'DISPOSAL',
    performers: ['LOAN_OFFICER'],
    description: 'start disposing of the pledged IP',
  },
  RECORD_DISPOSAL_OUTCOME: {
    from: ['DISPOSAL'],
    to: null,
    performers: ['SYSTEM'],
    description: 'the disposal sold the IP or the bank wrote the loan off',
  },
  SETTLE: {
    from: ['DISPOSAL'],
    to: 'SETTLED',
    performers: ['SYSTEM'],
    description: 'proceeds distributed and every compensation claim resolved',
  },
  RELEASE_SETTLED_PLEDGE: {
    from: ['SETTLED'],
    to: null,
    performers: ['SYSTEM'],
    description:
      'pledge cancelled at the registration office: realised by the sale (transfer registered) or waived on write-off',
  },
  CLOSE: {
    from: ['RELEASED', 'SETTLED'],
    to: 'CLOSED',
    performers: ['SYSTEM'],
    description: 'close the case',
  },
  REJECT: {
    from: PRE_DISBURSEMENT,
    to: 'REJECTED',
    performers: ['CREDIT_APPROVER'],
    description: 'reject the application',
  },
  WITHDRAW: {
    from: PRE_DISBURSEMENT,
    to: 'WITHDRAWN',
    performers: ['LOAN_OFFICER'],
    description: 'withdraw the application',
  },
  REASSIGN_OWNER: {
    from: OPEN_CASE,
    to: null,
    performers: ['CREDIT_APPROVER'],
    description: 'a credit approver hands the case to another loan officer of the bank',
  },
} as const satisfies TransitionTable<string, CaseStatus>;

export type CaseEvent = keyof typeof CASE_TRANSITIONS;
export const CASE_EVENTS = Object.keys(CASE_TRANSITIONS) as CaseEvent[];

/** The case table, typed as a table (the literal above keeps each row's exact states). */
const TABLE: TransitionTable<CaseEvent, CaseStatus> = CASE_TRANSITIONS;

/**
 * Dry run of a transition: may `performer` fire `event` while the case is in `status`?
 * Pure and total: an unknown combination is an answer, never an exception or a silent null.
 */
export function checkTransition(
  status: CaseStatus,
  event: CaseEvent,
  performer: Performer,
): TransitionCheck<CaseStatus> {
  return checkTransitionIn(TABLE, 'case', status, event, performer);
}

/**
 * The state `event` leads the case to from `status` (the current one where the row keeps it).
 * @throws DomainError(INVALID_TRANSITION) where the table has no such move.
 */
export function targetOf(status: CaseStatus, event: CaseEvent): CaseStatus {
  return targetIn(TABLE, 'case', status, event);
}

/** Events a performer could fire from a status, before any payload or organisation check. */
export function eventsAvailable(status: CaseStatus, performer: Performer): CaseEvent[] {
  return eventsAvailableIn(TABLE, status, performer);
}

/** The case has ended: no step moves it any more. */
export function isTerminal(status: CaseStatus): boolean {
  return status === 'CLOSED' || status === 'REJECTED' || status === 'WITHDRAWN';
}

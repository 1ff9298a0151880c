/**
 * The rows of the authorisation matrix (authorisation-matrix.int-spec.ts): one per route of the
 * API, keyed `METHOD /path` as Nest routes it.
 *
 * - `guard`: the roles the route's @Roles admits ('ANY' = every signed-in user); another role
 *   gets 403 ROLE_FORBIDDEN from the guard, before anything is looked up. The test checks it
 *   against the route's metadata.
 * - `relations`: which relations of the caller to the subject the row has cells for. `inside`
 *   is the caller's own organisation's subject, or one its organisation is party to (case A of
 *   the fixtures: every organisation of the players is its bank, district, firm or a party);
 *   `outside` another organisation's, or one it is not party to (case B: another bank's draft
 *   for a firm of another district, with no parties). `none` for a route without a subject
 *   (lists, lookups, calculators): one cell per role. The administrator audits every case, so
 *   it has no `outside` cell unless the row says so (`adminHasOutside`).
 * - `answer`: the answer of an admitted role, per relation: the success status, or a domain
 *   refusal that proves the request got past authorisation (`why` says which and why), and 404
 *   (never 403) for a subject outside the caller's sight.
 *
 * Writes: the fixtures are kept usable by sending each step to a subject in the wrong state
 * (case A is in disposal, its claims paid: a loan step is 409), or with a body the route refuses
 * (400) where a valid one would change the fixtures; `why` says so. Writes that succeed create
 * throwaway records only (an export job, a fresh login's logout).
 */
import type { Role } from '../../libs/domain/src/roles';

export type Relation = 'inside' | 'outside' | 'none';

export interface SubjectIds {
  id: string;
  caseNumber: string;
  insuranceClaim: string;
  fundClaim: string;
  uscc: string;
  asset: string;
  /** A premium-subsidy claim awaiting the insurer: Pudong's inside, Xuhui's outside. */
  subsidyClaim: string;
}

export interface Subjects {
  inside: SubjectIds;
  outside: SubjectIds;
  fund: string;
}

export interface Answer {
  status: number;
  code?: string;
}

export interface Cell {
  route: string;
  role: Role | null;
  relation: Relation;
  params: Record<string, string>;
  body?: object;
  query?: string;
  expected: number;
  code?: string;
}

type Pick<T> = (s: Subjects, relation: Relation) => T;

export interface Row {
  guard: readonly Role[] | 'ANY';
  public?: boolean;
  /** What the route acts on, in words. */
  subject: string;
  relations?: readonly Relation[];
  params?: Pick<Record<string, string>>;
  body?: Pick<object>;
  query?: Pick<string>;
  answer: (role: Role, relation: Relation) => Answer;
  why: string;
  /** Each cell with its own fresh login (a logout must not end the matrix's sessions). */
  freshToken?: boolean;
  adminHasOutside?: boolean;
}

const NONE: readonly Relation[] = ['none'];
const INSIDE_ONLY: readonly Relation[] = ['inside'];
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const ok = (status = 200): Answer => ({ status });
const refused = (status: number, code: string): Answer => ({ status, code });
const always = (answer: Answer) => (): Answer => answer;

/** The case's ids for the relation (case A inside, case B outside). */
const onCase: Pick<Record<string, string>> = (s, relation) => {
  const ids = relation === 'outside' ? s.outside : s.inside;
  return { id: ids.id, caseNumber: ids.caseNumber };
};

/**
 * A route on a case: `inside` answers `answer` (for `performers`, when the step is one role's:
 * others get 403 ROLE_FORBIDDEN from the workflow or service), `outside` 404 `notFound`.
 */
function onVisibleCase(
  answer: Answer,
  options: { performers?: readonly Role[]; outside?: Answer; others?: Answer } = {},
): Row['answer'] {
  return (role, relation) => {
    if (relation === 'outside') return options.outside ?? refused(404, 'CASE_NOT_FOUND');
    if (options.performers && !options.performers.includes(role))
      return options.others ?? refused(403, 'ROLE_FORBIDDEN');
    return answer;
  };
}

const WRONG_STATE = refused(409, 'INVALID_TRANSITION');
const INVALID_BODY = refused(400, 'VALIDATION_FAILED');

/**
 * A loan step on case A (in disposal) with a valid body: 409 in the wrong state for every role
 * that sees the case, and 404 on case B. The route admits every role; the workflow's validator
 * checks the step's row of the transition table, the state before the performer (see
 * loan-case.states.spec.ts), so a role that never performs the step is refused with 409 here
 * and with 403 ROLE_FORBIDDEN in the step's state (controls-*.int-spec.ts).
 */
function loanStep(path: string, body: Pick<object> = () => ({})) {
  return {
    [`POST /api/v1/cases/:id/${path}`]: {
      guard: 'ANY',
      subject: 'case',
      params: onCase,
      body,
      answer: onVisibleCase(WRONG_STATE),
      why: 'case A is in disposal: the step is the wrong state (409) for whoever sees the case; case B is unseen (404)',
    } satisfies Row,
  };
}

const BANK: readonly Role[] = ['LOAN_OFFICER', 'CREDIT_APPROVER'];
const DISTRICT: readonly Role[] = ['DISTRICT_REVIEWER', 'DISTRICT_APPROVER'];
/** Who manages an organisation's webhook endpoints (helper "notifications"). */
const WEBHOOK_MANAGERS: readonly Role[] = [
  'CREDIT_APPROVER',
  'DISTRICT_APPROVER',
  'EVALUATOR',
  'REGISTRATION_CLERK',
  'INSURER',
  'FUND_MANAGER',
  'EXCHANGE_OPERATOR',
  'ADMINISTRATOR',
];

const onClaim: Pick<Record<string, string>> = (s, relation) => ({
  id: (relation === 'outside' ? s.outside : s.inside).subsidyClaim,
});

/**
 * A route on a subsidy claim: its bank, firm, insurer and the administrator see both claims,
 * the district only its own (`outside` is another district's); the party-only roles of a case
 * (evaluator, registration, fund, exchange) see no claim. Unseen: 404 CLAIM_NOT_FOUND.
 */
function onVisibleClaim(answer: Answer): Row['answer'] {
  return (role, relation) => {
    const sees =
      [...BANK, 'ENTERPRISE', 'INSURER', 'ADMINISTRATOR'].includes(role) ||
      (DISTRICT.includes(role) && relation === 'inside');
    return sees ? answer : refused(404, 'CLAIM_NOT_FOUND');
  };
}

export const ROWS: Record<string, Row> = {
  // --- health, identity --------------------------------------------------------------------
  'GET /health': {
    guard: 'ANY',
    public: true,
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'public liveness',
  },
  'GET /metrics': {
    guard: 'ANY',
    public: true,
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'public Prometheus scrape, for operators: kept off the public network at the proxy',
  },
  'GET /api/v1/auth/dev-users': {
    guard: 'ANY',
    public: true,
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'public in development and test: the demo users to log in as',
  },
  'POST /api/v1/auth/dev-login': {
    guard: 'ANY',
    public: true,
    subject: 'none',
    relations: NONE,
    body: () => ({ username: 'officer2.shcb' }),
    answer: always(ok()),
    why: 'public: the login itself',
  },
  'GET /api/v1/auth/me': {
    guard: 'ANY',
    subject: 'the caller',
    relations: NONE,
    answer: always(ok()),
    why: 'every user reads who it is',
  },
  'POST /api/v1/auth/logout': {
    guard: 'ANY',
    subject: 'the caller’s session',
    relations: NONE,
    freshToken: true,
    answer: always(ok()),
    why: 'every user ends its own session (a fresh login per cell)',
  },
  'POST /api/v1/admin/users/:userId/revoke-sessions': {
    guard: ['ADMINISTRATOR'],
    subject: 'a user',
    relations: NONE,
    params: () => ({ userId: 'nobody.matrix' }),
    answer: always(refused(404, 'USER_NOT_FOUND')),
    why: 'an unknown user: refused after authorisation (no session of a real user is revoked)',
  },

  // --- business date, calendar -------------------------------------------------------------
  'GET /api/v1/business-date': {
    guard: 'ANY',
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'every user reads the business date',
  },
  'POST /api/v1/admin/business-date/advance': {
    guard: ['ADMINISTRATOR'],
    subject: 'the business date',
    relations: NONE,
    answer: always(INVALID_BODY),
    why: 'no target date: refused after authorisation, the date does not move',
  },
  'GET /api/v1/working-calendar/working-days': {
    guard: 'ANY',
    subject: 'none',
    relations: NONE,
    query: () => '?from=2026-01-05&days=5',
    answer: always(ok()),
    why: 'every user reads the working days',
  },
  'GET /api/v1/working-calendar/:year': {
    guard: 'ANY',
    subject: 'none',
    relations: NONE,
    params: () => ({ year: '2026' }),
    answer: always(ok()),
    why: 'every user reads the calendar',
  },
  'PUT /api/v1/admin/working-calendar/:year': {
    guard: ['ADMINISTRATOR'],
    subject: 'the calendar',
    relations: NONE,
    params: () => ({ year: '2026' }),
    answer: always(INVALID_BODY),
    why: 'an empty body: refused after authorisation, the calendar stays',
  },
  'GET /api/v1/admin/working-calendar/:year/history': {
    guard: ['ADMINISTRATOR'],
    subject: 'the calendar',
    relations: NONE,
    params: () => ({ year: '2026' }),
    answer: always(ok()),
    why: 'the administrator reads the calendar’s history',
  },

  // --- lookups, calculators, identifiers ---------------------------------------------------
  ...Object.fromEntries(
    [
      'products',
      'organisations',
      'risk-schemes',
      'default-reasons',
      'compensation-funds',
      'disposal-lookups/below-floor-grounds',
    ].map((path) => [
      `GET /api/v1/${path}`,
      {
        guard: 'ANY',
        subject: 'none',
        relations: NONE,
        answer: always(ok()),
        why: 'master data every user reads',
      } satisfies Row,
    ]),
  ),
  ...Object.fromEntries(
    ['schedule', 'disposal-waterfall', 'interest-subsidy'].map((path) => [
      `POST /api/v1/calculators/${path}`,
      {
        guard: 'ANY',
        subject: 'none',
        relations: NONE,
        answer: always(INVALID_BODY),
        why: 'a calculator stores nothing: an empty body is refused after authorisation',
      } satisfies Row,
    ]),
  ),
  'GET /api/v1/identifiers/validate': {
    guard: 'ANY',
    subject: 'none',
    relations: NONE,
    answer: always(INVALID_BODY),
    why: 'no identifier given: refused after authorisation',
  },
  'GET /api/v1/lpr': {
    guard: 'ANY',
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'every user reads the LPR',
  },
  'PUT /api/v1/lpr/:effectiveFrom': {
    guard: ['ADMINISTRATOR'],
    subject: 'the LPR',
    relations: NONE,
    params: () => ({ effectiveFrom: '2026-01-20' }),
    answer: always(INVALID_BODY),
    why: 'an empty body: refused after authorisation, no rate is published',
  },

  // --- enterprises -------------------------------------------------------------------------
  'GET /api/v1/enterprises': {
    guard: 'ANY',
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'every role searches the register within what it may read (narrowed, never refused)',
  },
  'GET /api/v1/enterprises/:uscc': {
    guard: 'ANY',
    subject: 'enterprise',
    params: (s, relation) => ({ uscc: (relation === 'outside' ? s.outside : s.inside).uscc }),
    answer: (role, relation) =>
      [...BANK, 'ADMINISTRATOR'].includes(role) ||
      (relation === 'inside' && [...DISTRICT, 'ENTERPRISE'].includes(role))
        ? ok()
        : refused(404, 'ENTERPRISE_NOT_FOUND'),
    why: 'a record holds the legal representative’s ID and the contacts: the banks (who lend to any firm) and the administrator read every firm, a district the firms of its district (Pujiang, Pudong), an enterprise itself; the party-only roles none (they see the pledgor in the case); another firm is not found (404)',
  },
  'POST /api/v1/enterprises': {
    guard: ['LOAN_OFFICER', 'CREDIT_APPROVER', 'ADMINISTRATOR'],
    subject: 'none',
    relations: NONE,
    answer: always(INVALID_BODY),
    why: 'an empty body: refused after authorisation, no firm is registered',
  },
  'POST /api/v1/enterprises/:uscc/confirm-district': {
    guard: ['LOAN_OFFICER', 'CREDIT_APPROVER', 'ADMINISTRATOR'],
    subject: 'enterprise',
    relations: INSIDE_ONLY,
    params: (s) => ({ uscc: s.inside.uscc }),
    answer: always(refused(409, 'ENTERPRISE_NOT_PENDING')),
    why: 'Pujiang’s district is confirmed already: refused after authorisation',
  },

  // --- cases -------------------------------------------------------------------------------
  'POST /api/v1/cases': {
    guard: ['LOAN_OFFICER'],
    subject: 'none',
    relations: NONE,
    answer: always(INVALID_BODY),
    why: 'an empty body: refused after authorisation, no case is opened',
  },
  'GET /api/v1/cases': {
    guard: 'ANY',
    subject: 'the caller’s cases',
    relations: NONE,
    answer: always(ok()),
    why: 'every user lists the cases it sees (the scope is tested by visibility.int-spec.ts)',
  },
  ...Object.fromEntries(
    ['', '/timeline', '/allowed-actions', '/delinquency', '/compensation-claims'].map((path) => [
      `GET /api/v1/cases/:id${path}`,
      {
        guard: 'ANY',
        subject: 'case',
        params: onCase,
        answer: onVisibleCase(ok()),
        why: 'case A is seen by every player (own bank, district, firm, party); case B by none',
      } satisfies Row,
    ]),
  ),
  'GET /api/v1/pledges/:caseNumber': {
    guard: 'ANY',
    subject: 'case',
    params: onCase,
    answer: onVisibleCase(ok()),
    why: 'the pledges of a case are seen as the case is',
  },
  ...loanStep('submit'),
  ...loanStep('verify-ip'),
  ...loanStep('valuation-request', () => ({ firmOrgId: 'VAL-HUAYU' })),
  ...loanStep('valuation-report', (s) => ({
    reportNumber: 'VR-MATRIX',
    method: 'INCOME',
    baseDate: '2026-01-05',
    assets: [{ number: s.inside.asset, value: '5000000.00' }],
  })),
  ...loanStep('credit-approval', () => ({
    riskSharing: { bankBp: 2000, insurerBp: 1600, fundBp: 5400, guarantorBp: 1000 },
  })),
  ...loanStep('contract', () => ({
    loanContractNumber: 'LC-MATRIX',
    pledgeContractNumber: 'PC-MATRIX',
    signedOn: '2026-01-05',
    forfeitureClause: false,
  })),
  ...loanStep('registration'),
  ...loanStep('registration/accept', () => ({
    registrationNumber: 'RG-MATRIX',
    registeredOn: '2026-01-05',
  })),
  ...loanStep('registration/refuse', () => ({
    reason: 'NOT_REGISTERED_OWNER',
  })),
  ...loanStep('disbursement', () => ({
    reference: 'DB-MATRIX',
    valueDate: '2026-01-05',
  })),
  ...loanStep('repayments', () => ({
    reference: 'RP-MATRIX',
    amount: '1.00',
    valueDate: '2026-01-05',
  })),
  ...loanStep('release/request'),
  ...loanStep('release/register', () => ({
    cancellationNumber: 'CN-MATRIX',
    registeredOn: '2026-01-05',
  })),
  ...loanStep('reject', () => ({ reason: 'matrix' })),
  ...loanStep('withdraw', () => ({ reason: 'matrix' })),
  'POST /api/v1/cases/:id/owner': {
    guard: 'ANY',
    subject: 'case',
    params: onCase,
    body: () => ({ ownerUserId: 'nobody.matrix', reason: 'matrix' }),
    answer: onVisibleCase(refused(422, 'OWNER_UNKNOWN_USER'), { performers: ['CREDIT_APPROVER'] }),
    why: 'the credit approver reassigns (others 403 from the workflow, whatever the state); an unknown new owner is refused after authorisation, the owner stays',
  },

  // --- default and compensation ------------------------------------------------------------
  ...loanStep('default', () => ({ reasonCode: 'BORROWER_WRITTEN_NOTICE' })),
  ...loanStep('default/confirm'),
  ...loanStep('default/reject', () => ({ reason: 'matrix' })),
  'POST /api/v1/cases/:id/compensation-claims/:claimId/confirm': {
    guard: ['INSURER'],
    subject: 'case',
    params: (s, relation) => ({
      ...onCase(s, relation),
      claimId: (relation === 'outside' ? s.outside : s.inside).insuranceClaim,
    }),
    answer: onVisibleCase(refused(409, 'INVALID_CLAIM_STATUS')),
    why: 'case A’s insurance claim is paid: confirming it again is the wrong state',
  },
  'POST /api/v1/cases/:id/compensation-claims/:claimId/review': {
    guard: ['FUND_MANAGER'],
    subject: 'case',
    params: (s, relation) => ({
      ...onCase(s, relation),
      claimId: (relation === 'outside' ? s.outside : s.inside).fundClaim,
    }),
    answer: onVisibleCase(refused(422, 'FUND_TRIGGER_NOT_REACHED')),
    why: 'case A’s fund claim may be reviewed only after 60 days non-performing: refused after authorisation',
  },
  'POST /api/v1/cases/:id/compensation-claims/:claimId/pay': {
    guard: ['INSURER', 'FUND_MANAGER'],
    subject: 'case',
    params: (s, relation) => ({
      ...onCase(s, relation),
      claimId: (relation === 'outside' ? s.outside : s.inside).insuranceClaim,
    }),
    body: () => ({ reference: 'PAY-MATRIX' }),
    answer: (role, relation) =>
      relation === 'outside'
        ? refused(404, 'CASE_NOT_FOUND')
        : role === 'FUND_MANAGER'
          ? refused(404, 'CLAIM_NOT_FOUND')
          : refused(409, 'INVALID_CLAIM_STATUS'),
    why: 'case A’s insurance claim is paid: paying again is the wrong state for the insurer; the fund, party to the case, does not find the insurer’s claim (404: another organisation’s object)',
  },
  'GET /api/v1/compensation-funds/:code': {
    guard: ['FUND_MANAGER', 'ADMINISTRATOR'],
    subject: 'the fund',
    relations: NONE,
    params: (s) => ({ code: s.fund }),
    answer: always(ok()),
    why: 'the fund’s own managers and the administrator read its balance',
  },
  'POST /api/v1/compensation-funds/:code/top-ups': {
    guard: ['FUND_MANAGER'],
    subject: 'the fund',
    relations: NONE,
    params: (s) => ({ code: s.fund }),
    answer: always(INVALID_BODY),
    why: 'an empty body: refused after authorisation, nothing is proposed',
  },
  'POST /api/v1/compensation-funds/:code/top-ups/:id/approve': {
    guard: ['FUND_MANAGER'],
    subject: 'a fund top-up',
    relations: NONE,
    params: (s) => ({ code: s.fund, id: UNKNOWN_ID }),
    answer: always(refused(404, 'TOP_UP_NOT_FOUND')),
    why: 'an unknown top-up: refused after authorisation',
  },
  'POST /api/v1/compensation-funds/:code/top-ups/:id/reject': {
    guard: ['FUND_MANAGER'],
    subject: 'a fund top-up',
    relations: NONE,
    params: (s) => ({ code: s.fund, id: UNKNOWN_ID }),
    body: () => ({ reason: 'matrix' }),
    answer: always(refused(404, 'TOP_UP_NOT_FOUND')),
    why: 'an unknown top-up: refused after authorisation',
  },

  // --- disposal ----------------------------------------------------------------------------
  'POST /api/v1/cases/:id/disposal': {
    guard: ['LOAN_OFFICER'],
    subject: 'case',
    params: onCase,
    answer: onVisibleCase(WRONG_STATE),
    why: 'case A’s disposal has started: starting it again is refused',
  },
  ...Object.fromEntries(
    ['', '/allowed-actions', '/rounds', '/bids', '/bidders'].map((path) => [
      `GET /api/v1/cases/:id/disposal${path}`,
      {
        guard: 'ANY',
        subject: 'case in disposal',
        params: onCase,
        answer: onVisibleCase(ok()),
        why: 'case A’s disposal is seen as the case is; case B is unseen (404)',
      } satisfies Row,
    ]),
  ),
  'POST /api/v1/cases/:id/disposal/valuation': {
    guard: ['EVALUATOR'],
    subject: 'case in disposal',
    params: onCase,
    body: (s) => ({
      reportNumber: 'VR-MATRIX-D',
      method: 'MARKET',
      baseDate: '2026-01-05',
      assets: [{ number: s.inside.asset, value: '4000000.00' }],
    }),
    answer: onVisibleCase(WRONG_STATE),
    why: 'case A’s disposal awaits the method, not a valuation: the wrong state',
  },
  'POST /api/v1/cases/:id/disposal/method': {
    guard: ['LOAN_OFFICER'],
    subject: 'case in disposal',
    relations: INSIDE_ONLY,
    params: onCase,
    body: () => ({ method: 'NOT-A-METHOD' }),
    answer: always(INVALID_BODY),
    why: 'a valid method would be chosen (the disposal awaits one): an unknown method is refused after authorisation; the disposal’s other steps prove the 404 of case B',
  },
  'POST /api/v1/cases/:id/disposal/rounds': {
    guard: ['EXCHANGE_OPERATOR'],
    subject: 'case in disposal',
    params: onCase,
    body: () => ({ startingPrice: '3500000.00' }),
    answer: onVisibleCase(WRONG_STATE),
    why: 'no method chosen: a round is the wrong state',
  },
  'POST /api/v1/cases/:id/disposal/bids': {
    guard: ['EXCHANGE_OPERATOR'],
    subject: 'case in disposal',
    params: onCase,
    body: () => ({ bidderId: 'B-1', amount: '3600000.00' }),
    answer: onVisibleCase(WRONG_STATE),
    why: 'no round open: a bid is the wrong state',
  },
  'POST /api/v1/cases/:id/disposal/bidders': {
    guard: ['EXCHANGE_OPERATOR'],
    subject: 'case in disposal',
    params: onCase,
    body: () => ({ kind: 'FIRM', identity: '91310115MA1K3YJ122', name: 'matrix bidder' }),
    answer: onVisibleCase(WRONG_STATE),
    why: 'no auction under way: registering a bidder is the wrong state',
  },
  'POST /api/v1/cases/:id/disposal/deposits': {
    guard: ['EXCHANGE_OPERATOR'],
    subject: 'case in disposal',
    params: onCase,
    body: () => ({
      bidderId: 'B-1',
      amount: '50000.00',
      reference: 'DEP-MATRIX',
      paidOn: '2026-01-05',
    }),
    answer: onVisibleCase(WRONG_STATE),
    why: 'no auction under way: recording a deposit is the wrong state',
  },
  'POST /api/v1/cases/:id/disposal/rounds/close': {
    guard: ['EXCHANGE_OPERATOR'],
    subject: 'case in disposal',
    params: onCase,
    answer: onVisibleCase(WRONG_STATE),
    why: 'no round open: closing one is the wrong state',
  },
  'POST /api/v1/cases/:id/disposal/sale': {
    guard: ['LOAN_OFFICER'],
    subject: 'case in disposal',
    params: onCase,
    body: () => ({ method: 'NEGOTIATED_TRANSFER', buyer: 'matrix', price: '4000000.00' }),
    answer: onVisibleCase(WRONG_STATE),
    why: 'no private method chosen: a sale is the wrong state',
  },
  'POST /api/v1/cases/:id/disposal/sale/approve': {
    guard: ['ADMINISTRATOR'],
    subject: 'case in disposal',
    params: onCase,
    adminHasOutside: true,
    answer: onVisibleCase(WRONG_STATE, { outside: refused(404, 'DISPOSAL_NOT_FOUND') }),
    why: 'no sale awaits approval: the wrong state; case B has no disposal (404)',
  },
  'POST /api/v1/cases/:id/disposal/sale/complete': {
    guard: ['LOAN_OFFICER'],
    subject: 'case in disposal',
    params: onCase,
    body: () => ({ costs: '0.00' }),
    answer: onVisibleCase(WRONG_STATE),
    why: 'no sale agreed: completing is the wrong state',
  },
  'POST /api/v1/cases/:id/disposal/write-off': {
    guard: BANK,
    subject: 'case in disposal',
    params: onCase,
    answer: onVisibleCase(refused(422, 'REASON_REQUIRED')),
    why: 'no reason given: refused after authorisation (by the workflow), nothing is written off',
  },
  'POST /api/v1/cases/:id/disposal/write-off/approve': {
    guard: ['ADMINISTRATOR'],
    subject: 'case in disposal',
    params: onCase,
    adminHasOutside: true,
    answer: onVisibleCase(WRONG_STATE, { outside: refused(404, 'DISPOSAL_NOT_FOUND') }),
    why: 'no write-off was proposed: approving one is the wrong state; case B has no disposal (404)',
  },
  'POST /api/v1/cases/:id/disposal/transfer-registration': {
    guard: ['REGISTRATION_CLERK'],
    subject: 'case in disposal',
    params: onCase,
    body: () => ({ registrationNumber: 'ZR-MATRIX', registeredOn: '2026-01-05' }),
    answer: onVisibleCase(refused(409, 'NO_PENDING_TRANSFER')),
    why: 'nothing was sold: there is no transfer to register (409); case B is unseen (404)',
  },
  'GET /api/v1/admin/disposal-files/:caseNumber': {
    guard: ['ADMINISTRATOR'],
    subject: 'case in disposal',
    params: onCase,
    adminHasOutside: true,
    answer: onVisibleCase(ok(), { outside: refused(409, 'NO_DISPOSAL') }),
    why: 'the administrator reads case A’s disposal file; case B (which it sees) has no disposal (409)',
  },
  'GET /api/v1/admin/disposal-files/:caseNumber/pdf': {
    guard: ['ADMINISTRATOR'],
    subject: 'case in disposal',
    params: onCase,
    adminHasOutside: true,
    answer: onVisibleCase(ok(), { outside: refused(409, 'NO_DISPOSAL') }),
    why: 'the administrator prints case A’s disposal file; case B (which it sees) has no disposal (409)',
  },
  'POST /api/v1/admin/disposal-files/:caseNumber/findings': {
    guard: ['ADMINISTRATOR'],
    subject: 'case in disposal',
    relations: INSIDE_ONLY,
    params: onCase,
    answer: always(INVALID_BODY),
    why: 'an empty finding: refused after authorisation, nothing is recorded',
  },

  // --- assets, registration ----------------------------------------------------------------
  'GET /api/v1/assets': {
    guard: 'ANY',
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'the IP asset register mirrors the public patent and trademark registers (title, owners, legal status): every role reads it, whoever owns the asset; the pledges of a case are read through the case (GET /pledges/:caseNumber)',
  },
  'GET /api/v1/assets/:number': {
    guard: 'ANY',
    subject: 'asset',
    params: (s, relation) => ({ number: (relation === 'outside' ? s.outside : s.inside).asset }),
    answer: always(ok()),
    why: 'the IP asset register mirrors the public patent and trademark registers (title, owners, legal status): every role reads it, whoever owns the asset; the pledges of a case are read through the case (GET /pledges/:caseNumber)',
  },
  'PUT /api/v1/assets/:number': {
    guard: ['REGISTRATION_CLERK'],
    subject: 'asset',
    relations: INSIDE_ONLY,
    params: (s) => ({ number: s.inside.asset }),
    answer: always(INVALID_BODY),
    why: 'an empty record: refused after authorisation, the register stays',
  },
  'POST /api/v1/assets/import': {
    guard: ['REGISTRATION_CLERK'],
    subject: 'none',
    relations: NONE,
    answer: always(refused(400, 'CSV_REQUIRED')),
    why: 'no CSV sent: refused after authorisation, nothing is imported',
  },
  'GET /api/v1/registration/filings': {
    guard: ['REGISTRATION_CLERK', 'ADMINISTRATOR'],
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'the registration office’s queue',
  },

  // --- audit, exports ----------------------------------------------------------------------
  'GET /api/v1/audit/verify': {
    guard: ['ADMINISTRATOR'],
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'the administrator verifies the chain',
  },
  'GET /api/v1/audit/entries': {
    guard: ['ADMINISTRATOR'],
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'the administrator reads the log',
  },
  'POST /api/v1/exports': {
    guard: 'ANY',
    subject: 'none',
    relations: NONE,
    body: () => ({ kind: 'case-register', format: 'csv' }),
    answer: (role) =>
      [...BANK, ...DISTRICT, 'ADMINISTRATOR'].includes(role)
        ? ok(202)
        : refused(403, 'ROLE_FORBIDDEN'),
    why: 'the case register is exported by the banks, the districts and the administrator (a throwaway job); the report refuses other roles',
  },
  'GET /api/v1/exports/:id': {
    guard: 'ANY',
    subject: 'an export',
    relations: NONE,
    params: () => ({ id: UNKNOWN_ID }),
    answer: always(refused(404, 'EXPORT_NOT_FOUND')),
    why: 'an unknown export',
  },
  'GET /api/v1/exports/:id/download': {
    guard: 'ANY',
    subject: 'an export',
    relations: NONE,
    params: () => ({ id: UNKNOWN_ID }),
    answer: always(refused(404, 'EXPORT_NOT_FOUND')),
    why: 'an unknown export',
  },

  // --- subsidies ---------------------------------------------------------------------------
  'GET /api/v1/subsidies/budgets': {
    guard: [...DISTRICT, 'ADMINISTRATOR'],
    subject: 'the district’s budget',
    relations: NONE,
    answer: always(ok()),
    why: 'a district reads its own budget, the administrator every one',
  },
  'GET /api/v1/subsidies/budgets/plans': {
    guard: [...DISTRICT, 'ADMINISTRATOR'],
    subject: 'the district’s plans',
    relations: NONE,
    answer: always(ok()),
    why: 'a district reads its own plans',
  },
  'PUT /api/v1/subsidies/budgets/plans': {
    guard: ['DISTRICT_APPROVER'],
    subject: 'the district’s plans',
    relations: NONE,
    answer: always(INVALID_BODY),
    why: 'an empty plan: refused after authorisation',
  },
  'POST /api/v1/subsidies/budgets/top-up': {
    guard: DISTRICT,
    subject: 'the district’s budget',
    relations: NONE,
    answer: always(INVALID_BODY),
    why: 'an empty top-up: refused after authorisation',
  },
  'POST /api/v1/subsidies/budgets/top-ups/:id/approve': {
    guard: ['DISTRICT_APPROVER'],
    subject: 'a budget top-up',
    relations: NONE,
    params: () => ({ id: UNKNOWN_ID }),
    answer: always(refused(404, 'TOP_UP_NOT_FOUND')),
    why: 'an unknown top-up',
  },
  'POST /api/v1/subsidies/budgets/top-ups/:id/reject': {
    guard: ['DISTRICT_APPROVER'],
    subject: 'a budget top-up',
    relations: NONE,
    params: () => ({ id: UNKNOWN_ID }),
    body: () => ({ reason: 'matrix' }),
    answer: always(refused(404, 'TOP_UP_NOT_FOUND')),
    why: 'an unknown top-up',
  },
  'GET /api/v1/subsidies/policies': {
    guard: 'ANY',
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'published policies are public to every user',
  },
  'GET /api/v1/subsidies/policies/:id': {
    guard: 'ANY',
    subject: 'a policy',
    relations: NONE,
    params: () => ({ id: UNKNOWN_ID }),
    answer: always(refused(404, 'POLICY_NOT_FOUND')),
    why: 'an unknown policy',
  },
  'POST /api/v1/subsidies/policies': {
    guard: ['DISTRICT_APPROVER'],
    subject: 'the district’s policy',
    relations: NONE,
    answer: always(INVALID_BODY),
    why: 'an empty policy: refused after authorisation, nothing is published',
  },
  'POST /api/v1/subsidies/policies/what-if': {
    guard: ['DISTRICT_APPROVER'],
    subject: 'the district’s policy',
    relations: NONE,
    answer: always(INVALID_BODY),
    why: 'an empty what-if: refused after authorisation',
  },
  'POST /api/v1/subsidies/claims/interest': {
    guard: ['LOAN_OFFICER', 'ENTERPRISE'],
    subject: 'case',
    body: (s, relation) => ({
      caseNumber: (relation === 'outside' ? s.outside : s.inside).caseNumber,
      fromInstalment: 1,
      toInstalment: 1,
      proofs: ['LOAN_CONTRACT', 'REPAYMENT_VOUCHER'],
    }),
    answer: onVisibleCase(refused(422, 'INSTALMENT_PERIOD_NOT_ENDED')),
    why: 'case A’s first instalment period has not ended: refused after authorisation; case B unseen (404)',
  },
  'POST /api/v1/subsidies/claims/insurance': {
    guard: ['LOAN_OFFICER', 'ENTERPRISE'],
    subject: 'case',
    body: (s, relation) => ({
      caseNumber: (relation === 'outside' ? s.outside : s.inside).caseNumber,
      insurerOrgId: 'INS-ANXIN',
      insurancePolicyNumber: 'POL-MATRIX',
      premium: '1000.00',
      premiumPaidOn: '2026-01-05',
      proofs: ['INSURANCE_POLICY', 'PREMIUM_RECEIPT'],
    }),
    answer: onVisibleCase(refused(422, 'NOT_ELIGIBLE')),
    why: 'case A has no repayment: not eligible under Pudong’s premium policy, refused after authorisation; case B unseen (404)',
  },
  'GET /api/v1/subsidies/claims': {
    guard: 'ANY',
    subject: 'the caller’s claims',
    relations: NONE,
    answer: always(ok()),
    why: 'every user lists the claims it sees',
  },
  'GET /api/v1/subsidies/work-queue': {
    guard: 'ANY',
    subject: 'the caller’s claims',
    relations: NONE,
    answer: always(ok()),
    why: 'every user reads its own work queue',
  },
  ...Object.fromEntries(
    ['', '/allowed-actions'].map((path) => [
      `GET /api/v1/subsidies/claims/:id${path}`,
      {
        guard: 'ANY',
        subject: 'subsidy claim',
        params: onClaim,
        adminHasOutside: true,
        answer: onVisibleClaim(ok()),
        why: 'a claim is seen by its bank, its firm, its insurer, its district and the administrator',
      } satisfies Row,
    ]),
  ),
  'POST /api/v1/subsidies/claims/:id/insurer-confirmation': {
    guard: ['INSURER'],
    subject: 'subsidy claim',
    params: onClaim,
    body: () => ({ premium: '1.00' }),
    answer: always(refused(422, 'PREMIUM_MISMATCH')),
    why: 'the insurer of both claims confirms a premium other than the one claimed: refused after authorisation, the claim still awaits it',
  },
  ...Object.fromEntries(
    (
      [
        ['review', DISTRICT, {}],
        ['approve', ['DISTRICT_APPROVER'], {}],
        ['pay', DISTRICT, { paymentReference: 'SUB-PAY-MATRIX' }],
        ['claw-back', ['DISTRICT_APPROVER'], { reason: 'matrix' }],
      ] as const
    ).map(([path, guard, body]) => [
      `POST /api/v1/subsidies/claims/:id/${path}`,
      {
        guard,
        subject: 'subsidy claim',
        params: onClaim,
        body: () => body,
        answer: onVisibleClaim(refused(409, 'INVALID_CLAIM_TRANSITION')),
        why: 'the claim awaits the insurer: the district’s step is the wrong state (409); another district’s claim is not found (404)',
      } satisfies Row,
    ]),
  ),
  'POST /api/v1/subsidies/claims/:id/reject': {
    guard: [...DISTRICT, 'INSURER'],
    subject: 'subsidy claim',
    relations: INSIDE_ONLY,
    params: onClaim,
    body: () => ({ reason: 'x' }),
    answer: always(INVALID_BODY),
    why: 'a valid reason would reject the claim (it may be rejected while it awaits the insurer): a one-letter reason is refused after authorisation; the claim’s other steps prove the 404 of another district’s claim',
  },
  // Helper "list-indicators" (issue 12): the programme indicators.
  'GET /api/v1/indicators': {
    guard: [...BANK, ...DISTRICT, 'ADMINISTRATOR'],
    subject: 'the programme’s figures in the caller’s scope',
    relations: NONE,
    answer: always(ok()),
    why: 'a bank reads its loans’ figures, a district its firms’, the administrator all (the scope is tested by indicators.int-spec.ts)',
  },

  // --- work inbox (helper "inbox") ----------------------------------------------------------
  'GET /api/v1/tasks': {
    guard: 'ANY',
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'every user reads its own inbox: the tasks waiting on its role and organisation',
  },
  'GET /api/v1/admin/task-sla': {
    guard: ['ADMINISTRATOR'],
    subject: 'the time limits',
    relations: NONE,
    answer: always(ok()),
    why: 'the administrator reads the time limits of the tasks',
  },
  'PUT /api/v1/admin/task-sla': {
    guard: ['ADMINISTRATOR'],
    subject: 'the time limits',
    relations: NONE,
    answer: always(INVALID_BODY),
    why: 'an empty body: refused after authorisation, the limits stay',
  },

  // --- notifications and webhooks (helper "notifications") --------------------------------
  'GET /api/v1/notifications': {
    guard: 'ANY',
    subject: 'the caller’s notifications',
    relations: NONE,
    answer: always(ok()),
    why: 'every user reads its own in-app notifications',
  },
  'POST /api/v1/notifications/read-all': {
    guard: 'ANY',
    subject: 'the caller’s notifications',
    relations: NONE,
    answer: always(ok(204)),
    why: 'every user marks its own notifications read (nothing else changes)',
  },
  'POST /api/v1/notifications/:id/read': {
    guard: 'ANY',
    subject: 'a notification',
    relations: NONE,
    params: () => ({ id: '999999999' }),
    answer: always(refused(404, 'NOTIFICATION_NOT_FOUND')),
    why: 'an id that is none of the caller’s notifications',
  },
  'POST /api/v1/webhooks/endpoints': {
    guard: WEBHOOK_MANAGERS,
    subject: 'the organisation’s webhook endpoints',
    relations: NONE,
    body: () => ({ url: 'not-a-url' }),
    answer: always(INVALID_BODY),
    why: 'a valid URL would register an endpoint the fixtures then send to: an invalid one is refused after authorisation',
  },
  'GET /api/v1/webhooks/endpoints': {
    guard: WEBHOOK_MANAGERS,
    subject: 'the organisation’s webhook endpoints',
    relations: NONE,
    answer: always(ok()),
    why: 'the senior role of each organisation (the administrator: of all) lists its endpoints',
  },
  'DELETE /api/v1/webhooks/endpoints/:id': {
    guard: WEBHOOK_MANAGERS,
    subject: 'a webhook endpoint',
    relations: NONE,
    params: () => ({ id: '999999999' }),
    answer: always(refused(404, 'WEBHOOK_ENDPOINT_NOT_FOUND')),
    why: 'an unknown endpoint: refused after authorisation',
  },
  'GET /api/v1/admin/webhooks/deliveries': {
    guard: ['ADMINISTRATOR'],
    subject: 'webhook deliveries',
    relations: NONE,
    query: () => '?status=DEAD',
    answer: always(ok()),
    why: 'the administrator lists the dead letters',
  },
  'POST /api/v1/admin/webhooks/deliveries/:id/replay': {
    guard: ['ADMINISTRATOR'],
    subject: 'a webhook delivery',
    relations: NONE,
    params: () => ({ id: '999999999' }),
    answer: always(refused(404, 'WEBHOOK_DELIVERY_NOT_FOUND')),
    why: 'an unknown delivery: refused after authorisation',
  },

  // --- collateral watch, revaluation and covenants (issue 14, helper "collateral") ----------
  'POST /api/v1/assets/:number/legal-events': {
    guard: ['REGISTRATION_CLERK'],
    subject: 'asset',
    relations: INSIDE_ONLY,
    params: (s) => ({ number: s.inside.asset }),
    answer: always(INVALID_BODY),
    why: 'an event without its kind: refused after authorisation, the register and the pledges stay',
  },
  'GET /api/v1/assets/:number/legal-events': {
    guard: 'ANY',
    subject: 'asset',
    params: (s, relation) => ({ number: (relation === 'outside' ? s.outside : s.inside).asset }),
    answer: always(ok()),
    why: 'legal events are public register facts, read by every role like the register itself',
  },
  'POST /api/v1/assets/legal-events/import': {
    guard: ['REGISTRATION_CLERK'],
    subject: 'none',
    relations: NONE,
    answer: always(refused(400, 'CSV_REQUIRED')),
    why: 'no CSV sent: refused after authorisation, nothing is imported',
  },
  ...Object.fromEntries(
    ['collateral', 'covenants'].map((path) => [
      `GET /api/v1/cases/:id/${path}`,
      {
        guard: 'ANY',
        subject: 'case',
        params: onCase,
        answer: onVisibleCase(ok()),
        why: 'a loan’s collateral and covenants are seen as the case is (the enterprise without the bank’s figures)',
      } satisfies Row,
    ]),
  ),
  'POST /api/v1/cases/:id/collateral/decision': {
    guard: BANK,
    subject: 'case',
    params: onCase,
    body: () => ({ decision: 'EARLY_RECALL', reason: 'matrix decision' }),
    answer: onVisibleCase(refused(409, 'COLLATERAL_LOAN_NOT_LIVE')),
    why: 'case A is in disposal, not a live loan: refused after authorisation; case B is unseen (404)',
  },
  'POST /api/v1/cases/:id/revaluation': {
    guard: ['EVALUATOR'],
    subject: 'case',
    params: onCase,
    body: (s) => ({
      reportNumber: 'RV-MATRIX',
      method: 'MARKET',
      baseDate: '2026-01-15',
      assets: [{ number: s.inside.asset, value: '4000000.00' }],
    }),
    answer: onVisibleCase(refused(409, 'COLLATERAL_LOAN_NOT_LIVE')),
    why: 'case A is in disposal, not a live loan: refused after authorisation; the firm does not see case B (404)',
  },
  'POST /api/v1/cases/:id/covenants': {
    guard: ['LOAN_OFFICER'],
    subject: 'case',
    params: onCase,
    body: () => ({ title: 'matrix covenant', dueOn: '2027-04-30', reminderWorkingDays: 5 }),
    answer: onVisibleCase(refused(409, 'COLLATERAL_LOAN_NOT_LIVE')),
    why: 'case A is in disposal, not a live loan: refused after authorisation; case B is unseen (404)',
  },
  'POST /api/v1/cases/:id/covenants/:covenantId/resolution': {
    guard: BANK,
    subject: 'case',
    params: (s, relation) => ({ ...onCase(s, relation), covenantId: UNKNOWN_ID }),
    body: () => ({ resolution: 'FULFILLED', note: 'matrix' }),
    answer: onVisibleCase(refused(409, 'COLLATERAL_LOAN_NOT_LIVE')),
    why: 'case A is in disposal, not a live loan: refused after authorisation, before the covenant is looked up; case B is unseen (404)',
  },

  // Console (console-core): how the web console signs users in.
  'GET /api/v1/auth/console-config': {
    guard: 'ANY',
    public: true,
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'public: the sign-in page reads it before anyone is signed in',
  },
  'GET /api/v1/case-transitions': {
    guard: 'ANY',
    subject: 'none',
    relations: NONE,
    answer: always(ok()),
    why: 'master data every user reads: the console draws the case’s state diagram from it',
  },
};

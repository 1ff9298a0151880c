/**
 * The default as two people decide it (maker-checker): a loan officer proposes it with a reason
 * from a fixed list, a credit approver of the same bank other than the proposer confirms or
 * rejects it. Also the hand-over of a case to another loan officer. Pure rules and records.
 */
import { compareDates } from '../business-date';
import { DomainError } from '../errors';
import type { Actor } from '../roles';

/**
 * Why a bank declares a loan in default. Before the product's `overdueAfterDays` (an early
 * default: the loan is not, or not long, past due) only the first five are allowed; PAST_DUE
 * names the ordinary case of a loan past due for at least `overdueAfterDays`. The other five stay
 * allowed then too (a fraud found on an overdue loan is still a fraud).
 */
export const DEFAULT_REASONS = {
  INSOLVENCY_FILING: { zh: '破产申请', en: 'insolvency filing', early: true },
  FRAUD: { zh: '欺诈', en: 'fraud', early: true },
  COLLATERAL_COURT_FREEZE: {
    zh: '质押物被法院冻结',
    en: 'pledged IP frozen by a court',
    early: true,
  },
  BORROWER_WRITTEN_NOTICE: {
    zh: '借款人书面通知',
    en: 'written notice by the borrower',
    early: true,
  },
  OTHER: { zh: '其他', en: 'other (described in the text)', early: true },
  PAST_DUE: { zh: '逾期未还', en: 'past due beyond the overdue threshold', early: false },
} as const satisfies Record<string, { zh: string; en: string; early: boolean }>;

export type DefaultReasonCode = keyof typeof DEFAULT_REASONS;
export const DEFAULT_REASON_CODES = Object.keys(DEFAULT_REASONS) as DefaultReasonCode[];

/** The reason OTHER is described in at least this many characters. */
export const OTHER_REASON_MIN_LENGTH = 20;

export type DefaultProposalStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'SUPERSEDED';

/** A default proposal and what became of it (the case keeps its latest). */
export interface DefaultProposal {
  /** `<case number>-DP-<seq>`: the key of its row, so a retried activity writes it once. */
  proposalId: string;
  seq: number;
  proposedBy: Actor;
  /** Business date of the proposal. */
  proposedOn: string;
  reasonCode: DefaultReasonCode;
  reasonText: string | null;
  /** Days past due on the proposal date. */
  daysPastDue: number;
  status: DefaultProposalStatus;
  decidedBy: Actor | null;
  decidedOn: string | null;
  /** Why the approver rejected it; null otherwise. */
  decisionReason: string | null;
}

/** Who owns a case now (the officer who opened it until a credit approver hands it on). */
export interface CaseOwner {
  userId: string;
  username: string;
  /** Business date the owner took the case over. */
  since: string;
  /** The credit approver who handed it over; null for the officer who opened the case. */
  assignedBy: string | null;
}

/** A proposal as the officer sends it. */
export interface DefaultProposalSubmission {
  reasonCode: string | undefined;
  reasonText: string | undefined;
  /** Business date of the step. */
  on: string;
  daysPastDue: number;
  overdueAfterDays: number;
  /** Value date of the disbursement. */
  disbursedOn: string | null;
  pending: DefaultProposal | null;
}

/**
 * A proposal is allowed: none pending, not on the disbursement date, a reason from the list
 * that suits the days past due, OTHER described in at least 20 characters.
 * @throws DomainError(DEFAULT_PROPOSAL_PENDING | DEFAULT_ON_DISBURSEMENT_DATE |
 *   DEFAULT_REASON_REQUIRED | DEFAULT_REASON_INVALID | DEFAULT_REASON_TEXT_TOO_SHORT)
 */
export function assertDefaultProposal(p: DefaultProposalSubmission): void {
  if (p.pending) {
    throw new DomainError(
      'DEFAULT_PROPOSAL_PENDING',
      `Default proposal ${p.pending.proposalId} awaits a decision`,
      { proposalId: p.pending.proposalId },
    );
  }
  if (p.disbursedOn !== null && compareDates(p.on, p.disbursedOn) === 0) {
    throw new DomainError(
      'DEFAULT_ON_DISBURSEMENT_DATE',
      `A default may not be proposed on the disbursement date ${p.disbursedOn}`,
      { disbursedOn: p.disbursedOn },
    );
  }
  const code = p.reasonCode?.trim();
  if (!code) {
    throw new DomainError('DEFAULT_REASON_REQUIRED', 'A default proposal needs a reason code', {
      allowed: DEFAULT_REASON_CODES,
    });
  }
  if (!isDefaultReasonCode(code)) {
    throw new DomainError('DEFAULT_REASON_INVALID', `Unknown default reason ${code}`, {
      reasonCode: code,
      allowed: DEFAULT_REASON_CODES,
    });
  }
  const early = p.daysPastDue < p.overdueAfterDays;
  if (early && !DEFAULT_REASONS[code].early) {
    throw new DomainError(
      'DEFAULT_REASON_INVALID',
      `${code} needs at least ${p.overdueAfterDays} days past due; the loan is ${p.daysPastDue} days past due`,
      { reasonCode: code, daysPastDue: p.daysPastDue, overdueAfterDays: p.overdueAfterDays },
    );
  }
  if (code === 'OTHER' && [...(p.reasonText?.trim() ?? '')].length < OTHER_REASON_MIN_LENGTH) {
    throw new DomainError(
      'DEFAULT_REASON_TEXT_TOO_SHORT',
      `The reason OTHER needs at least ${OTHER_REASON_MIN_LENGTH} characters of description`,
      { minLength: OTHER_REASON_MIN_LENGTH },
    );
  }
}

export function isDefaultReasonCode(code: string): code is DefaultReasonCode {
  return Object.prototype.hasOwnProperty.call(DEFAULT_REASONS, code);
}

/**
 * A credit approver may decide on the pending proposal unless they made it.
 * @throws DomainError(DEFAULT_NOT_PROPOSED | DEFAULT_PROPOSER_CANNOT_CONFIRM)
 * @returns the pending proposal.
 */
export function assertDefaultDecision(
  proposal: DefaultProposal | null | undefined,
  decider: Actor,
): DefaultProposal {
  if (!proposal || proposal.status !== 'PENDING')
    throw new DomainError('DEFAULT_NOT_PROPOSED', 'No default proposal awaits a decision');
  if (proposal.proposedBy.userId === decider.userId) {
    throw new DomainError(
      'DEFAULT_PROPOSER_CANNOT_CONFIRM',
      `${decider.userId} proposed default ${proposal.proposalId} and may not decide on it`,
      { proposalId: proposal.proposalId, proposedBy: proposal.proposedBy.userId },
    );
  }
  return proposal;
}

/** The pending proposal of a case, if any. */
export function pendingDefaultProposal(
  proposal: DefaultProposal | null | undefined,
): DefaultProposal | null {
  return proposal?.status === 'PENDING' ? proposal : null;
}

/** The reason the default record keeps: the code and, where given, the officer's text. */
export function defaultReasonOf(proposal: Pick<DefaultProposal, 'reasonCode' | 'reasonText'>) {
  return proposal.reasonText
    ? `${proposal.reasonCode}: ${proposal.reasonText}`
    : proposal.reasonCode;
}

/** The user a case may be handed to, as the directory knows them (null: no such user). */
export interface OwnerCandidate {
  userId: string;
  username: string;
  role: string;
  organisationId: string;
  active: boolean;
}

/**
 * A case is handed to an enabled loan officer of its own bank who does not own it already, for
 * a stated reason.
 * @throws DomainError(REASON_REQUIRED | OWNER_UNKNOWN_USER | OWNER_NOT_LOAN_OFFICER_OF_BANK |
 *   OWNER_UNCHANGED)
 */
export function assertOwnerReassignment(input: {
  requestedUserId: string;
  candidate: OwnerCandidate | null;
  bankOrgId: string;
  currentOwnerUserId: string;
  reason: string | undefined;
}): void {
  if (!input.reason?.trim())
    throw new DomainError('REASON_REQUIRED', 'Handing a case over needs a reason');
  const c = input.candidate;
  if (!c) {
    throw new DomainError('OWNER_UNKNOWN_USER', `No user ${input.requestedUserId}`, {
      ownerUserId: input.requestedUserId,
    });
  }
  if (c.role !== 'LOAN_OFFICER' || c.organisationId !== input.bankOrgId || !c.active) {
    throw new DomainError(
      'OWNER_NOT_LOAN_OFFICER_OF_BANK',
      `${c.userId} is not an enabled loan officer of ${input.bankOrgId}`,
      { ownerUserId: c.userId, role: c.role, organisationId: c.organisationId, active: c.active },
    );
  }
  if (c.userId === input.currentOwnerUserId) {
    throw new DomainError('OWNER_UNCHANGED', `${c.userId} already owns the case`, {
      ownerUserId: c.userId,
    });
  }
}

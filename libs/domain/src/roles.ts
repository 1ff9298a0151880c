/** Every role a user can hold (docs/domain.md, Roles). One per user, in exactly one organisation. */
export const ROLES = [
  'LOAN_OFFICER',
  'CREDIT_APPROVER',
  'EVALUATOR',
  'REGISTRATION_CLERK',
  'DISTRICT_REVIEWER',
  'DISTRICT_APPROVER',
  'INSURER',
  'FUND_MANAGER',
  'ADMINISTRATOR',
  'ENTERPRISE',
  /** Runs the auction rounds of a disposal at an IP exchange: opens, records bids, closes. */
  'EXCHANGE_OPERATOR',
] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KIND_OF_ROLE: Record<Role, string> = {
  LOAN_OFFICER: 'BANK',
  CREDIT_APPROVER: 'BANK',
  EVALUATOR: 'VALUATION_FIRM',
  REGISTRATION_CLERK: 'REGISTRATION_OFFICE',
  DISTRICT_REVIEWER: 'DISTRICT',
  DISTRICT_APPROVER: 'DISTRICT',
  INSURER: 'INSURER',
  FUND_MANAGER: 'COMPENSATION_FUND',
  ADMINISTRATOR: 'MUNICIPAL_IP_OFFICE',
  ENTERPRISE: 'ENTERPRISE',
  EXCHANGE_OPERATOR: 'EXCHANGE',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who performs a step: carried on every human action into the workflow and the audit log. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  organisationId: string;
}

/**
 * Who is party to a case besides its bank, its enterprise and its district: the organisations
 * the case has named by a step (a valuation request, a claim filed at default) and the
 * organisations of a kind the case has reached (a filing at the registration office, a
 * disposal at the exchange). Party-only roles see exactly the cases they are party to.
 */
import type { Role } from '../roles';
import type { CaseSnapshot } from './loan-case.types';

/** Why an organisation is party to a case. */
export const CASE_PARTY_KINDS = [
  /** The valuation firm the bank asked for a report (or that submitted one). */
  'VALUATION',
  /** The insurer that pays the insurance claim filed at default. */
  'INSURANCE_CLAIM',
  /** The compensation fund that pays the risk-compensation claim filed at default. */
  'FUND_CLAIM',
  /** The registration office holding a filing of the case (registration, release, transfer). */
  'REGISTRATION',
  /** The exchange where the case's pledged IP is disposed of. */
  'DISPOSAL',
] as const;
export type CasePartyKind = (typeof CASE_PARTY_KINDS)[number];

/** An organisation the snapshot names, and why. */
export interface NamedCaseParty {
  organisationId: string;
  kind: CasePartyKind;
}

/**
 * The parties of a case, read from its snapshot. `named` lists organisations the case names by
 * id; `atOffices` the kinds of party held by every organisation of the matching kind, because
 * the case does not name the office: a filing goes to the registration window and a disposal to
 * the exchange (Shanghai has one of each), so every such organisation of the engine holds it.
 */
export function casePartiesOf(
  snapshot: Pick<
    CaseSnapshot,
    'valuationRequest' | 'valuations' | 'claims' | 'filings' | 'disposal'
  >,
): { named: NamedCaseParty[]; atOffices: ('REGISTRATION' | 'DISPOSAL')[] } {
  const named: NamedCaseParty[] = [];
  const add = (organisationId: string | null | undefined, kind: CasePartyKind) => {
    if (
      organisationId &&
      !named.some((p) => p.organisationId === organisationId && p.kind === kind)
    )
      named.push({ organisationId, kind });
  };
  add(snapshot.valuationRequest?.firmOrgId, 'VALUATION');
  for (const report of snapshot.valuations) add(report.firmOrgId, 'VALUATION');
  for (const claim of snapshot.claims ?? [])
    add(claim.payerOrgId, claim.payer === 'INSURER' ? 'INSURANCE_CLAIM' : 'FUND_CLAIM');
  const atOffices: ('REGISTRATION' | 'DISPOSAL')[] = [];
  if (snapshot.filings.length > 0) atOffices.push('REGISTRATION');
  if (snapshot.disposal) atOffices.push('DISPOSAL');
  return { named, atOffices };
}

/**
 * The organisation kind holding each office-held party kind (the `organisation.kind` column).
 */
export const OFFICE_OF_PARTY_KIND = {
  REGISTRATION: 'REGISTRATION_OFFICE',
  DISPOSAL: 'EXCHANGE',
} as const satisfies Record<'REGISTRATION' | 'DISPOSAL', string>;

/**
 * The party kinds through which a role sees a case; null for roles whose view is not by party
 * (a bank its loans, a district its firms, an enterprise its own, the administrator all).
 */
export function partyKindsOfRole(role: Role): readonly CasePartyKind[] | null {
  switch (role) {
    case 'EVALUATOR':
      return ['VALUATION'];
    case 'INSURER':
      return ['INSURANCE_CLAIM'];
    case 'FUND_MANAGER':
      return ['FUND_CLAIM'];
    case 'REGISTRATION_CLERK':
      return ['REGISTRATION'];
    case 'EXCHANGE_OPERATOR':
      return ['DISPOSAL'];
    default:
      return null;
  }
}

/**
 * The organisations told of a case's step: its bank always, the valuation firm while the case
 * is at valuation, the claims' payers while it is in compensation.
 */
export function noticeRecipientsOf(
  snapshot: Pick<CaseSnapshot, 'status' | 'valuationRequest' | 'claims'> & {
    application: Pick<CaseSnapshot['application'], 'bankOrgId'>;
  },
): string[] {
  const recipients = new Set<string>([snapshot.application.bankOrgId]);
  if (snapshot.valuationRequest && snapshot.status === 'VALUATION')
    recipients.add(snapshot.valuationRequest.firmOrgId);
  if (snapshot.status === 'COMPENSATION')
    for (const claim of snapshot.claims ?? []) recipients.add(claim.payerOrgId);
  return [...recipients];
}

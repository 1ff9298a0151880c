import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { partyKindsOfRole } from '../../../../libs/domain/src/loan-case/loan-case.parties';
import type { CaseVisibility } from '../../../../libs/persistence/src/repositories/loan-case/case-read-model.repository';

/**
 * Which cases an organisation may see (docs/domain.md, Who sees what): a bank its loans, a
 * district the cases of its firms, an enterprise its own, the administrator every case (it
 * audits), and the party-only roles — evaluator, insurer, fund manager, registration clerk,
 * exchange operator — the cases their organisation is party to. The read model applies it in
 * SQL, to lists and to the lookup of one case alike.
 */
export type CaseScope = CaseVisibility;

export function scopeOf(user: AuthenticatedUser, districtCode: string | null): CaseScope {
  const partyKinds = partyKindsOfRole(user.role);
  if (partyKinds) return { kind: 'PARTY', organisationId: user.organisationId, partyKinds };
  switch (user.role) {
    case 'LOAN_OFFICER':
    case 'CREDIT_APPROVER':
      return { kind: 'BANK', bankOrgId: user.organisationId };
    case 'DISTRICT_REVIEWER':
    case 'DISTRICT_APPROVER':
      return districtCode ? { kind: 'DISTRICT', districtCode } : { kind: 'NONE' };
    case 'ENTERPRISE':
      // Enterprise organisations are keyed `ENT-<USCC>`.
      return { kind: 'ENTERPRISE', uscc: user.organisationId.replace(/^ENT-/, '') };
    case 'ADMINISTRATOR':
      return { kind: 'ALL' };
    default:
      return { kind: 'NONE' };
  }
}

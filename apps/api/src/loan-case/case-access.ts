import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';

/** Which cases an organisation may see (docs/domain.md): a bank its loans, a district its firms… */
export type CaseScope =
  | { kind: 'ALL' }
  | { kind: 'BANK'; bankOrgId: string }
  | { kind: 'DISTRICT'; districtCode: string }
  | { kind: 'VALUATION_FIRM'; firmOrgId: string }
  | { kind: 'ENTERPRISE'; uscc: string }
  | { kind: 'NONE' };

export function scopeOf(user: AuthenticatedUser, districtCode: string | null): CaseScope {
  switch (user.role) {
    case 'LOAN_OFFICER':
    case 'CREDIT_APPROVER':
      return { kind: 'BANK', bankOrgId: user.organisationId };
    case 'DISTRICT_REVIEWER':
    case 'DISTRICT_APPROVER':
      return districtCode ? { kind: 'DISTRICT', districtCode } : { kind: 'NONE' };
    case 'EVALUATOR':
      return { kind: 'VALUATION_FIRM', firmOrgId: user.organisationId };
    case 'ENTERPRISE':
      // Enterprise organisations are keyed `ENT-<USCC>`.
      return { kind: 'ENTERPRISE', uscc: user.organisationId.replace(/^ENT-/, '') };
    // The exchange's operators run the auctions of every disposal, whichever bank lent.
    case 'REGISTRATION_CLERK':
    case 'ADMINISTRATOR':
    case 'INSURER':
    case 'FUND_MANAGER':
    case 'EXCHANGE_OPERATOR':
      return { kind: 'ALL' };
  }
}

export function scopeAllows(
  scope: CaseScope,
  row: {
    bankOrgId: string;
    districtCode: string;
    enterpriseUscc: string;
    detail: Record<string, unknown>;
  },
): boolean {
  switch (scope.kind) {
    case 'ALL':
      return true;
    case 'NONE':
      return false;
    case 'BANK':
      return row.bankOrgId === scope.bankOrgId;
    case 'DISTRICT':
      return row.districtCode === scope.districtCode;
    case 'ENTERPRISE':
      return row.enterpriseUscc === scope.uscc;
    case 'VALUATION_FIRM':
      return (
        (row.detail.valuationRequest as { firmOrgId?: string } | null)?.firmOrgId ===
        scope.firmOrgId
      );
  }
}

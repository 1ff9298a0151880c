import type { CompensationClaim } from '../compensation-claim/compensation-claim.types';
import { casePartiesOf, partyKindsOfRole } from './loan-case.parties';
import type { CaseSnapshot } from './loan-case.types';

type PartySource = Parameters<typeof casePartiesOf>[0];

const empty: PartySource = {
  valuationRequest: null,
  valuations: [],
  claims: [],
  filings: [],
  disposal: null,
};

const claim = (payer: 'INSURER' | 'FUND', payerOrgId: string) =>
  ({ claimId: `C-${payer}`, payer, payerOrgId }) as CompensationClaim;

describe('casePartiesOf', () => {
  it.each<[string, PartySource, ReturnType<typeof casePartiesOf>]>([
    ['a draft names nobody', empty, { named: [], atOffices: [] }],
    [
      // the firm asked and the firm that reported, once each
      'a valuation request and its report',
      {
        ...empty,
        valuationRequest: { firmOrgId: 'VAL-A', requestedOn: '2026-01-02', requestedBy: 'u' },
        valuations: [{ firmOrgId: 'VAL-A' }, { firmOrgId: 'VAL-B' }] as CaseSnapshot['valuations'],
      },
      {
        named: [
          { organisationId: 'VAL-A', kind: 'VALUATION' },
          { organisationId: 'VAL-B', kind: 'VALUATION' },
        ],
        atOffices: [],
      },
    ],
    [
      'claims filed at default',
      { ...empty, claims: [claim('INSURER', 'INS-A'), claim('FUND', 'FUND-A')] },
      {
        named: [
          { organisationId: 'INS-A', kind: 'INSURANCE_CLAIM' },
          { organisationId: 'FUND-A', kind: 'FUND_CLAIM' },
        ],
        atOffices: [],
      },
    ],
    [
      // a refused filing still made the office party
      'a filing and a disposal',
      {
        ...empty,
        filings: [{ filingNumber: 'F1' }] as CaseSnapshot['filings'],
        disposal: { workflowId: 'd', startedOn: '2026-01-02', startedBy: 'u', outcome: null },
      },
      { named: [], atOffices: ['REGISTRATION', 'DISPOSAL'] },
    ],
  ])('%s', (_, snapshot, expected) => {
    expect(casePartiesOf(snapshot)).toEqual(expected);
  });
});

describe('partyKindsOfRole', () => {
  it.each([
    ['EVALUATOR', ['VALUATION']],
    ['INSURER', ['INSURANCE_CLAIM']],
    ['FUND_MANAGER', ['FUND_CLAIM']],
    ['REGISTRATION_CLERK', ['REGISTRATION']],
    ['EXCHANGE_OPERATOR', ['DISPOSAL']],
    // seen by organisation, district or ownership, not by party
    ['LOAN_OFFICER', null],
    ['ADMINISTRATOR', null],
    ['ENTERPRISE', null],
  ] as const)('%s', (role, kinds) => {
    expect(partyKindsOfRole(role)).toEqual(kinds);
  });
});

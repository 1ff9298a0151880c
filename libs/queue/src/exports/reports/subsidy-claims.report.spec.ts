import type { ExportRequester } from '../export-report';
import { subsidyClaimsReport } from './subsidy-claims.report';

const reviewer: ExportRequester = {
  userId: 'reviewer.pudong',
  role: 'DISTRICT_REVIEWER',
  organisationId: 'DISTRICT-310115',
  districtCode: '310115',
};
const admin: ExportRequester = {
  userId: 'admin.ipo',
  role: 'ADMINISTRATOR',
  organisationId: 'MUNI-IPO',
  districtCode: null,
};

describe('subsidy-claims report scope', () => {
  it.each([
    [
      'district staff get their district, approved and paid by default',
      reviewer,
      {},
      { status: 'APPROVED,PAID', districtCode: '310115' },
    ],
    [
      'their own district named is fine',
      reviewer,
      { districtCode: '310115', status: 'PAID' },
      { status: 'PAID', districtCode: '310115' },
    ],
    [
      'administrators see every district',
      admin,
      { kind: 'INTEREST' },
      { status: 'APPROVED,PAID', kind: 'INTEREST' },
    ],
    [
      'administrators may name one district',
      admin,
      { districtCode: '310104', budgetYear: '2026' },
      { status: 'APPROVED,PAID', districtCode: '310104', budgetYear: '2026' },
    ],
    [
      'clawed-back claims on request',
      admin,
      { status: 'CLAWED_BACK', submittedFrom: '2026-01-01', submittedTo: '2026-12-31' },
      { status: 'CLAWED_BACK', submittedFrom: '2026-01-01', submittedTo: '2026-12-31' },
    ],
  ])('%s', (_, requester, filter, scoped) => {
    expect(subsidyClaimsReport.scope(requester, filter)).toEqual({ ok: true, filter: scoped });
  });

  it.each([
    [
      'a status that is not exportable',
      reviewer,
      { status: 'APPROVED,SUBMITTED' },
      'INVALID_EXPORT_FILTER',
    ],
    ['an empty status list', reviewer, { status: '' }, 'INVALID_EXPORT_FILTER'],
    ['an unknown kind', reviewer, { kind: 'LOAN' }, 'INVALID_EXPORT_FILTER'],
    ['a budget year that is not a year', reviewer, { budgetYear: 'next' }, 'INVALID_EXPORT_FILTER'],
    ['a date that does not exist', admin, { submittedFrom: '2026-02-30' }, 'INVALID_EXPORT_FILTER'],
    ['a malformed district', admin, { districtCode: 'Pudong' }, 'INVALID_EXPORT_FILTER'],
    ["another district's claims", reviewer, { districtCode: '310104' }, 'ORGANISATION_FORBIDDEN'],
    [
      'district staff of an organisation without a district',
      { ...reviewer, districtCode: null },
      {},
      'ORGANISATION_FORBIDDEN',
    ],
  ])('refuses %s', (_, requester, filter, code) => {
    expect(subsidyClaimsReport.scope(requester, filter)).toMatchObject({ ok: false, code });
  });
});

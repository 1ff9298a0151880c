import { isBusinessDate } from '../../../../domain/src/business-date';
import {
  ReportConditions,
  filterRefusal,
  type ExportReport,
  type ExportRequester,
  type ScopedFilter,
} from '../export-report';

/**
 * The case register: every case a requester may see, with its current status. Banks see their
 * own cases, district staff the cases of enterprises registered in their district,
 * administrators all of them.
 */
export const caseRegisterReport: ExportReport = {
  kind: 'case-register',
  title: 'Case register',
  allowedRoles: [
    'LOAN_OFFICER',
    'CREDIT_APPROVER',
    'DISTRICT_REVIEWER',
    'DISTRICT_APPROVER',
    'ADMINISTRATOR',
  ],
  filterKeys: ['status', 'appliedFrom', 'appliedTo'],

  scope(requester: ExportRequester, filter: Record<string, string>): ScopedFilter {
    for (const key of ['appliedFrom', 'appliedTo'] as const) {
      const value = filter[key];
      if (value !== undefined && !isBusinessDate(value)) {
        return filterRefusal('INVALID_EXPORT_FILTER', `${key} must be a date YYYY-MM-DD`, {
          [key]: value,
        });
      }
    }
    switch (requester.role) {
      case 'LOAN_OFFICER':
      case 'CREDIT_APPROVER':
        return { ok: true, filter: { ...filter, bankOrgId: requester.organisationId } };
      case 'DISTRICT_REVIEWER':
      case 'DISTRICT_APPROVER':
        if (!requester.districtCode) {
          return filterRefusal('ORGANISATION_FORBIDDEN', 'Your organisation has no district');
        }
        return { ok: true, filter: { ...filter, districtCode: requester.districtCode } };
      default:
        return { ok: true, filter: { ...filter } };
    }
  },

  columns: [
    { key: 'caseNumber', header: 'Case number', headerZh: '案件编号', kind: 'text' },
    { key: 'status', header: 'Status', headerZh: '状态', kind: 'text' },
    { key: 'bankOrgId', header: 'Bank', headerZh: '银行', kind: 'text' },
    {
      key: 'enterpriseUscc',
      header: 'Enterprise USCC',
      headerZh: '统一社会信用代码',
      kind: 'text',
    },
    { key: 'enterpriseName', header: 'Enterprise', headerZh: '企业名称', kind: 'text' },
    { key: 'districtCode', header: 'District', headerZh: '区', kind: 'text' },
    { key: 'amount', header: 'Amount (yuan)', headerZh: '贷款金额（元）', kind: 'money' },
    { key: 'termMonths', header: 'Term (months)', headerZh: '期限（月）', kind: 'integer' },
    { key: 'annualRate', header: 'Annual rate', headerZh: '年利率', kind: 'text' },
    { key: 'applicationDate', header: 'Applied on', headerZh: '申请日期', kind: 'date' },
  ],

  async load(db, filter) {
    const conditions = new ReportConditions()
      .add('bank_org_id = ?', filter.bankOrgId)
      .add('district_code = ?', filter.districtCode)
      .add('status = ?', filter.status)
      .add('application_date >= ?::date', filter.appliedFrom)
      .add('application_date <= ?::date', filter.appliedTo);
    return db.query(
      `SELECT case_number AS "caseNumber", status, bank_org_id AS "bankOrgId",
              enterprise_uscc AS "enterpriseUscc", enterprise_name AS "enterpriseName",
              district_code AS "districtCode", amount::text AS amount, term_months AS "termMonths",
              annual_rate AS "annualRate", to_char(application_date, 'YYYY-MM-DD') AS "applicationDate"
       FROM loan_case ${conditions.where()}
       ORDER BY application_date, case_number`,
      conditions.params,
    );
  },
};

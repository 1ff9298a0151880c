import { isBusinessDate } from '../../../../domain/src/business-date';
import {
  ReportConditions,
  filterRefusal,
  type ExportReport,
  type ExportRequester,
  type FilterRefusal,
  type ScopedFilter,
} from '../export-report';

/** Statuses worth exporting: money committed to a claim (approved), paid, or paid and recovered. */
const EXPORTABLE_STATUSES = ['APPROVED', 'PAID', 'CLAWED_BACK'];
const DEFAULT_STATUSES = 'APPROVED,PAID';
const KINDS = ['INTEREST', 'INSURANCE_PREMIUM'];

function invalid(key: string, value: string, why: string): FilterRefusal {
  return filterRefusal('INVALID_EXPORT_FILTER', `${key} ${why}`, { [key]: value });
}

/** Checks each filter value; the status list defaults to approved and paid claims. */
function checked(filter: Record<string, string>): ScopedFilter {
  const status = filter.status ?? DEFAULT_STATUSES;
  const statuses = status.split(',');
  if (statuses.some((s) => !EXPORTABLE_STATUSES.includes(s))) {
    return invalid('status', status, `must list some of ${EXPORTABLE_STATUSES.join(', ')}`);
  }
  if (filter.kind !== undefined && !KINDS.includes(filter.kind)) {
    return invalid('kind', filter.kind, `must be one of ${KINDS.join(', ')}`);
  }
  if (filter.budgetYear !== undefined && !/^\d{4}$/.test(filter.budgetYear)) {
    return invalid('budgetYear', filter.budgetYear, 'must be a year like 2026');
  }
  if (filter.districtCode !== undefined && !/^\d{6}$/.test(filter.districtCode)) {
    return invalid('districtCode', filter.districtCode, 'must be a six-digit division code');
  }
  for (const key of ['submittedFrom', 'submittedTo'] as const) {
    const value = filter[key];
    if (value !== undefined && !isBusinessDate(value)) {
      return invalid(key, value, 'must be a date YYYY-MM-DD');
    }
  }
  return { ok: true, filter: { ...filter, status } };
}

/**
 * Approved and paid subsidy claims, for the district's finance office: what was granted under
 * which policy version, and when and how it was paid. District staff see their own district's
 * claims; administrators every district's, or one district's with `districtCode`.
 */
export const subsidyClaimsReport: ExportReport = {
  kind: 'subsidy-claims',
  title: 'Subsidy claims',
  allowedRoles: ['DISTRICT_REVIEWER', 'DISTRICT_APPROVER', 'ADMINISTRATOR'],
  filterKeys: ['status', 'kind', 'budgetYear', 'submittedFrom', 'submittedTo', 'districtCode'],

  scope(requester: ExportRequester, filter: Record<string, string>): ScopedFilter {
    const check = checked(filter);
    if (!check.ok || requester.role === 'ADMINISTRATOR') return check;
    const scoped = check.filter;
    if (!requester.districtCode) {
      return filterRefusal('ORGANISATION_FORBIDDEN', 'Your organisation has no district');
    }
    if (scoped.districtCode !== undefined && scoped.districtCode !== requester.districtCode) {
      return filterRefusal(
        'ORGANISATION_FORBIDDEN',
        `District staff export their own district's claims (${requester.districtCode})`,
        { districtCode: scoped.districtCode },
      );
    }
    return { ok: true, filter: { ...scoped, districtCode: requester.districtCode } };
  },

  columns: [
    { key: 'claimId', header: 'Claim', headerZh: '申请编号', kind: 'text' },
    { key: 'districtCode', header: 'District', headerZh: '区', kind: 'text' },
    { key: 'kind', header: 'Kind', headerZh: '补贴类型', kind: 'text' },
    { key: 'budgetYear', header: 'Budget year', headerZh: '预算年度', kind: 'integer' },
    { key: 'caseNumber', header: 'Case number', headerZh: '案件编号', kind: 'text' },
    { key: 'bankOrgId', header: 'Bank', headerZh: '银行', kind: 'text' },
    {
      key: 'enterpriseUscc',
      header: 'Enterprise USCC',
      headerZh: '统一社会信用代码',
      kind: 'text',
    },
    { key: 'enterpriseName', header: 'Enterprise', headerZh: '企业名称', kind: 'text' },
    { key: 'periodStart', header: 'Period from', headerZh: '贴息期间起', kind: 'date' },
    {
      key: 'periodEnd',
      header: 'Period to (exclusive)',
      headerZh: '贴息期间止（不含）',
      kind: 'date',
    },
    {
      key: 'insurancePolicyNumber',
      header: 'Insurance policy',
      headerZh: '保险单号',
      kind: 'text',
    },
    { key: 'policyId', header: 'Policy', headerZh: '政策编号', kind: 'text' },
    { key: 'policyVersion', header: 'Policy version', headerZh: '政策版本', kind: 'integer' },
    { key: 'submittedOn', header: 'Submitted on', headerZh: '申请日期', kind: 'date' },
    { key: 'amount', header: 'Amount (yuan)', headerZh: '补贴金额（元）', kind: 'money' },
    { key: 'limitedBy', header: 'Limited by', headerZh: '限额因素', kind: 'text' },
    { key: 'status', header: 'Status', headerZh: '状态', kind: 'text' },
    { key: 'approvedBy', header: 'Approved by', headerZh: '审批人', kind: 'text' },
    { key: 'approvedOn', header: 'Approved on', headerZh: '审批日期', kind: 'date' },
    { key: 'paymentReference', header: 'Payment reference', headerZh: '付款凭证号', kind: 'text' },
    { key: 'paidOn', header: 'Paid on', headerZh: '付款日期', kind: 'date' },
    { key: 'paidAmount', header: 'Paid (yuan)', headerZh: '实付金额（元）', kind: 'money' },
  ],

  async load(db, filter) {
    // `scope` always sets the status list; the default keeps `load` right on its own.
    const conditions = new ReportConditions()
      .add('status = ANY(?::text[])', (filter.status ?? DEFAULT_STATUSES).split(','))
      .add('district_code = ?', filter.districtCode)
      .add('kind = ?', filter.kind)
      .add('budget_year = ?::int', filter.budgetYear)
      .add('submitted_on >= ?::date', filter.submittedFrom)
      .add('submitted_on <= ?::date', filter.submittedTo);
    const yuan = (column: string) => `(${column}::numeric / 100)::numeric(20,2)::text`;
    const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
    return db.query(
      `SELECT id AS "claimId", district_code AS "districtCode", kind, budget_year AS "budgetYear",
              case_number AS "caseNumber", bank_org_id AS "bankOrgId", enterprise_uscc AS "enterpriseUscc",
              enterprise_name AS "enterpriseName", ${day('period_start')} AS "periodStart",
              ${day('period_end')} AS "periodEnd", insurance_policy_number AS "insurancePolicyNumber",
              policy_id AS "policyId", policy_version AS "policyVersion", ${day('submitted_on')} AS "submittedOn",
              ${yuan('amount_fen')} AS amount, limited_by AS "limitedBy", status,
              approved_by AS "approvedBy", ${day('approved_on')} AS "approvedOn",
              payment_reference AS "paymentReference", ${day('paid_on')} AS "paidOn",
              ${yuan('paid_fen')} AS "paidAmount"
         FROM subsidy_claim ${conditions.where()}
        ORDER BY district_code, submission_seq`,
      conditions.params,
    );
  },
};

import { Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { api, unwrap } from '../api/client';
import type { Schemas } from '../api/types';
import { useLoad } from '../api/useLoad';
import { formatAmount, formatDate, formatPercent, formatYuan } from '../format';
import { useI18n } from '../i18n/I18nProvider';

type CaseDetail = Schemas['CaseView'];

/** Basis points as a percentage: 2000 → "20.00%". */
const bp = (value: number) => formatPercent(String(value / 10000));

export function SummarySection({ detail }: { detail: CaseDetail }) {
  const { t, code, language } = useI18n();
  return (
    <Card size="small" title={t('case.summary')}>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
        <Descriptions.Item label={t('case.enterprise')}>{detail.enterprise.name}</Descriptions.Item>
        <Descriptions.Item label={t('case.uscc')}>{detail.enterprise.uscc}</Descriptions.Item>
        <Descriptions.Item label={t('case.product')}>{detail.product.name}</Descriptions.Item>
        <Descriptions.Item label={t('case.amount')}>
          {formatYuan(detail.loan.amount)}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.term')}>
          {t('case.termMonths', { months: detail.loan.termMonths })}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.rate')}>
          {formatPercent(detail.loan.annualRate)}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.method')}>
          {code('repaymentMethod', detail.loan.repaymentMethod)}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.owner')}>{detail.owner.username}</Descriptions.Item>
        <Descriptions.Item label={t('case.applicationDate')}>
          {formatDate(detail.applicationDate, language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.bankReference')}>
          {detail.bankReference}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.outstanding')}>
          {formatYuan(detail.outstandingPrincipal)}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.arrears')}>
          {formatYuan(detail.arrears)}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.daysPastDue')}>{detail.daysPastDue}</Descriptions.Item>
        <Descriptions.Item label={t('case.nextDueDate')}>
          {formatDate(detail.nextDueDate, language)}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The pledged rights with their legal status in the register and the pre-filing check. */
export function AssetsSection({ detail }: { detail: CaseDetail }) {
  const { t, code } = useI18n();
  const numbers = detail.assets.map((a) => a.number);
  const register = useLoad(
    async () =>
      Promise.all(
        numbers.map(async (number) =>
          unwrap(await api.GET('/api/v1/assets/{number}', { params: { path: { number } } })),
        ),
      ),
    [numbers.join(',')],
  );
  const values = new Map((detail.valuation.latest?.assets ?? []).map((a) => [a.number, a.value]));
  const rows = detail.assets.map((asset) => ({
    ...asset,
    registered: register.data?.find((r) => r.number === asset.number) ?? null,
  }));
  return (
    <Card size="small" title={t('case.assets')}>
      <Table
        size="small"
        rowKey="number"
        pagination={false}
        loading={register.loading}
        dataSource={rows}
        columns={[
          { title: t('case.asset.number'), dataIndex: 'number' },
          {
            title: t('case.asset.kind'),
            dataIndex: 'kind',
            render: (kind: string) => code('assetKind', kind),
          },
          { title: t('case.asset.title'), render: (_, row) => row.registered?.title ?? '—' },
          {
            title: t('case.asset.legalStatus'),
            render: (_, row) =>
              row.registered ? (
                <Tag color={row.registered.legalStatus === 'IN_FORCE' ? 'green' : 'red'}>
                  {code('legalStatus', row.registered.legalStatus)}
                </Tag>
              ) : (
                '—'
              ),
          },
          {
            title: t('case.asset.check'),
            render: (_, row) =>
              row.check === null ? (
                t('case.asset.notChecked')
              ) : row.check.passed ? (
                <Tag color="green">{t('case.asset.checkPassed')}</Tag>
              ) : (
                <Space size={4} wrap>
                  <Tag color="red">{t('case.asset.checkFailed')}</Tag>
                  {row.check.findings.map((f) => (
                    <Tag key={f.ground}>{code('checkGround', f.ground)}</Tag>
                  ))}
                </Space>
              ),
          },
          {
            title: t('case.asset.value'),
            align: 'right',
            render: (_, row) => formatAmount(values.get(row.number) ?? null),
          },
        ]}
      />
    </Card>
  );
}

/** Valuation, approval, contracts, registration and disbursement: the milestones before money. */
export function MilestonesSection({ detail }: { detail: CaseDetail }) {
  const { t, code, language } = useI18n();
  const latest = detail.valuation.latest;
  const request = detail.valuation.request;
  const approval = detail.approval;
  const registered = detail.registration.current;
  return (
    <Card
      size="small"
      title={`${t('case.valuation')} · ${t('case.approval')} · ${t('case.registration')}`}
    >
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
        {request && !latest && (
          <Descriptions.Item label={t('case.valuation')}>
            {t('case.valuation.requested', {
              firm: request.firmOrgId,
              date: formatDate(request.requestedOn, language),
            })}
          </Descriptions.Item>
        )}
        {latest && (
          <>
            <Descriptions.Item label={t('case.valuation.report')}>
              {latest.reportNumber}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.valuation.firm')}>
              {latest.firmOrgId}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.valuation.method')}>
              {code('valuationMethod', latest.method)}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.valuation.baseDate')}>
              {formatDate(latest.baseDate, language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.valuation.validUntil')}>
              {formatDate(latest.validUntil, language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.valuation.total')}>
              {formatYuan(latest.totalValue)}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.valuation.maxLoan')}>
              {formatYuan(latest.maxLoan)}
            </Descriptions.Item>
          </>
        )}
        {approval && (
          <>
            <Descriptions.Item label={t('case.approval.on')}>
              {formatDate(approval.approvedOn, language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.approval.shares')}>
              {[
                approval.riskSharing.bankBp,
                approval.riskSharing.insurerBp,
                approval.riskSharing.fundBp,
                approval.riskSharing.guarantorBp,
              ]
                .map(bp)
                .join(' / ')}
            </Descriptions.Item>
          </>
        )}
        {detail.contract && (
          <>
            <Descriptions.Item label={t('case.contract.loan')}>
              {detail.contract.loanContractNumber}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.contract.pledge')}>
              {detail.contract.pledgeContractNumber}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.contract.signedOn')}>
              {formatDate(detail.contract.signedOn, language)}
            </Descriptions.Item>
          </>
        )}
        {detail.registration.filings.map((filing) => (
          <Descriptions.Item
            key={filing.filingNumber}
            label={t('case.registration.filing', {
              number: filing.filingNumber,
              date: formatDate(filing.filedOn, language),
            })}
          >
            {code('filingOutcome', filing.outcome)}
            {filing.refusalReason ? ` · ${code('refusalReason', filing.refusalReason)}` : ''}
          </Descriptions.Item>
        ))}
        {registered && (
          <>
            <Descriptions.Item label={t('case.registration.number')}>
              {registered.registrationNumber}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.registration.on')}>
              {formatDate(registered.registeredOn, language)}
            </Descriptions.Item>
          </>
        )}
        {detail.disbursement && (
          <>
            <Descriptions.Item label={t('case.disbursement.reference')}>
              {detail.disbursement.reference}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.disbursement.valueDate')}>
              {formatDate(detail.disbursement.valueDate, language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.disbursement')}>
              {formatYuan(detail.disbursement.amount)}
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
    </Card>
  );
}

/** The schedule, each instalment paid, due or overdue against the business date. */
export function ScheduleSection({ detail }: { detail: CaseDetail }) {
  const { t, language } = useI18n();
  const state = (row: CaseDetail['schedule'][number]) =>
    row.settledOn ? 'settled' : row.dueDate < detail.businessDate ? 'overdue' : 'due';
  return (
    <Card size="small" title={t('case.schedule')}>
      {detail.schedule.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.schedule.empty')} />
      ) : (
        <Table
          size="small"
          rowKey="seq"
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          dataSource={detail.schedule}
          rowClassName={(row) => `schedule-row--${state(row)}`}
          columns={[
            { title: t('case.schedule.seq'), dataIndex: 'seq', width: 56 },
            {
              title: t('case.schedule.dueDate'),
              dataIndex: 'dueDate',
              render: (value: string) => formatDate(value, language),
            },
            {
              title: t('case.schedule.principal'),
              dataIndex: 'principal',
              align: 'right',
              render: formatAmount,
            },
            {
              title: t('case.schedule.interest'),
              dataIndex: 'interest',
              align: 'right',
              render: formatAmount,
            },
            {
              title: t('case.schedule.paid'),
              align: 'right',
              render: (_, row) =>
                `${formatAmount(row.principalPaid)} / ${formatAmount(row.interestPaid)}`,
            },
            {
              title: t('case.schedule.state'),
              render: (_, row) => {
                const s = state(row);
                return (
                  <Tag color={s === 'settled' ? 'green' : s === 'overdue' ? 'red' : 'blue'}>
                    {t(`case.schedule.${s}`)}
                  </Tag>
                );
              },
            },
          ]}
        />
      )}
    </Card>
  );
}

/** Subsidy claims on the case and the compensation claims filed at default. */
export function ClaimsSection({ detail }: { detail: CaseDetail }) {
  const { t, code } = useI18n();
  const subsidies = useLoad(
    async () =>
      unwrap(
        await api.GET('/api/v1/subsidies/claims', {
          params: { query: { caseNumber: detail.caseNumber } },
        }),
      ).items,
    [detail.caseNumber, detail.version],
  );
  return (
    <Card size="small" title={t('case.claims')}>
      <Typography.Text strong>{t('case.subsidies')}</Typography.Text>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={subsidies.loading}
        dataSource={subsidies.data ?? []}
        columns={[
          {
            title: t('case.subsidy.kind'),
            dataIndex: 'kind',
            render: (v: string) => code('subsidyKind', v),
          },
          {
            title: t('case.subsidy.status'),
            dataIndex: 'status',
            render: (v: string) => code('subsidyStatus', v),
          },
          {
            title: t('case.subsidy.amount'),
            align: 'right',
            render: (_, row) => formatAmount('amount' in row ? (row.amount as string) : null),
          },
        ]}
      />
      <Typography.Text strong>{t('case.compensation')}</Typography.Text>
      <Table
        size="small"
        rowKey="claimId"
        pagination={false}
        dataSource={detail.compensationClaims}
        columns={[
          {
            title: t('case.compensation.payer'),
            dataIndex: 'payer',
            render: (v: string) => code('payer', v),
          },
          {
            title: t('case.compensation.share'),
            dataIndex: 'share',
            align: 'right',
            render: formatAmount,
          },
          {
            title: t('case.compensation.status'),
            dataIndex: 'status',
            render: (v: string) => code('compensationStatus', v),
          },
        ]}
      />
    </Card>
  );
}

/** The default (or its proposal), the disposal and the settlement, in one paragraph each. */
export function DefaultSection({ detail }: { detail: CaseDetail }) {
  const { t, code, language } = useI18n();
  const proposal = detail.defaultProposal;
  const lines = [
    proposal &&
      `${t('case.default.proposal')} · ${t('case.default.proposedBy', {
        status: code('proposalStatus', proposal.status),
        who: proposal.proposedBy.username,
        date: formatDate(proposal.proposedOn, language),
        reason: code('defaultReason', proposal.reasonCode),
      })}`,
    detail.default &&
      t('case.default.declared', {
        date: formatDate(detail.default.on, language),
        days: detail.default.daysPastDue,
        principal: formatYuan(detail.default.principalOutstanding),
      }),
    detail.disposal &&
      t('case.disposal.started', { date: formatDate(detail.disposal.startedOn, language) }),
    detail.disposal?.outcome &&
      t('case.disposal.outcome', {
        kind: code('disposalOutcome', detail.disposal.outcome.kind),
        proceeds: formatYuan(detail.disposal.outcome.proceeds),
      }),
    detail.settlement &&
      t('case.settlement', {
        date: formatDate(detail.settlement.settledOn, language),
        unrecovered: formatYuan(detail.settlement.unrecovered),
      }),
  ].filter((line): line is string => Boolean(line));
  return (
    <Card size="small" title={t('case.default')}>
      {lines.length === 0 ? (
        <Typography.Text type="secondary">{t('case.default.none')}</Typography.Text>
      ) : (
        lines.map((line) => <Typography.Paragraph key={line}>{line}</Typography.Paragraph>)
      )}
    </Card>
  );
}

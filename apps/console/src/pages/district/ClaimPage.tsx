import { Card, Col, Descriptions, Flex, Row, Table, Tag, Timeline, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { formatDate } from '../../format/dates';
import { formatAmount, formatPercent, formatYuan } from '../../format/money';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n';
import { BudgetGauges } from './BudgetGauges';
import { ClaimActions } from './ClaimActions';
import { interestLines, listOf, recordOf, textOf, type InterestLine } from './computation';
import { ProblemAlert } from './ProblemAlert';
import type { GetAnswer } from './responses';
import { useAnswer } from './use-answer';

type Claim = GetAnswer<'/api/v1/subsidies/claims/{id}'>;

/** Facts recorded at submission that decide eligibility, in the order they are shown. */
const FACTS: { key: string; label: MessageKey }[] = [
  { key: 'enterpriseDistrictCode', label: 'fact.enterpriseDistrictCode' },
  { key: 'sme', label: 'fact.sme' },
  { key: 'assetKinds', label: 'fact.assetKinds' },
  { key: 'ipShare', label: 'fact.ipShare' },
  { key: 'performing', label: 'fact.performing' },
  { key: 'firstPledge', label: 'fact.firstPledge' },
  { key: 'programmesAlreadyClaimed', label: 'fact.programmesAlreadyClaimed' },
  { key: 'contractDate', label: 'fact.contractDate' },
  { key: 'disbursementDate', label: 'fact.disbursementDate' },
  { key: 'periodEnd', label: 'fact.periodEnd' },
  { key: 'settled', label: 'fact.settled' },
];

/** Who did a step: the user and the business date, or "pending". */
function Who({ by, on }: { by: string | null | undefined; on: string | null | undefined }) {
  const { t, language } = useI18n();
  if (!by) return <Typography.Text type="secondary">{t('claim.pending')}</Typography.Text>;
  return (
    <span>
      {by} · {formatDate(on, language)}
    </span>
  );
}

function LinesTable({ lines }: { lines: InterestLine[] }) {
  const { t, code, language } = useI18n();
  const total = lines.reduce((sum, line) => {
    const [whole = '0', fraction = ''] = (line.subsidy ?? '0').split('.');
    return sum + BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  }, 0n);
  const money = (value: string | null) => formatAmount(value);
  const columns: TableColumnsType<InterestLine> = [
    { title: t('claim.line.seq'), dataIndex: 'seq' },
    {
      title: t('claim.line.period'),
      key: 'period',
      render: (_, line) =>
        `${formatDate(line.periodStart, language)} – ${formatDate(line.periodEnd, language)}`,
    },
    { title: t('claim.line.days'), dataIndex: 'days', align: 'right' },
    {
      title: t('claim.line.interestPaid'),
      dataIndex: 'interestPaid',
      align: 'right',
      render: money,
    },
    {
      title: t('claim.line.outstanding'),
      dataIndex: 'outstandingPrincipal',
      align: 'right',
      render: money,
    },
    {
      title: t('claim.line.lpr'),
      dataIndex: 'lprRate',
      align: 'right',
      render: (value: string | null) => formatPercent(value),
    },
    {
      title: t('claim.line.lprInterest'),
      dataIndex: 'lprInterest',
      align: 'right',
      render: money,
    },
    { title: t('claim.line.base'), dataIndex: 'base', align: 'right', render: money },
    { title: t('claim.line.ipBase'), dataIndex: 'ipBase', align: 'right', render: money },
    { title: t('claim.line.beforeCap'), dataIndex: 'beforeCap', align: 'right', render: money },
    {
      title: t('claim.line.capRemaining'),
      dataIndex: 'capRemaining',
      align: 'right',
      render: money,
    },
    {
      title: t('claim.line.subsidy'),
      dataIndex: 'subsidy',
      align: 'right',
      render: (value: string | null, line) => (
        <span data-testid={`line-${line.seq}-subsidy`}>
          {money(value)}
          {line.limitedBy ? (
            <Tag style={{ marginLeft: 4 }}>{code('limitedBy', line.limitedBy)}</Tag>
          ) : null}
        </span>
      ),
    },
  ];
  // A step the policy does not have (no LPR cap, no caps) is left out rather than shown empty.
  const shown = columns.filter(
    (column) =>
      !('dataIndex' in column) ||
      lines.some((line) => line[column.dataIndex as keyof InterestLine] !== null),
  );
  return (
    <Table<InterestLine>
      rowKey="seq"
      size="small"
      pagination={false}
      dataSource={lines}
      scroll={{ x: 'max-content' }}
      data-testid="computation-lines"
      columns={shown}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={shown.length - 1}>
            {t('claim.line.total')}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <strong data-testid="lines-total">
              {formatAmount(`${total / 100n}.${String(total % 100n).padStart(2, '0')}`)}
            </strong>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** The premium claim's one line: premium × IP-secured share × ratio, then the cap. */
function PremiumLine({ premium }: { premium: Record<string, unknown> }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={3} bordered data-testid="computation-premium">
      <Descriptions.Item label={t('claim.premium')}>
        {formatYuan(textOf(premium.premium))}
      </Descriptions.Item>
      <Descriptions.Item label={t('claim.ipShare')}>
        {formatPercent(textOf(premium.ipShare))}
      </Descriptions.Item>
      <Descriptions.Item label={t('claim.line.ipBase')}>
        {formatYuan(textOf(premium.ipBase))}
      </Descriptions.Item>
      <Descriptions.Item label={t('claim.ratio')}>
        {formatPercent(textOf(premium.ratio))}
      </Descriptions.Item>
      <Descriptions.Item label={t('claim.line.beforeCap')}>
        {formatYuan(textOf(premium.beforeCap))}
      </Descriptions.Item>
      <Descriptions.Item label={t('claim.line.subsidy')}>
        {formatYuan(textOf(premium.subsidy))}
      </Descriptions.Item>
    </Descriptions>
  );
}

function factText(value: unknown, t: (key: MessageKey) => string): string {
  if (typeof value === 'boolean') return value ? t('fact.yes') : t('fact.no');
  if (Array.isArray(value)) return value.length ? value.join('、') : t('common.none');
  return textOf(value) ?? '—';
}

function Computation({ claim }: { claim: Claim }) {
  const { t, code, language } = useI18n();
  const record = recordOf(claim.computation);
  const policy = recordOf(record.policy);
  const terms = recordOf(policy.terms);
  const facts = recordOf(record.facts);
  const caps = recordOf(record.caps);
  const eligibility = recordOf(record.eligibility);
  const failures = listOf(eligibility.failures);
  return (
    <Card size="small" title={t('claim.computation')}>
      <Flex vertical gap="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('claim.programme')}>{claim.programme}</Descriptions.Item>
          <Descriptions.Item label={t('claim.policyVersion')}>
            {claim.policyVersion}
          </Descriptions.Item>
          <Descriptions.Item label={t('claim.ratio')}>
            {formatPercent(textOf(terms.ratio))}
          </Descriptions.Item>
          <Descriptions.Item label={t('claim.capRemaining')}>
            {formatYuan(textOf(caps.remaining))}
          </Descriptions.Item>
          <Descriptions.Item label={t('claim.capBinding')}>
            {textOf(caps.binding) ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('claim.limitedBy')}>
            {claim.limitedBy ? code('limitedBy', claim.limitedBy) : t('common.none')}
          </Descriptions.Item>
        </Descriptions>
        {claim.kind === 'INTEREST' ? (
          <LinesTable lines={interestLines(claim.computation)} />
        ) : (
          <PremiumLine premium={recordOf(record.premium)} />
        )}
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          title={t('claim.eligibility')}
          extra={
            <Tag color={eligibility.eligible === false ? 'red' : 'green'}>
              {eligibility.eligible === false ? t('claim.notEligible') : t('claim.eligible')}
            </Tag>
          }
        >
          {FACTS.filter(({ key }) => key in facts).map(({ key, label }) => (
            <Descriptions.Item key={key} label={t(label)}>
              {key === 'enterpriseDistrictCode'
                ? code('district', String(facts[key]))
                : key === 'assetKinds' && Array.isArray(facts[key])
                  ? (facts[key] as unknown[])
                      .map((kind) => code('assetKind', String(kind)))
                      .join('、')
                  : key.endsWith('Date') || key === 'periodEnd'
                    ? formatDate(textOf(facts[key]), language)
                    : key === 'ipShare'
                      ? formatPercent(textOf(facts[key]))
                      : factText(facts[key], t)}
            </Descriptions.Item>
          ))}
        </Descriptions>
        {failures.map((failure, index) => (
          <Typography.Text key={index} type="danger">
            {textOf(failure.message)}
          </Typography.Text>
        ))}
      </Flex>
    </Card>
  );
}

/**
 * A claim: its facts, its computation line by line, who reviewed and who approved it (four
 * eyes), its history, its budget pool, and the steps the user may take now.
 */
export function ClaimPage() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const { t, code, language } = useI18n();
  const { user } = useAuth();
  const claim = useAnswer(
    async () =>
      unwrap(await api.GET('/api/v1/subsidies/claims/{id}', { params: { path: { id } } })),
    [id],
  );
  const allowed = useAnswer(
    async () =>
      unwrap(
        await api.GET('/api/v1/subsidies/claims/{id}/allowed-actions', {
          params: { path: { id } },
        }),
      ),
    [id],
  );
  const year = claim.data?.budgetYear;
  const pools = useAnswer(
    async () =>
      year === undefined
        ? []
        : unwrap(await api.GET('/api/v1/subsidies/budgets', { params: { query: { year } } })).items,
    [year],
  );

  const reload = () => {
    claim.reload();
    allowed.reload();
    pools.reload();
  };

  if (claim.error) return <ProblemAlert error={claim.error} />;
  const c = claim.data;
  if (!c) return null;
  const timeline = listOf(c.timeline);
  const paidBy = timeline.find((entry) => entry.event === 'PAY');
  const pool = (pools.data ?? []).filter(
    (p) => p.districtCode === c.districtCode && p.kind === c.kind,
  );
  const reviewerMayNotApprove = user?.userId === c.reviewedBy && c.status === 'REVIEWED';

  return (
    <Flex vertical gap="middle">
      <Link to="/district">{t('claim.back')}</Link>
      <Flex align="center" gap="small" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('claim.title', { id: c.id })}
        </Typography.Title>
        <Tag color="blue" data-testid="claim-status">
          {code('subsidyStatus', c.status)}
        </Tag>
      </Flex>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap="middle">
            <Card size="small" title={t('claim.facts')}>
              <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                <Descriptions.Item label={t('district.col.kind')}>
                  {code('subsidyKind', c.kind)}
                </Descriptions.Item>
                <Descriptions.Item label={t('district.col.case')}>{c.caseNumber}</Descriptions.Item>
                <Descriptions.Item label={t('district.col.enterprise')}>
                  {c.enterpriseName}
                </Descriptions.Item>
                <Descriptions.Item label={t('claim.district')}>
                  {code('district', c.districtCode)}
                </Descriptions.Item>
                <Descriptions.Item label={t('claim.budgetYear')}>{c.budgetYear}</Descriptions.Item>
                <Descriptions.Item label={t('district.col.submittedOn')}>
                  {formatDate(c.submittedOn, language)}
                </Descriptions.Item>
                {c.kind === 'INTEREST' ? (
                  <>
                    <Descriptions.Item label={t('claim.instalments')}>
                      {c.fromInstalment}–{c.toInstalment}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('claim.period')}>
                      {formatDate(c.periodStart, language)} – {formatDate(c.periodEnd, language)}
                    </Descriptions.Item>
                  </>
                ) : (
                  <>
                    <Descriptions.Item label={t('claim.insurancePolicy')}>
                      {c.insurancePolicyNumber}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('claim.premium')}>
                      {formatYuan(c.premium)}
                    </Descriptions.Item>
                  </>
                )}
                <Descriptions.Item label={t('claim.amount')}>
                  <strong data-testid="claim-amount">{formatYuan(c.amount)}</strong>
                </Descriptions.Item>
                <Descriptions.Item label={t('claim.reserved')}>
                  {c.reserved ? t('fact.yes') : t('fact.no')}
                </Descriptions.Item>
                <Descriptions.Item label={t('claim.claimDeadline')}>
                  {formatDate(c.claimDeadline, language)}
                </Descriptions.Item>
                <Descriptions.Item label={t('claim.proofs')}>
                  {c.proofs.map((proof) => code('proof', proof)).join('、')}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap="middle">
            <ClaimActions
              key={`${c.status}-${c.version}`}
              claimId={c.id}
              allowed={allowed.data}
              initial={search.get('action')}
              onDone={reload}
            />
            <Card size="small" title={t('claim.fourEyes')} data-testid="four-eyes">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('claim.submittedBy')}>
                  <Who by={c.submittedBy} on={c.submittedOn} />
                </Descriptions.Item>
                {c.kind === 'INSURANCE_PREMIUM' && (
                  <Descriptions.Item label={t('claim.insurerConfirmedBy')}>
                    <Who by={c.insurerConfirmedBy} on={c.insurerConfirmedOn} />
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('claim.reviewedBy')}>
                  <span data-testid="reviewed-by">
                    <Who by={c.reviewedBy} on={c.reviewedOn} />
                  </span>
                </Descriptions.Item>
                {c.reviewNote && (
                  <Descriptions.Item label={t('claim.reviewNote')}>
                    {c.reviewNote}
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('claim.approvedBy')}>
                  <span data-testid="approved-by">
                    <Who by={c.approvedBy} on={c.approvedOn} />
                  </span>
                </Descriptions.Item>
                <Descriptions.Item label={t('claim.paidBy')}>
                  <span data-testid="paid-by">
                    <Who by={textOf(paidBy?.actorUserId)} on={c.paidOn} />
                  </span>
                </Descriptions.Item>
                {c.paymentReference && (
                  <Descriptions.Item label={t('claim.paymentReference')}>
                    {c.paymentReference}
                  </Descriptions.Item>
                )}
              </Descriptions>
              <Typography.Text type={reviewerMayNotApprove ? 'warning' : 'secondary'}>
                {t('claim.fourEyesRule')}
              </Typography.Text>
            </Card>
          </Flex>
        </Col>
      </Row>
      <Computation claim={c} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('claim.timeline')}>
            <Timeline
              items={timeline.map((entry) => ({
                key: String(entry.seq),
                children: (
                  <span>
                    {formatDate(textOf(entry.businessDate), language)}{' '}
                    <strong>{code('claimEvent', String(entry.event))}</strong>{' '}
                    {entry.actorUserId ? `· ${String(entry.actorUserId)}` : ''}
                    {entry.actorRole ? ` (${code('role', String(entry.actorRole))})` : ''}
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <BudgetGauges pools={pool} single />
        </Col>
      </Row>
    </Flex>
  );
}

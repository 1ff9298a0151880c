import {
  Card,
  Col,
  Flex,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { formatDate } from '../../format/dates';
import { formatAmount, formatPercent, formatWan, formatYuan } from '../../format/money';
import { CODES } from '../../i18n/codes';
import { useI18n } from '../../i18n/I18nProvider';
import { DISTRICT_CODES } from '../../i18n/district';
import { ProblemAlert } from '../district/ProblemAlert';
import type { GetAnswer } from '../district/responses';
import { useAnswer } from '../district/use-answer';
import { Chart, type ChartOption } from './Chart';

type Figures = GetAnswer<'/api/v1/indicators'>;

const DISTRICTS = Object.keys(DISTRICT_CODES.district);
const BANK_ROLES = ['LOAN_OFFICER', 'CREDIT_APPROVER'];
const DISTRICT_ROLES = ['DISTRICT_REVIEWER', 'DISTRICT_APPROVER'];

/** Fen of a yuan amount, so that shares are computed without floats. */
function fenOf(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const fen = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -fen : fen;
}

/** Fen back as yuan text ("1234.56"). */
function yuanOfFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const magnitude = fen < 0n ? -fen : fen;
  return `${sign}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
}

/** part ÷ whole as a decimal string with four places ("0.0123"), for formatPercent. */
function shareOf(part: string, whole: string): string | null {
  const w = fenOf(whole);
  if (w === 0n) return null;
  const tenThousandths = (fenOf(part) * 10000n) / w;
  const sign = tenThousandths < 0n ? '-' : '';
  const magnitude = tenThousandths < 0n ? -tenThousandths : tenThousandths;
  return `${sign}${magnitude / 10000n}.${String(magnitude % 10000n).padStart(4, '0')}`;
}

/** A figure with a stable test id, so the browser test reads exactly what the screen shows. */
function Figure({ testId, children }: { testId: string; children: React.ReactNode }) {
  return <span data-testid={testId}>{children}</span>;
}

function GrowthLine({ growth, target }: { growth: string | null; target: string }) {
  const { t } = useI18n();
  return (
    <Typography.Text
      type={growth !== null && fenOf(growth) >= fenOf(target) ? 'success' : 'secondary'}
    >
      {growth === null
        ? t('dashboard.noGrowth')
        : `${t('dashboard.growth')} ${formatPercent(growth, 1)}`}
      {' · '}
      {t('dashboard.growthTarget', { value: formatPercent(target, 0) })}
    </Typography.Text>
  );
}

function Charts({ figures }: { figures: Figures }) {
  const { t, code } = useI18n();
  const subsidies = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 80, right: 20, top: 30, bottom: 30 },
      xAxis: {
        type: 'category',
        data: [...new Set(figures.subsidiesPaid.map((s) => code('district', s.districtCode)))],
      },
      yAxis: { type: 'value' },
      series: Object.keys(CODES.subsidyKind).map((kind) => ({
        name: code('subsidyKind', kind),
        type: 'bar',
        stack: 'paid',
        data: [...new Set(figures.subsidiesPaid.map((s) => s.districtCode))].map((district) =>
          Number(
            figures.subsidiesPaid.find((s) => s.districtCode === district && s.kind === kind)
              ?.amount ?? 0,
          ),
        ),
      })),
    }),
    [figures.subsidiesPaid, code],
  );
  const stages = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 170, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value', name: t('dashboard.median') },
      yAxis: {
        type: 'category',
        inverse: true,
        data: figures.workingDays.perStage.map((s) =>
          s.stage
            .split('→')
            .map((status) => code('caseStatus', status))
            .join(' → '),
        ),
      },
      series: [
        {
          type: 'bar',
          data: figures.workingDays.perStage.map((s) =>
            s.median === null ? null : Number(s.median),
          ),
          label: { show: true, position: 'right' },
        },
      ],
    }),
    [figures.workingDays.perStage, code, t],
  );
  // The pools most used first (paid and reserved of the total), at most ten: a city-wide
  // view has a pool per district and kind, most of them untouched.
  const pools = useMemo(
    () =>
      [...figures.budgetUse]
        .map((b) => ({
          ...b,
          used: shareOf(yuanOfFen(fenOf(b.paid) + fenOf(b.reserved)), b.total),
        }))
        .sort((a, b) => Number(b.used ?? 0) - Number(a.used ?? 0))
        .slice(0, 10),
    [figures.budgetUse],
  );
  const budget = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 150, right: 30, top: 30, bottom: 30 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: pools.map(
          (b) => `${code('district', b.districtCode)} ${code('subsidyKind', b.kind)}`,
        ),
      },
      xAxis: { type: 'value' },
      series: [
        { part: 'paid', value: (b: (typeof pools)[number]) => b.paid },
        { part: 'reserved', value: (b: (typeof pools)[number]) => b.reserved },
        {
          part: 'available',
          value: (b: (typeof pools)[number]) =>
            yuanOfFen(fenOf(b.total) - fenOf(b.paid) - fenOf(b.reserved)),
        },
      ].map(({ part, value }) => ({
        name: t(`dashboard.budget.${part as 'paid' | 'reserved' | 'available'}`),
        type: 'bar',
        stack: 'pool',
        data: pools.map((b) => Number(value(b))),
      })),
    }),
    [pools, code, t],
  );
  const targets = useMemo<ChartOption>(() => {
    const { registeredPledge: r, targets: goal } = figures;
    // Next to this year's figure, what the plan's growth would make of last year's.
    const aimed = (previous: string, growth: string) => Number(previous) * (1 + Number(growth));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: [
        { left: 80, right: '55%', top: 40, bottom: 30 },
        { left: '55%', right: 20, top: 40, bottom: 30 },
      ],
      xAxis: [
        { type: 'category', gridIndex: 0, data: [t('dashboard.registeredAmount')] },
        { type: 'category', gridIndex: 1, data: [t('dashboard.registeredProjects')] },
      ],
      yAxis: [
        { type: 'value', gridIndex: 0 },
        { type: 'value', gridIndex: 1, minInterval: 1 },
      ],
      series: [
        { name: t('dashboard.previous'), data: [Number(r.previousAmount)], i: 0 },
        { name: t('dashboard.current'), data: [Number(r.amount)], i: 0 },
        { name: t('dashboard.target'), data: [aimed(r.previousAmount, goal.amountGrowth)], i: 0 },
        { name: t('dashboard.previous'), data: [r.previousProjects], i: 1 },
        { name: t('dashboard.current'), data: [r.projects], i: 1 },
        {
          name: t('dashboard.target'),
          data: [aimed(String(r.previousProjects), goal.projectsGrowth)],
          i: 1,
        },
      ].map(({ i, ...series }) => ({ ...series, type: 'bar', xAxisIndex: i, yAxisIndex: i })),
    };
  }, [figures, t]);
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('dashboard.subsidies')}>
          {figures.subsidiesPaid.length ? (
            <Chart option={subsidies} label={t('dashboard.subsidies')} testId="chart-subsidies" />
          ) : (
            <Typography.Text type="secondary">{t('dashboard.none')}</Typography.Text>
          )}
          <Table
            size="small"
            pagination={false}
            rowKey={(s) => `${s.districtCode}-${s.kind}`}
            dataSource={figures.subsidiesPaid}
            data-testid="subsidies-paid"
            columns={[
              {
                title: t('dashboard.district'),
                dataIndex: 'districtCode',
                render: (d: string) => code('district', d),
              },
              {
                title: t('district.col.kind'),
                key: 'kind',
                render: (_, s) => code('subsidyKind', s.kind),
              },
              {
                title: t('dashboard.subsidiesAmount'),
                dataIndex: 'amount',
                align: 'right',
                render: (a: string, s) => (
                  <Figure testId={`subsidy-${s.districtCode}-${s.kind}-amount`}>
                    {formatAmount(a)}
                  </Figure>
                ),
              },
              {
                title: t('dashboard.subsidiesClaims'),
                dataIndex: 'claims',
                align: 'right',
                render: (n: number, s) => (
                  <Figure testId={`subsidy-${s.districtCode}-${s.kind}-claims`}>{n}</Figure>
                ),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('dashboard.budgetUse')}>
          {pools.length ? (
            <Chart
              option={budget}
              height={60 + 26 * pools.length}
              label={t('dashboard.budgetUse')}
              testId="chart-budget"
            />
          ) : (
            <Typography.Text type="secondary">{t('dashboard.none')}</Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('dashboard.targets')}>
          <Chart option={targets} label={t('dashboard.targets')} testId="chart-targets" />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('dashboard.workingDays')}>
          <Flex gap="large" wrap>
            <Statistic
              title={t('dashboard.applicationToDisbursement')}
              value={
                figures.workingDays.applicationToDisbursement.median === null
                  ? '—'
                  : t('dashboard.days', {
                      value: figures.workingDays.applicationToDisbursement.median,
                    })
              }
              formatter={(value) => <Figure testId="working-days-median">{value}</Figure>}
            />
            <Statistic
              title={t('dashboard.cases')}
              value={figures.workingDays.applicationToDisbursement.cases}
              formatter={(value) => <Figure testId="working-days-cases">{value}</Figure>}
            />
          </Flex>
          {figures.workingDays.perStage.length > 0 && (
            <Chart
              option={stages}
              height={40 + 28 * figures.workingDays.perStage.length}
              label={t('dashboard.workingDays')}
              testId="chart-stages"
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}

/**
 * The programme's indicators of a year, filterable by district and bank (as far as the
 * caller's scope allows), against the municipal plan's targets.
 */
export function DashboardPage() {
  const { t, code, language } = useI18n();
  const { user } = useAuth();
  // The filters live in the address, so a view of the figures can be bookmarked and shared.
  const [search, setSearch] = useSearchParams();
  const year = search.get('year') ? Number(search.get('year')) : null;
  const district = search.get('district') ?? undefined;
  const bank = search.get('bank') ?? undefined;
  const setFilter = (name: string, value: string | number | null | undefined) =>
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === null || value === undefined || value === '') next.delete(name);
        else next.set(name, String(value));
        return next;
      },
      { replace: true },
    );
  const role = user?.role ?? '';
  const banks = useAnswer(
    async () =>
      BANK_ROLES.includes(role)
        ? []
        : unwrap(await api.GET('/api/v1/organisations', { params: { query: { kind: 'BANK' } } }))
            .items,
    [role],
  );
  const figures = useAnswer(
    async () =>
      unwrap(
        await api.GET('/api/v1/indicators', {
          params: { query: { year: year ?? undefined, district, bank } },
        }),
      ),
    [year, district, bank],
  );
  const f = figures.data;

  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <Space wrap>
          <label htmlFor="dashboard-year">{t('dashboard.year')}</label>
          <InputNumber
            id="dashboard-year"
            min={2000}
            max={2999}
            value={year ?? f?.year ?? null}
            onChange={(value) => setFilter('year', value)}
            data-testid="filter-year"
          />
          {!DISTRICT_ROLES.includes(role) && (
            <Select
              allowClear
              style={{ width: 150 }}
              placeholder={t('dashboard.district')}
              aria-label={t('dashboard.district')}
              value={district}
              onChange={(value) => setFilter('district', value)}
              options={DISTRICTS.map((d) => ({ value: d, label: code('district', d) }))}
              data-testid="filter-district"
            />
          )}
          {!BANK_ROLES.includes(role) && (
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={t('dashboard.bank')}
              aria-label={t('dashboard.bank')}
              value={bank}
              onChange={(value) => setFilter('bank', value)}
              options={(banks.data ?? []).map((b) => ({
                value: b.id,
                label: language === 'zh-CN' ? b.nameZh : b.name,
              }))}
              data-testid="filter-bank"
            />
          )}
        </Space>
      </Flex>
      <ProblemAlert error={figures.error} />
      {f && (
        <>
          <Typography.Text type="secondary" data-testid="as-of">
            {t('dashboard.asOf', { date: formatDate(f.asOf, language) })}
          </Typography.Text>
          <Row gutter={[12, 12]}>
            <Col xs={24} md={12} xl={6}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.registeredAmount')}
                  value={formatYuan(f.registeredPledge.amount)}
                  formatter={(value) => <Figure testId="registered-amount">{value}</Figure>}
                />
                <Typography.Text type="secondary">
                  {formatWan(f.registeredPledge.amount)} ·{' '}
                  {t('dashboard.previousYear', {
                    value: formatWan(f.registeredPledge.previousAmount),
                  })}
                </Typography.Text>
                <br />
                <Figure testId="amount-growth">
                  <GrowthLine
                    growth={f.registeredPledge.amountGrowth}
                    target={f.targets.amountGrowth}
                  />
                </Figure>
              </Card>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.registeredProjects')}
                  value={f.registeredPledge.projects}
                  formatter={(value) => <Figure testId="registered-projects">{value}</Figure>}
                />
                <Typography.Text type="secondary">
                  {t('dashboard.previousYear', { value: f.registeredPledge.previousProjects })}
                </Typography.Text>
                <br />
                <Figure testId="projects-growth">
                  <GrowthLine
                    growth={f.registeredPledge.projectsGrowth}
                    target={f.targets.projectsGrowth}
                  />
                </Figure>
              </Card>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.outstanding')}
                  value={formatYuan(f.outstandingBalance)}
                  formatter={(value) => <Figure testId="outstanding-balance">{value}</Figure>}
                />
                <Typography.Text type="secondary">
                  {t('dashboard.balanceTarget')} {formatWan(f.targets.balanceBy2028)}
                </Typography.Text>
                <Progress
                  percent={Number(
                    formatPercent(
                      shareOf(f.outstandingBalance, f.targets.balanceBy2028),
                      4,
                    ).replace('%', ''),
                  )}
                  format={() =>
                    formatPercent(shareOf(f.outstandingBalance, f.targets.balanceBy2028), 4)
                  }
                  aria-label={t('dashboard.balanceProgress')}
                  data-testid="balance-progress"
                />
              </Card>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.firstTime')}
                  value={f.firstTimeBorrowers}
                  formatter={(value) => <Figure testId="first-time-borrowers">{value}</Figure>}
                />
              </Card>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Card size="small" title={t('dashboard.defaults')}>
                <Flex gap="large" wrap>
                  <Statistic
                    title={t('dashboard.defaultsCount')}
                    value={f.defaults.count}
                    formatter={(value) => <Figure testId="defaults-count">{value}</Figure>}
                  />
                  <Statistic
                    title={t('dashboard.defaultsPrincipal')}
                    value={formatYuan(f.defaults.principal)}
                    formatter={(value) => <Figure testId="defaults-principal">{value}</Figure>}
                  />
                </Flex>
              </Card>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Card size="small" title={t('dashboard.compensationPaid')}>
                <Flex gap="large" wrap>
                  <Statistic
                    title={t('dashboard.compensationPaid')}
                    value={formatYuan(f.compensation.paid)}
                    formatter={(value) => <Figure testId="compensation-paid">{value}</Figure>}
                  />
                  <Statistic
                    title={t('dashboard.compensationRecovered')}
                    value={formatYuan(f.compensation.recovered)}
                    formatter={(value) => <Figure testId="compensation-recovered">{value}</Figure>}
                  />
                </Flex>
              </Card>
            </Col>
            <Col xs={24} md={24} xl={8}>
              <Card size="small" title={t('dashboard.disposal')}>
                <Flex gap="large" wrap>
                  <Statistic
                    title={t('dashboard.disposalSettled')}
                    value={f.disposal.settled}
                    formatter={(value) => <Figure testId="disposal-settled">{value}</Figure>}
                  />
                  <Statistic
                    title={t('dashboard.disposalRecovered')}
                    value={formatYuan(f.disposal.recovered)}
                    formatter={(value) => <Figure testId="disposal-recovered">{value}</Figure>}
                  />
                  <Statistic
                    title={t('dashboard.recoveryRate')}
                    value={formatPercent(f.disposal.recoveryRate)}
                    formatter={(value) => <Figure testId="recovery-rate">{value}</Figure>}
                  />
                </Flex>
              </Card>
            </Col>
          </Row>
          <Charts figures={f} />
        </>
      )}
    </Flex>
  );
}

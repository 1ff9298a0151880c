import {
  Card,
  Flex,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { formatDate } from '../../format/dates';
import { formatAmount } from '../../format/money';
import { CODES } from '../../i18n/codes';
import { useI18n } from '../../i18n/I18nProvider';
import { BudgetGauges } from './BudgetGauges';
import { ProblemAlert } from './ProblemAlert';
import type { GetAnswer } from './responses';
import { useAnswer } from './use-answer';

type Claim = GetAnswer<'/api/v1/subsidies/claims'>['items'][number];
type Task = GetAnswer<'/api/v1/tasks'>['items'][number];

const STATUSES = Object.keys(CODES.subsidyStatus);
const KINDS = Object.keys(CODES.subsidyKind);
const SLA_COLOURS: Record<string, string> = { ON_TIME: 'green', DUE_SOON: 'orange', LATE: 'red' };

/**
 * The district desk: the district's budget pools as gauges, and its claims with what waits on
 * the user (from the work queue) and how late it is (from the inbox's SLA).
 */
export function DistrictDeskPage() {
  const { t, code, language } = useI18n();
  const [statuses, setStatuses] = useState<string[]>([]);
  const [kind, setKind] = useState<string | undefined>();
  const [caseNumber, setCaseNumber] = useState('');
  const [onlyMine, setOnlyMine] = useState(false);
  const [year, setYear] = useState<number | null>(null);

  const today = useAnswer(
    async () => unwrap(await api.GET('/api/v1/business-date')).businessDate,
    [],
  );
  const budgetYear = year ?? (today.data ? Number(today.data.slice(0, 4)) : null);
  const pools = useAnswer(
    async () =>
      budgetYear === null
        ? []
        : unwrap(
            await api.GET('/api/v1/subsidies/budgets', {
              params: { query: { year: budgetYear } },
            }),
          ).items,
    [budgetYear],
  );
  const claims = useAnswer(
    async () =>
      unwrap(
        await api.GET('/api/v1/subsidies/claims', {
          params: {
            query: {
              status: statuses.length ? statuses.join(',') : undefined,
              caseNumber: caseNumber.trim() || undefined,
              limit: 500,
            },
          },
        }),
      ).items,
    [statuses.join(','), caseNumber],
  );
  const queue = useAnswer(
    async () => unwrap(await api.GET('/api/v1/subsidies/work-queue')).items,
    [],
  );

  const tasks = useAnswer(
    async () =>
      unwrap(await api.GET('/api/v1/tasks', { params: { query: { pageSize: 100 } } })).items,
    [],
  );

  const nextStep = useMemo(
    () => new Map((queue.data ?? []).map((item) => [item.id, item.action])),
    [queue.data],
  );

  // The inbox knows each step's deadline in working days and how late it is.
  const taskOf = useMemo(() => {
    const map = new Map<string, Task>();
    for (const task of tasks.data ?? [])
      if (task.subject.type === 'SUBSIDY_CLAIM') map.set(task.subject.id, task);
    return map;
  }, [tasks.data]);

  const rows = (claims.data ?? []).filter(
    (claim) => (!kind || claim.kind === kind) && (!onlyMine || nextStep.has(claim.id)),
  );

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={3}>{t('district.title')}</Typography.Title>
      <Card
        size="small"
        title={t('district.pools')}
        extra={
          <Space>
            <label htmlFor="pool-year">{t('district.pools.year')}</label>
            <InputNumber
              id="pool-year"
              min={2000}
              max={2999}
              value={budgetYear}
              onChange={(value) => setYear(value)}
            />
          </Space>
        }
      >
        <ProblemAlert error={pools.error} />
        <BudgetGauges pools={pools.data ?? []} />
      </Card>
      <Card size="small" title={t('district.queue')}>
        <Flex gap="small" wrap style={{ marginBottom: 8 }}>
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 220 }}
            placeholder={t('district.filter.status')}
            aria-label={t('district.filter.status')}
            value={statuses}
            onChange={setStatuses}
            options={STATUSES.map((s) => ({ value: s, label: code('subsidyStatus', s) }))}
          />
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('district.filter.kind')}
            aria-label={t('district.filter.kind')}
            value={kind}
            onChange={setKind}
            options={KINDS.map((k) => ({ value: k, label: code('subsidyKind', k) }))}
          />
          <Input.Search
            allowClear
            style={{ width: 260 }}
            placeholder={t('district.filter.caseNumber')}
            aria-label={t('district.filter.caseNumber')}
            onSearch={setCaseNumber}
          />
          <Space>
            <Switch
              id="only-mine"
              checked={onlyMine}
              onChange={setOnlyMine}
              data-testid="only-mine"
            />
            <label htmlFor="only-mine">{t('district.onlyMine')}</label>
          </Space>
        </Flex>
        <ProblemAlert error={claims.error ?? queue.error} />
        <Table<Claim>
          rowKey="id"
          size="small"
          loading={claims.loading}
          dataSource={rows}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          scroll={{ x: 1100 }}
          data-testid="claims-table"
          columns={[
            {
              title: t('district.col.claim'),
              dataIndex: 'id',
              render: (id: string) => <Link to={`/district/claims/${id}`}>{id}</Link>,
            },
            { title: t('district.col.case'), dataIndex: 'caseNumber' },
            { title: t('district.col.enterprise'), dataIndex: 'enterpriseName' },
            {
              title: t('district.col.kind'),
              dataIndex: 'kind',
              render: (value: string) => code('subsidyKind', value),
            },
            {
              title: t('district.col.amount'),
              dataIndex: 'amount',
              align: 'right',
              render: (value: string) => formatAmount(value),
            },
            {
              title: t('district.col.status'),
              dataIndex: 'status',
              render: (value: string) => <Tag>{code('subsidyStatus', value)}</Tag>,
            },
            {
              title: t('district.col.submittedOn'),
              dataIndex: 'submittedOn',
              render: (value: string) => formatDate(value, language),
            },
            {
              title: t('district.col.next'),
              key: 'next',
              render: (_, claim) => {
                const action = nextStep.get(claim.id);
                return action ? (
                  <Link to={`/district/claims/${claim.id}?action=${action}`}>
                    {t(`claim.action.${action}` as const)}
                  </Link>
                ) : null;
              },
            },
            {
              title: t('district.col.deadline'),
              key: 'deadline',
              render: (_, claim) => formatDate(taskOf.get(claim.id)?.deadline, language),
            },
            {
              title: t('district.col.sla'),
              key: 'sla',
              render: (_, claim) => {
                const task = taskOf.get(claim.id);
                return task ? (
                  <Tag color={SLA_COLOURS[task.sla]} data-testid={`sla-${claim.id}`}>
                    {code('sla', task.sla)}
                  </Tag>
                ) : null;
              },
            },
          ]}
        />
      </Card>
    </Flex>
  );
}

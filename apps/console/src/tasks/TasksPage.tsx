import { Badge, Button, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import type { Schemas } from '../api/types';
import { useLoad } from '../api/useLoad';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDate } from '../format';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n/I18nProvider';

type Task = Schemas['TasksList']['items'][number];
const SLA_COLOURS: Record<string, string> = { ON_TIME: 'green', DUE_SOON: 'orange', LATE: 'red' };
const SORTS = ['deadline', '-deadline', 'since'] as const;

/**
 * Where a task is done: its subject's page, with the step's form open where the page has one
 * (the case page opens `?action=<event>`).
 */
export function taskLink(task: Task): string | null {
  const caseNumber = task.subject.caseNumber;
  const withAction = (path: string) =>
    task.action ? `${path}?action=${encodeURIComponent(task.action.event)}` : path;
  switch (task.subject.type) {
    case 'CASE':
    case 'COMPENSATION_CLAIM':
    case 'DISPOSAL':
      return caseNumber ? withAction(`/cases/${encodeURIComponent(caseNumber)}`) : null;
    case 'SUBSIDY_CLAIM':
      return `/district/claims/${encodeURIComponent(task.subject.id)}`;
    case 'BUDGET_POOL':
    case 'TOP_UP':
      return '/district';
    default:
      return caseNumber ? `/cases/${encodeURIComponent(caseNumber)}` : null;
  }
}

/** 我的待办: what waits on the user, by deadline, coloured by its time limit. */
export function TasksPage() {
  const { t, code, language } = useI18n();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? undefined;
  const sla = params.get('sla') ?? undefined;
  const caseNumber = params.get('caseNumber') ?? undefined;
  const sort = SORTS.find((s) => s === params.get('sort')) ?? 'deadline';
  const page = Number(params.get('page') ?? 1);

  const inbox = useLoad(
    async () =>
      unwrap(
        await api.GET('/api/v1/tasks', {
          params: {
            query: {
              kind,
              sla: sla as 'ON_TIME' | 'DUE_SOON' | 'LATE' | undefined,
              caseNumber,
              sort,
              page,
              pageSize: 20,
            },
          },
        }),
      ),
    [kind, sla, caseNumber, sort, page],
  );

  function set(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes))
      if (value) next.set(name, value);
      else next.delete(name);
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  }

  const counts = Object.entries(inbox.data?.counts ?? {});
  return (
    <Space orientation="vertical" size="small" className="page">
      <Typography.Title level={4}>{t('tasks.title')}</Typography.Title>
      <Flex wrap gap="small" role="group" aria-label={t('tasks.kind')}>
        {counts.map(([name, count]) => (
          <Badge key={name} count={count} size="small" offset={[-4, 0]}>
            <Button
              data-kind={name}
              type={kind === name ? 'primary' : 'default'}
              onClick={() => set({ kind: kind === name ? undefined : name })}
            >
              {code('taskKind', name)}
            </Button>
          </Badge>
        ))}
      </Flex>
      <Form layout="inline" className="filters">
        <Form.Item label={t('tasks.sla')}>
          <Select
            allowClear
            className="filters__sort"
            value={sla}
            onChange={(value?: string) => set({ sla: value })}
            options={['LATE', 'DUE_SOON', 'ON_TIME'].map((value) => ({
              value,
              label: code('sla', value),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('tasks.caseNumber')}>
          <Input.Search
            allowClear
            defaultValue={caseNumber}
            enterButton={t('common.search')}
            onSearch={(value) => set({ caseNumber: value.trim() || undefined })}
          />
        </Form.Item>
        <Form.Item label={t('tasks.sort')}>
          <Select
            className="filters__sort"
            value={sort}
            onChange={(value: string) => set({ sort: value })}
            options={SORTS.map((value) => ({
              value,
              label: t(`tasks.sort.${value}` as MessageKey),
            }))}
          />
        </Form.Item>
      </Form>
      <ProblemAlert error={inbox.error} />
      <Typography.Text type="secondary" data-testid="task-totals">
        {t('tasks.total', {
          total: inbox.data?.total ?? 0,
          late: inbox.data?.late ?? 0,
          dueSoon: inbox.data?.dueSoon ?? 0,
        })}
      </Typography.Text>
      <Table<Task>
        rowKey="id"
        size="small"
        loading={inbox.loading}
        dataSource={inbox.data?.items ?? []}
        locale={{ emptyText: t('tasks.empty') }}
        rowClassName={(task) => `task-row--${task.sla.toLowerCase()}`}
        onRow={(task) => ({ 'data-task': task.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: 20,
          total: inbox.data?.total ?? 0,
          hideOnSinglePage: true,
          onChange: (next) => set({ page: String(next) }),
        }}
        columns={[
          {
            title: t('tasks.col.task'),
            render: (_, task) => {
              const link = taskLink(task);
              const title = language === 'zh-CN' ? task.titleZh : task.titleEn;
              return link ? (
                <Link to={link} data-task-link={task.action?.event}>
                  {title}
                </Link>
              ) : (
                title
              );
            },
          },
          { title: t('tasks.col.subject'), render: (_, task) => task.subject.label },
          {
            title: t('tasks.col.since'),
            dataIndex: 'since',
            render: (v: string) => formatDate(v, language),
          },
          {
            title: t('tasks.col.deadline'),
            dataIndex: 'deadline',
            render: (v: string) => formatDate(v, language),
          },
          { title: t('tasks.col.left'), dataIndex: 'workingDaysLeft', align: 'right' },
          {
            title: t('tasks.col.sla'),
            render: (_, task) => (
              <Space size={4}>
                <Tag color={SLA_COLOURS[task.sla]}>{code('sla', task.sla)}</Tag>
                {task.escalated && <Tag color="purple">{t('tasks.escalated')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

import {
  Button,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useLoad } from '../api/useLoad';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatAmount, formatDate, formatDateTime } from '../format';
import { CODES } from '../i18n/codes';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n';
import { statusColour } from './status-colour';

const SORTS = [
  '-updatedAt',
  'updatedAt',
  '-createdAt',
  'createdAt',
  'nextDueDate',
  '-nextDueDate',
  '-daysPastDue',
  'daysPastDue',
  '-amount',
  'amount',
] as const;

/** The filters live in the address, so a filtered list can be bookmarked and shared. */
const FILTERS = [
  'owner',
  'status',
  'district',
  'enterprise',
  'product',
  'dueWithinDays',
  'minDaysPastDue',
  'q',
  'sort',
] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

export function CaseListPage() {
  const { t, code, language } = useI18n();
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const filters: Filters = Object.fromEntries(
    FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name)!]] : [])),
  );
  const cursor = cursors[cursors.length - 1];
  const key = params.toString();

  const list = useLoad(
    async () =>
      unwrap(
        await api.GET('/api/v1/cases', {
          params: {
            query: {
              ...filters,
              dueWithinDays: filters.dueWithinDays ? Number(filters.dueWithinDays) : undefined,
              minDaysPastDue: filters.minDaysPastDue ? Number(filters.minDaysPastDue) : undefined,
              sort: SORTS.find((sort) => sort === filters.sort),
              limit: 20,
              cursor,
            },
          },
        }),
      ),
    [key, cursor],
  );
  const products = useLoad(async () => unwrap(await api.GET('/api/v1/products')).items, []);

  function apply(values: Record<string, unknown>) {
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = values[name];
      if (
        Array.isArray(value)
          ? value.length > 0
          : value !== undefined && value !== null && value !== '' && value !== false
      )
        next.set(
          name,
          name === 'owner' ? 'me' : Array.isArray(value) ? value.join(',') : String(value),
        );
    }
    setCursors([undefined]);
    setParams(next);
  }

  return (
    <Space orientation="vertical" size="small" className="page">
      <Typography.Title level={4}>{t('cases.title')}</Typography.Title>
      <Form
        layout="inline"
        className="filters"
        key={key}
        initialValues={{
          ...filters,
          owner: filters.owner === 'me',
          status: filters.status?.split(','),
          sort: filters.sort ?? '-updatedAt',
        }}
        onFinish={apply}
      >
        <Form.Item name="owner" valuePropName="checked">
          <Checkbox>{t('cases.mine')}</Checkbox>
        </Form.Item>
        <Form.Item name="status" label={t('cases.status')}>
          <Select
            mode="multiple"
            allowClear
            className="filters__status"
            options={Object.keys(CODES.caseStatus).map((value) => ({
              value,
              label: code('caseStatus', value),
            }))}
          />
        </Form.Item>
        <Form.Item name="product" label={t('cases.product')}>
          <Select
            allowClear
            className="filters__product"
            options={(products.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          />
        </Form.Item>
        <Form.Item
          name="district"
          label={t('cases.district')}
          rules={[{ pattern: /^\d{6}$/, message: '310115' }]}
        >
          <Input className="filters__short" />
        </Form.Item>
        <Form.Item name="enterprise" label={t('cases.enterprise')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="dueWithinDays" label={t('cases.dueWithinDays')}>
          <InputNumber min={0} max={3660} className="filters__number" />
        </Form.Item>
        <Form.Item name="minDaysPastDue" label={t('cases.minDaysPastDue')}>
          <InputNumber min={0} max={36600} className="filters__number" />
        </Form.Item>
        <Form.Item name="q" label={t('common.search')}>
          <Input placeholder={t('cases.search')} maxLength={100} />
        </Form.Item>
        <Form.Item name="sort" label={t('cases.sort')}>
          <Select
            className="filters__sort"
            options={SORTS.map((value) => ({ value, label: t(`sort.${value}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button onClick={() => apply({})}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <ProblemAlert error={list.error} />
      <Table
        rowKey="caseNumber"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1100 }}
        columns={[
          {
            title: t('cases.col.caseNumber'),
            dataIndex: 'caseNumber',
            render: (value: string) => (
              <Link to={`/cases/${encodeURIComponent(value)}`}>{value}</Link>
            ),
          },
          { title: t('cases.col.enterprise'), dataIndex: 'enterpriseName', ellipsis: true },
          {
            title: t('cases.col.status'),
            dataIndex: 'status',
            render: (value: string) => (
              <Tag color={statusColour(value)}>{code('caseStatus', value)}</Tag>
            ),
          },
          {
            title: t('cases.col.amount'),
            dataIndex: 'amount',
            align: 'right',
            render: formatAmount,
          },
          {
            title: t('cases.col.nextDueDate'),
            dataIndex: 'nextDueDate',
            render: (value: string | null) => formatDate(value, language),
          },
          {
            title: t('cases.col.daysPastDue'),
            dataIndex: 'daysPastDue',
            align: 'right',
            render: (value: number) =>
              value > 0 ? <Typography.Text type="danger">{value}</Typography.Text> : value,
          },
          {
            title: t('cases.col.outstanding'),
            dataIndex: 'outstandingPrincipal',
            align: 'right',
            render: formatAmount,
          },
          {
            title: t('cases.col.arrears'),
            dataIndex: 'arrears',
            align: 'right',
            render: formatAmount,
          },
          { title: t('cases.col.product'), dataIndex: 'productCode' },
          {
            title: t('cases.col.updatedAt'),
            dataIndex: 'updatedAt',
            render: (value: string) => formatDateTime(value, language),
          },
        ]}
      />
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">
          {t('cases.total', { total: list.data?.total ?? 0 })}
        </Typography.Text>
        <Space>
          <Button disabled={cursors.length === 1} onClick={() => setCursors([undefined])}>
            {t('cases.first')}
          </Button>
          <Button
            disabled={!list.data?.nextCursor}
            onClick={() => setCursors([...cursors, list.data?.nextCursor ?? undefined])}
          >
            {t('cases.more')}
          </Button>
        </Space>
      </Flex>
    </Space>
  );
}

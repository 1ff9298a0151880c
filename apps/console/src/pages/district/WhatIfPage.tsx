import {
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { formatDate } from '../../format/dates';
import { formatAmount, formatPercent, formatYuan } from '../../format/money';
import { CODES } from '../../i18n/codes';
import { useI18n } from '../../i18n/I18nProvider';
import { Chart, type ChartOption } from '../dashboard/Chart';
import { recordOf, textOf } from './computation';
import { ProblemAlert } from './ProblemAlert';
import type { GetAnswer, PostAnswer } from './responses';
import { useAnswer } from './use-answer';

type Policy = GetAnswer<'/api/v1/subsidies/policies'>['items'][number];
type Comparison = PostAnswer<'/api/v1/subsidies/policies/what-if'>;
type Kind = Policy['kind'];

const FRACTION = /^\d{1,4}(\.\d{1,12})?$/;
const YUAN = /^\d{1,16}(\.\d{1,2})?$/;

interface DraftValues {
  ratio: string;
  lprMultiple?: string;
  perLoan?: string;
  perEnterprisePerYear?: string;
  perEnterpriseCumulative?: string;
  range: [Dayjs, Dayjs];
}

/** The policy in force on `today`: the highest version whose dates cover it. */
function inForce(policies: readonly Policy[], today: string): Policy | null {
  return (
    policies
      .filter((p) => p.effectiveFrom <= today && (p.effectiveTo === null || p.effectiveTo >= today))
      .sort((a, b) => b.version - a.version)[0] ?? null
  );
}

/** The draft: the policy in force with the figures the form changes. */
function draftTerms(policy: Policy, values: DraftValues): Record<string, unknown> {
  const terms = recordOf(policy.terms);
  const blank = (value: string | undefined) => (value?.trim() ? value.trim() : null);
  const lprCap = recordOf(terms.lprCap);
  const multiple = blank(values.lprMultiple);
  return {
    ...terms,
    ratio: values.ratio.trim(),
    lprCap: multiple
      ? {
          reference: lprCap.reference ?? 'DISBURSEMENT',
          tenor: lprCap.tenor ?? 'ONE_YEAR',
          multiple,
        }
      : null,
    caps: {
      perLoan: blank(values.perLoan),
      perEnterprisePerYear: blank(values.perEnterprisePerYear),
      perEnterpriseCumulative: blank(values.perEnterpriseCumulative),
    },
  };
}

function ResultChart({ result }: { result: Comparison }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 80, right: 20, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: result.months.map((m) => m.month) },
      yAxis: { type: 'value' },
      series: [
        {
          name: t('whatIf.wouldPay'),
          type: 'bar',
          data: result.months.map((m) => Number(m.wouldPay)),
        },
        { name: t('whatIf.paid'), type: 'bar', data: result.months.map((m) => Number(m.paid)) },
        {
          name: t('whatIf.difference'),
          type: 'line',
          data: result.months.map((m) => Number(m.difference)),
        },
      ],
    }),
    [result, t],
  );
  return <Chart option={option} height={300} label={t('whatIf.result')} testId="what-if-chart" />;
}

/**
 * A district approver tries a draft of the policy in force on the district's past claims: the
 * result, month by month, as a chart beside the current policy (nothing is stored).
 */
export function WhatIfPage() {
  const { t, code, language } = useI18n();
  const { user } = useAuth();
  const [kind, setKind] = useState<Kind>('INTEREST');
  const [result, setResult] = useState<Comparison | null>(null);
  const [refusal, setRefusal] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<DraftValues>();

  const context = useAnswer(async () => {
    const [orgs, date] = await Promise.all([
      api.GET('/api/v1/organisations', { params: { query: { kind: 'DISTRICT' } } }),
      api.GET('/api/v1/business-date'),
    ]);
    const own = unwrap(orgs).items.find((o) => o.id === user?.organisationId);
    return { districtCode: own?.districtCode ?? null, today: unwrap(date).businessDate };
  }, [user?.organisationId]);
  const districtCode = context.data?.districtCode ?? null;
  const today = context.data?.today ?? null;
  const policies = useAnswer(
    async () =>
      districtCode
        ? unwrap(
            await api.GET('/api/v1/subsidies/policies', {
              params: { query: { district: districtCode, kind } },
            }),
          ).items
        : [],
    [districtCode, kind],
  );
  const current = today ? inForce(policies.data ?? [], today) : null;
  const terms = recordOf(current?.terms);
  const caps = recordOf(terms.caps);

  async function run(values: DraftValues) {
    if (!current) return;
    setBusy(true);
    setRefusal(null);
    try {
      const answer = unwrap(
        await api.POST('/api/v1/subsidies/policies/what-if', {
          body: {
            kind,
            // The draft is free-form policy terms; the API checks them as it does for publishing.
            terms: draftTerms(current, values) as Record<string, never>,
            from: values.range[0].format('YYYY-MM-DD'),
            to: values.range[1].format('YYYY-MM-DD'),
          },
        }),
      );
      setResult(answer);
    } catch (error) {
      setRefusal(error as Error);
    } finally {
      setBusy(false);
    }
  }

  const initial =
    current && today
      ? {
          ratio: textOf(terms.ratio) ?? '',
          lprMultiple: textOf(recordOf(terms.lprCap).multiple) ?? '',
          perLoan: textOf(caps.perLoan) ?? '',
          perEnterprisePerYear: textOf(caps.perEnterprisePerYear) ?? '',
          perEnterpriseCumulative: textOf(caps.perEnterpriseCumulative) ?? '',
          range: [dayjs(`${today.slice(0, 4)}-01-01`), dayjs(today)] as [Dayjs, Dayjs],
        }
      : undefined;

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={3}>{t('whatIf.title')}</Typography.Title>
      <ProblemAlert error={context.error ?? policies.error} />
      <Select<Kind>
        style={{ width: 200 }}
        aria-label={t('district.filter.kind')}
        value={kind}
        onChange={(value) => {
          setKind(value);
          setResult(null);
        }}
        options={Object.keys(CODES.subsidyKind).map((k) => ({
          value: k as Kind,
          label: code('subsidyKind', k),
        }))}
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('whatIf.current')} data-testid="current-policy">
            {current ? (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('claim.programme')}>
                  {textOf(terms.programme)}
                </Descriptions.Item>
                <Descriptions.Item label={t('claim.policyVersion')}>
                  {current.version} · {formatDate(current.effectiveFrom, language)}
                </Descriptions.Item>
                <Descriptions.Item label={t('whatIf.ratio')}>
                  {formatPercent(textOf(terms.ratio))}
                </Descriptions.Item>
                <Descriptions.Item label={t('whatIf.lprMultiple')}>
                  {textOf(recordOf(terms.lprCap).multiple) ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('whatIf.perLoan')}>
                  {formatYuan(textOf(caps.perLoan))}
                </Descriptions.Item>
                <Descriptions.Item label={t('whatIf.perEnterprisePerYear')}>
                  {formatYuan(textOf(caps.perEnterprisePerYear))}
                </Descriptions.Item>
                <Descriptions.Item label={t('whatIf.perEnterpriseCumulative')}>
                  {formatYuan(textOf(caps.perEnterpriseCumulative))}
                </Descriptions.Item>
              </Descriptions>
            ) : (
              <Empty description={t('whatIf.noPolicy')} />
            )}
          </Card>
          {current && initial && (
            <Card size="small" title={t('whatIf.draft')} style={{ marginTop: 12 }}>
              <Form
                key={`${current.id}`}
                form={form}
                layout="vertical"
                initialValues={initial}
                onFinish={(values) => void run(values)}
              >
                <Form.Item
                  name="ratio"
                  label={t('whatIf.ratio')}
                  rules={[{ required: true, pattern: FRACTION, message: t('whatIf.ratioHint') }]}
                >
                  <Input inputMode="decimal" />
                </Form.Item>
                <Form.Item
                  name="lprMultiple"
                  label={t('whatIf.lprMultiple')}
                  rules={[{ pattern: FRACTION, message: t('whatIf.ratioHint') }]}
                >
                  <Input inputMode="decimal" />
                </Form.Item>
                {(['perLoan', 'perEnterprisePerYear', 'perEnterpriseCumulative'] as const).map(
                  (cap) => (
                    <Form.Item
                      key={cap}
                      name={cap}
                      label={t(`whatIf.${cap}`)}
                      rules={[{ pattern: YUAN, message: t('claim.field.yuan') }]}
                    >
                      <Input inputMode="decimal" />
                    </Form.Item>
                  ),
                )}
                <Form.Item
                  name="range"
                  label={`${t('whatIf.from')} – ${t('whatIf.to')}`}
                  rules={[{ required: true, message: t('claim.field.required') }]}
                >
                  <DatePicker.RangePicker allowClear={false} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="run-what-if">
                  {t('whatIf.run')}
                </Button>
              </Form>
              <div style={{ marginTop: 8 }}>
                <ProblemAlert error={refusal} title={t('claim.refused')} />
              </div>
            </Card>
          )}
        </Col>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('whatIf.result')} data-testid="what-if-result">
            {result ? (
              <Flex vertical gap="small">
                <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                  <Descriptions.Item label={t('whatIf.claims')}>
                    {result.totals.claims}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('whatIf.ineligible')}>
                    {result.totals.ineligibleUnderDraft}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('whatIf.wouldPay')}>
                    <span data-testid="what-if-would-pay">
                      {formatYuan(result.totals.wouldPay)}
                    </span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('whatIf.paid')}>
                    <span data-testid="what-if-paid">{formatYuan(result.totals.paid)}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('whatIf.difference')}>
                    <span data-testid="what-if-difference">
                      {formatYuan(result.totals.difference)}
                    </span>
                  </Descriptions.Item>
                </Descriptions>
                <ResultChart result={result} />
                <Table
                  size="small"
                  rowKey="month"
                  pagination={false}
                  dataSource={result.months}
                  columns={[
                    { title: t('whatIf.month'), dataIndex: 'month' },
                    { title: t('whatIf.claims'), dataIndex: 'claims', align: 'right' },
                    {
                      title: t('whatIf.ineligible'),
                      dataIndex: 'ineligibleUnderDraft',
                      align: 'right',
                    },
                    {
                      title: t('whatIf.wouldPay'),
                      dataIndex: 'wouldPay',
                      align: 'right',
                      render: formatAmount,
                    },
                    {
                      title: t('whatIf.paid'),
                      dataIndex: 'paid',
                      align: 'right',
                      render: formatAmount,
                    },
                    {
                      title: t('whatIf.difference'),
                      dataIndex: 'difference',
                      align: 'right',
                      render: formatAmount,
                    },
                  ]}
                />
              </Flex>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('whatIf.run')} />
            )}
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

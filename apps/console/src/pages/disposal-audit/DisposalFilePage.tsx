import { FilePdfOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ProblemError, unwrap } from '../../api/client';
import { formatDate, formatDateTime } from '../../format/dates';
import { formatAmount, formatPercent, formatYuan } from '../../format/money';
import { useI18n } from '../../i18n/I18nProvider';
import { DISPOSAL_CODES } from '../../i18n/disposal';
import { Chart, type ChartOption } from '../dashboard/Chart';
import { ProblemAlert } from '../district/ProblemAlert';
import type { GetAnswer } from '../district/responses';
import { useAnswer } from '../district/use-answer';
import { PricePathChart } from './PricePathChart';

type DisposalFile = GetAnswer<'/api/v1/admin/disposal-files/{caseNumber}'>;
type Waterfall = NonNullable<DisposalFile['waterfall']>;
type Round = DisposalFile['rounds'][number];
type Bid = DisposalFile['bids'][number];
type Decision = DisposalFile['decisions'][number];
type AuditEntry = DisposalFile['audit']['entries'][number];

/** The waterfall's lines in the order the proceeds are applied. */
export const WATERFALL_LINES = [
  'proceeds',
  'costs',
  'bankInterest',
  'bankPrincipal',
  'fund',
  'insurer',
  'pledgor',
  'unrecovered',
] as const satisfies readonly (keyof Waterfall & keyof typeof DISPOSAL_CODES.waterfallLine)[];

const SEVERITIES = Object.keys(DISPOSAL_CODES.severity);

function WaterfallCard({ waterfall }: { waterfall: Waterfall | null }) {
  const { t, code } = useI18n();
  const option = useMemo<ChartOption | null>(
    () =>
      waterfall && {
        tooltip: { trigger: 'axis' },
        grid: { left: 130, right: 40, top: 10, bottom: 24 },
        xAxis: { type: 'value' },
        yAxis: {
          type: 'category',
          inverse: true,
          data: WATERFALL_LINES.map((line) => code('waterfallLine', line)),
        },
        series: [
          {
            type: 'bar',
            data: WATERFALL_LINES.map((line) => Number(waterfall[line])),
            label: { show: true, position: 'right' },
          },
        ],
      },
    [waterfall, code],
  );
  return (
    <Card size="small" title={t('disposal.waterfall')}>
      {!waterfall || !option ? (
        <Empty description={t('disposal.waterfall.none')} />
      ) : (
        <Row gutter={12}>
          <Col xs={24} lg={10}>
            <Table
              size="small"
              pagination={false}
              rowKey="line"
              data-testid="waterfall"
              dataSource={WATERFALL_LINES.map((line) => ({ line, amount: waterfall[line] }))}
              columns={[
                {
                  title: t('disposal.col.line'),
                  dataIndex: 'line',
                  render: (line: string) => code('waterfallLine', line),
                },
                {
                  title: t('disposal.col.lineAmount'),
                  dataIndex: 'amount',
                  align: 'right',
                  render: (amount: string, row) => (
                    <span data-testid={`waterfall-${row.line}`}>{formatAmount(amount)}</span>
                  ),
                },
              ]}
            />
          </Col>
          <Col xs={24} lg={14}>
            <Chart
              option={option}
              height={280}
              label={t('disposal.waterfall')}
              testId="waterfall-chart"
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}

function AuditCard({ file }: { file: DisposalFile }) {
  const { t, code, language } = useI18n();
  const verify = useAnswer(async () => unwrap(await api.GET('/api/v1/audit/verify')), []);
  const v = verify.data;
  const covered = (entry: AuditEntry) => v?.head && entry.seq <= v.head.seq && v.ok;
  return (
    <Card size="small" title={t('disposal.audit')} data-testid="audit-chain">
      <ProblemAlert error={verify.error} />
      {v && (
        <Alert
          type={v.ok ? 'success' : 'error'}
          showIcon
          data-testid={v.ok ? 'audit-ok' : 'audit-broken'}
          title={
            v.ok
              ? t('disposal.audit.ok')
              : t('disposal.audit.broken', {
                  seq: v.firstBroken?.seq ?? '—',
                  reason: v.firstBroken ? code('auditBreak', v.firstBroken.reason) : '—',
                })
          }
          description={
            <span>
              {t('disposal.audit.checked', { count: v.entriesChecked })}
              {v.head
                ? ` · ${t('disposal.audit.head')} #${v.head.seq} ${v.head.hash.slice(0, 16)}…`
                : ''}
            </span>
          }
          style={{ marginBottom: 8 }}
        />
      )}
      <Table<AuditEntry>
        size="small"
        rowKey="seq"
        pagination={{ pageSize: 8, showSizeChanger: false }}
        dataSource={file.audit.entries}
        columns={[
          { title: '#', dataIndex: 'seq' },
          {
            title: t('disposal.col.action'),
            dataIndex: 'action',
            render: (action: string) => code('auditAction', action),
          },
          {
            title: t('disposal.col.actor'),
            key: 'actor',
            render: (_, e) =>
              e.actor
                ? `${e.actor.userId} (${code('role', e.actor.role)})`
                : code('role', 'SYSTEM'),
          },
          {
            title: t('disposal.col.at'),
            dataIndex: 'occurredAt',
            render: (at: string) => formatDateTime(at, language),
          },
          {
            title: t('disposal.col.hash'),
            dataIndex: 'hash',
            render: (hash: string) => <Typography.Text code>{hash.slice(0, 12)}</Typography.Text>,
          },
          {
            title: t('disposal.audit.covered'),
            key: 'covered',
            render: (_, e) => (covered(e) ? <Tag color="green">✓</Tag> : <Tag color="red">✗</Tag>),
          },
        ]}
      />
    </Card>
  );
}

interface FindingValues {
  severity: string;
  title: string;
  text: string;
}

function FindingsCard({ file, onRecorded }: { file: DisposalFile; onRecorded(): void }) {
  const { t, code, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FindingValues>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Error | null>(null);
  const required = { required: true, whitespace: true, message: t('disposal.finding.required') };

  async function record(values: FindingValues) {
    setBusy(true);
    setRefusal(null);
    try {
      unwrap(
        await api.POST('/api/v1/admin/disposal-files/{caseNumber}/findings', {
          params: { path: { caseNumber: file.caseNumber } },
          body: {
            severity: values.severity as 'INFO',
            title: values.title.trim(),
            text: values.text.trim(),
          },
        }),
      );
      void message.success(t('disposal.finding.recorded'));
      form.resetFields();
      onRecorded();
    } catch (error) {
      setRefusal(error as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t('disposal.findings')} data-testid="findings">
      <List
        size="small"
        dataSource={file.findings}
        locale={{ emptyText: t('disposal.findings.none') }}
        renderItem={(f) => (
          <List.Item>
            <List.Item.Meta
              title={
                <span>
                  <Tag
                    color={
                      f.severity === 'SERIOUS'
                        ? 'red'
                        : f.severity === 'FINDING'
                          ? 'orange'
                          : 'blue'
                    }
                  >
                    {code('severity', f.severity)}
                  </Tag>
                  {f.title}
                </span>
              }
              description={`${t('disposal.finding.by')} ${f.recordedBy.userId} · ${formatDateTime(f.recordedAt, language)}`}
            />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {f.text}
            </Typography.Paragraph>
          </List.Item>
        )}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void record(values)}
        initialValues={{ severity: 'OBSERVATION' }}
        data-testid="finding-form"
      >
        <Typography.Text strong>{t('disposal.finding.add')}</Typography.Text>
        <Form.Item name="severity" label={t('disposal.finding.severity')} rules={[required]}>
          <Select options={SEVERITIES.map((s) => ({ value: s, label: code('severity', s) }))} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('disposal.finding.title')}
          rules={[required, { max: 200, message: t('disposal.finding.tooLong', { max: 200 }) }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('disposal.finding.text')}
          rules={[required, { max: 10000, message: t('disposal.finding.tooLong', { max: 10000 }) }]}
        >
          <Input.TextArea rows={3} maxLength={10000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('disposal.finding.add')}
        </Button>
        <div style={{ marginTop: 8 }}>
          <ProblemAlert error={refusal} title={t('disposal.refused')} />
        </div>
      </Form>
    </Card>
  );
}

/** Opens the printable PDF of the file (fetched with the session's token) in a new tab. */
async function openPdf(caseNumber: string): Promise<void> {
  const result = await api.GET('/api/v1/admin/disposal-files/{caseNumber}/pdf', {
    params: { path: { caseNumber } },
    parseAs: 'blob',
  });
  if (!result.response.ok) unwrap(result);
  const url = URL.createObjectURL(result.data as Blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `disposal-file-${caseNumber}.pdf`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A disposal file for the administrators' audit: the price path of its rounds, bids,
 * decisions and approvals, the waterfall, the audit chain's status, the findings, the PDF.
 */
export function DisposalFilePage() {
  const { caseNumber = '' } = useParams();
  const { t, code, language } = useI18n();
  const [pdfError, setPdfError] = useState<Error | null>(null);
  const file = useAnswer(
    async () =>
      unwrap(
        await api.GET('/api/v1/admin/disposal-files/{caseNumber}', {
          params: { path: { caseNumber } },
        }),
      ),
    [caseNumber],
  );

  if (file.error)
    return (
      <Flex vertical gap="middle">
        <Link to="/disposal-files">{t('disposal.file.back')}</Link>
        <ProblemAlert error={file.error} />
      </Flex>
    );
  const f = file.data;
  if (!f) return null;
  const valuation = f.disposal.valuationUsed;

  return (
    <Flex vertical gap="middle">
      <Link to="/disposal-files">{t('disposal.file.back')}</Link>
      <Flex align="center" justify="space-between" wrap gap="small">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('disposal.file.title', { caseNumber: f.caseNumber })}
        </Typography.Title>
        <Button
          icon={<FilePdfOutlined />}
          data-testid="pdf"
          onClick={() => {
            setPdfError(null);
            openPdf(f.caseNumber).catch((error: unknown) =>
              setPdfError(error instanceof ProblemError ? error : new Error(String(error))),
            );
          }}
        >
          {t('disposal.file.pdf')}
        </Button>
      </Flex>
      <ProblemAlert error={pdfError} />
      <Card size="small" title={t('disposal.file.summary')}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('disposal.file.enterprise')}>
            {f.case.enterprise.name} ({f.case.enterprise.uscc})
          </Descriptions.Item>
          <Descriptions.Item label={t('disposal.file.bank')}>{f.case.bank.name}</Descriptions.Item>
          <Descriptions.Item label={t('disposal.file.loan')}>
            {formatYuan(f.case.loan.amount)} · {f.case.loan.termMonths} ·{' '}
            {formatPercent(f.case.loan.annualRate)}
          </Descriptions.Item>
          <Descriptions.Item label={t('disposal.file.caseStatus')}>
            {code('caseStatus', f.case.status)}
          </Descriptions.Item>
          <Descriptions.Item label={t('disposal.file.status')}>
            <Tag color="blue" data-testid="disposal-status">
              {code('disposalStatus', f.disposal.status)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('disposal.file.method')}>
            {f.disposal.method ? code('disposalMethod', f.disposal.method) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('disposal.file.startedOn')}>
            {formatDate(f.disposal.startedOn, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('disposal.file.valuation')}>
            {valuation
              ? `${String(valuation.reportNumber)} · ${formatYuan(String(valuation.totalValue))}`
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('disposal.file.floor')}>
            {formatYuan(f.disposal.floor)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('disposal.pricePath')}>
        <PricePathChart file={f} />
        <Table<Round>
          size="small"
          rowKey="round"
          pagination={false}
          dataSource={f.rounds}
          data-testid="rounds"
          scroll={{ x: 900 }}
          columns={[
            { title: t('disposal.col.round'), dataIndex: 'round' },
            {
              title: t('disposal.col.method'),
              dataIndex: 'method',
              render: (m: string) => code('disposalMethod', m),
            },
            {
              title: t('disposal.col.startingPrice'),
              dataIndex: 'startingPrice',
              align: 'right',
              render: formatAmount,
            },
            {
              title: t('disposal.col.minimumPrice'),
              dataIndex: 'minimumPrice',
              align: 'right',
              render: formatAmount,
            },
            {
              title: t('disposal.col.cut'),
              dataIndex: 'cutFromPrevious',
              align: 'right',
              render: (v: string | null) => formatPercent(v),
            },
            {
              title: t('disposal.col.toValuation'),
              dataIndex: 'startToValuation',
              align: 'right',
              render: (v: string | null) => formatPercent(v),
            },
            {
              title: t('disposal.col.openedOn'),
              dataIndex: 'openedOn',
              render: (d: string) => formatDate(d, language),
            },
            {
              title: t('disposal.col.closesOn'),
              dataIndex: 'closesOn',
              render: (d: string) => formatDate(d, language),
            },
            { title: t('disposal.col.bidCount'), dataIndex: 'bidCount', align: 'right' },
            {
              title: t('disposal.col.highestBid'),
              dataIndex: 'highestBid',
              align: 'right',
              render: formatAmount,
            },
            {
              title: t('disposal.col.outcome'),
              dataIndex: 'outcome',
              render: (o: string) => code('roundOutcome', o),
            },
          ]}
        />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('disposal.bids')}>
            <Table<Bid>
              size="small"
              rowKey="seq"
              pagination={false}
              dataSource={f.bids}
              data-testid="bids"
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('disposal.col.seq'), dataIndex: 'seq' },
                { title: t('disposal.col.round'), dataIndex: 'round' },
                { title: t('disposal.col.bidder'), dataIndex: 'bidder' },
                {
                  title: t('disposal.col.bidAmount'),
                  dataIndex: 'amount',
                  align: 'right',
                  render: formatAmount,
                },
                {
                  title: t('disposal.col.bidDate'),
                  dataIndex: 'businessDate',
                  render: (d: string) => formatDate(d, language),
                },
                {
                  title: t('disposal.col.valid'),
                  dataIndex: 'valid',
                  render: (v: boolean) => (v ? t('disposal.yes') : t('disposal.no')),
                },
                {
                  title: t('disposal.col.won'),
                  dataIndex: 'won',
                  render: (v: boolean) =>
                    v ? <Tag color="green">{t('disposal.yes')}</Tag> : t('disposal.no'),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('disposal.decisions')}>
            <Table<Decision>
              size="small"
              rowKey="seq"
              pagination={false}
              dataSource={f.decisions}
              data-testid="decisions"
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: t('disposal.col.decision'),
                  dataIndex: 'kind',
                  render: (k: string) => code('decision', k),
                },
                {
                  title: t('disposal.col.actor'),
                  key: 'actor',
                  render: (_, d) =>
                    d.actor
                      ? `${d.actor.userId} (${code('role', d.actor.role)})`
                      : code('role', 'SYSTEM'),
                },
                {
                  title: t('disposal.col.reason'),
                  dataIndex: 'reason',
                  render: (r: string | null) => r ?? '—',
                },
                {
                  title: t('disposal.col.date'),
                  dataIndex: 'businessDate',
                  render: (d: string) => formatDate(d, language),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <WaterfallCard waterfall={f.waterfall} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <AuditCard file={f} />
        </Col>
        <Col xs={24} xl={10}>
          <FindingsCard file={f} onRecorded={file.reload} />
        </Col>
      </Row>
    </Flex>
  );
}

import { Card, Flex, Input, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { formatDate } from '../../format/dates';
import { formatAmount } from '../../format/money';
import { useI18n } from '../../i18n/I18nProvider';
import { ProblemAlert } from '../district/ProblemAlert';
import type { GetAnswer } from '../district/responses';
import { useAnswer } from '../district/use-answer';

type CaseRow = GetAnswer<'/api/v1/cases'>['items'][number];
type Disposal = GetAnswer<'/api/v1/cases/{id}/disposal'>;

interface FileRow {
  row: CaseRow;
  disposal: Disposal;
}

/** Cases whose disposal file can exist: in disposal, settled from it, or closed after it. */
const STATUSES = 'DISPOSAL,SETTLED,CLOSED';

/**
 * A closed case had a disposal when its timeline shows it started; asking its timeline (rather
 * than its disposal) keeps a repaid case from being answered, and audited, as a refusal.
 */
async function hadDisposal(row: CaseRow): Promise<boolean> {
  if (row.status !== 'CLOSED') return true;
  const timeline = unwrap(
    await api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: row.caseNumber } } }),
  );
  return timeline.entries.some((entry) => entry.event === 'START_DISPOSAL');
}

async function loadFiles(): Promise<FileRow[]> {
  const list = unwrap(
    await api.GET('/api/v1/cases', {
      params: { query: { status: STATUSES, sort: '-updatedAt', limit: 50 } },
    }),
  );
  const rows = await Promise.all(
    list.items.map(async (row) => {
      if (!(await hadDisposal(row))) return null;
      const disposal = unwrap(
        await api.GET('/api/v1/cases/{id}/disposal', { params: { path: { id: row.caseNumber } } }),
      );
      return { row, disposal };
    }),
  );
  return rows.filter((row): row is FileRow => row !== null);
}

/** The administrators' list of disposal files, latest activity first. */
export function DisposalFilesPage() {
  const { t, code, language } = useI18n();
  const navigate = useNavigate();
  const files = useAnswer(loadFiles, []);

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={3}>{t('disposal.list.title')}</Typography.Title>
      <Card size="small">
        <Flex vertical gap="small">
          <Flex justify="space-between" wrap gap="small">
            <Typography.Text type="secondary">{t('disposal.list.hint')}</Typography.Text>
            <Input.Search
              style={{ width: 320 }}
              placeholder={t('disposal.col.case')}
              aria-label={t('disposal.list.open')}
              enterButton={t('disposal.list.open')}
              onSearch={(value) => {
                if (value.trim())
                  void navigate(`/disposal-files/${encodeURIComponent(value.trim())}`);
              }}
            />
          </Flex>
          <ProblemAlert error={files.error} />
          <Table<FileRow>
            rowKey={(file) => file.row.caseNumber}
            size="small"
            loading={files.loading}
            dataSource={files.data ?? []}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            data-testid="disposal-files"
            columns={[
              {
                title: t('disposal.col.case'),
                key: 'case',
                render: (_, file) => (
                  <Link to={`/disposal-files/${encodeURIComponent(file.row.caseNumber)}`}>
                    {file.row.caseNumber}
                  </Link>
                ),
              },
              {
                title: t('disposal.col.enterprise'),
                key: 'ent',
                render: (_, f) => f.row.enterpriseName,
              },
              { title: t('disposal.col.bank'), key: 'bank', render: (_, f) => f.row.bankOrgId },
              {
                title: t('disposal.col.amount'),
                key: 'amount',
                align: 'right',
                render: (_, f) => formatAmount(f.row.amount),
              },
              {
                title: t('disposal.col.caseStatus'),
                key: 'caseStatus',
                render: (_, f) => code('caseStatus', f.row.status),
              },
              {
                title: t('disposal.col.status'),
                key: 'status',
                render: (_, f) => <Tag>{code('disposalStatus', f.disposal.status)}</Tag>,
              },
              {
                title: t('disposal.col.method'),
                key: 'method',
                render: (_, f) =>
                  f.disposal.method ? code('disposalMethod', f.disposal.method) : '—',
              },
              {
                title: t('disposal.file.startedOn'),
                key: 'started',
                render: (_, f) => formatDate(f.disposal.startedOn, language),
              },
            ]}
          />
        </Flex>
      </Card>
    </Flex>
  );
}

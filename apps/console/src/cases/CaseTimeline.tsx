import { Card, Empty, Timeline, Typography } from 'antd';
import type { Schemas } from '../api/types';
import { formatDate, formatDateTime } from '../format';
import { useI18n } from '../i18n/I18nProvider';

/**
 * A history entry. The OpenAPI document names only the enterprise's view of this shared route;
 * staff also get who acted, which is read here where it is present.
 */
type Entry = Schemas['EnterpriseHistoryEntry'] & {
  actorUserId?: string | null;
  actorRole?: string | null;
};

/** Who did what, when: the case's events, newest first. */
export function CaseTimeline({ entries }: { entries: Entry[] }) {
  const { t, code, language } = useI18n();
  return (
    <Card size="small" title={t('case.timeline')}>
      {entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.timeline.empty')} />
      ) : (
        <Timeline
          items={[...entries].reverse().map((entry) => ({
            key: entry.seq,
            content: (
              <div data-event={entry.event}>
                <Typography.Text strong>{code('caseEvent', entry.event)}</Typography.Text>
                {entry.toStatus && entry.fromStatus !== entry.toStatus && (
                  <Typography.Text type="secondary">
                    {' '}
                    {entry.fromStatus ? code('caseStatus', entry.fromStatus) : ''} →{' '}
                    {code('caseStatus', entry.toStatus)}
                  </Typography.Text>
                )}
                <br />
                <Typography.Text type="secondary">
                  {formatDate(entry.businessDate, language)} ·{' '}
                  {formatDateTime(entry.occurredAt, language)}
                  {entry.actorUserId && ` · ${entry.actorUserId}`}
                  {entry.actorRole && ` · ${code('role', entry.actorRole)}`}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useLoad } from '../api/useLoad';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n/I18nProvider';

/** How often the bell asks again while the page stays open. */
const REFRESH_MS = 60_000;

/** The header's bell: unread in-app notifications, each opening its case. */
export function NotificationBell() {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const unread = useLoad(
    async () =>
      unwrap(
        await api.GET('/api/v1/notifications', {
          params: {
            query: { unread: 'true', pageSize: 10 },
            header: { 'accept-language': language },
          },
        }),
      ),
    [location.pathname, language],
  );
  const { reload } = unread;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  async function open(id: string, caseNumber: string | null) {
    await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } });
    reload();
    if (caseNumber) void navigate(`/cases/${encodeURIComponent(caseNumber)}`);
  }

  async function readAll() {
    await api.POST('/api/v1/notifications/read-all');
    reload();
  }

  const items = unread.data?.items ?? [];
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={
        <Typography.Text strong>
          {t('header.notifications')}
          {items.length > 0 && (
            <Button type="link" size="small" onClick={() => void readAll()}>
              {t('header.readAll')}
            </Button>
          )}
        </Typography.Text>
      }
      content={
        items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('header.noNotifications')} />
        ) : (
          <List
            className="notifications"
            size="small"
            dataSource={items}
            renderItem={(item) => (
              <List.Item
                className="notifications__item"
                onClick={() => void open(item.id, item.caseNumber)}
              >
                <List.Item.Meta
                  title={item.title}
                  description={
                    <>
                      {item.body}
                      <br />
                      <Typography.Text type="secondary">
                        {formatDateTime(item.createdAt, language)}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )
      }
    >
      <Badge count={unread.data?.unreadCount ?? 0} size="small">
        <Button
          icon={<BellOutlined />}
          aria-label={t('header.notifications')}
          data-testid="notification-bell"
        />
      </Badge>
    </Popover>
  );
}

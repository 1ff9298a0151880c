import { LogoutOutlined } from '@ant-design/icons';
import { Button, Flex, Layout, Menu, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { formatDate } from '../format';
import { useI18n } from '../i18n/I18nProvider';
import { MENU } from '../menu';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';

/** The signed-in frame: side menu, header with who and when, the page. */
export function AppLayout() {
  const { t, code, language } = useI18n();
  const auth = useAuth();
  const location = useLocation();
  const [businessDate, setBusinessDate] = useState<string | null>(null);

  useEffect(() => {
    if (!auth.user) return;
    api
      .GET('/api/v1/business-date')
      .then((result) => setBusinessDate(unwrap(result).businessDate))
      .catch(() => setBusinessDate(null));
  }, [auth.user, location.pathname]);

  if (auth.checking) return null;
  if (!auth.user)
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  const user = auth.user;

  const entries = MENU.filter((entry) => !entry.roles || entry.roles.includes(user.role));
  // The deepest entry whose path starts the current one is the selected one.
  const selected = entries
    .filter(
      (entry) => location.pathname === entry.path || location.pathname.startsWith(`${entry.path}/`),
    )
    .sort((a, b) => b.path.length - a.path.length)[0];

  return (
    <Layout className="frame">
      <Layout.Sider breakpoint="lg" collapsedWidth={56} width={188} theme="light">
        <div className="frame__brand">{t('app.shortTitle')}</div>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected.path] : []}
          items={entries.map((entry) => ({
            key: entry.path,
            icon: entry.icon,
            label: <Link to={entry.path}>{t(entry.label)}</Link>,
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="frame__header">
          <Flex align="center" justify="space-between" gap="middle" wrap>
            <Typography.Text data-testid="business-date">
              {t('header.businessDate')} {formatDate(businessDate, language)}
            </Typography.Text>
            <Flex align="center" gap="small" wrap>
              <Typography.Text strong data-testid="current-user">
                {user.displayName}
              </Typography.Text>
              <Typography.Text type="secondary">{user.organisationName}</Typography.Text>
              <Tag color="blue">{code('role', user.role)}</Tag>
              <NotificationBell />
              <LanguageSwitch />
              <Button icon={<LogoutOutlined />} onClick={() => void auth.signOut()}>
                {t('header.signOut')}
              </Button>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content className="frame__content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

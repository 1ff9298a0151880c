import { Alert, Button, Card, Flex, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import type { Schemas } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { useAuth } from './AuthProvider';
import { startOidcSignIn } from './oidc';

type DevUser = Schemas['DevUserView'];
type ConsoleConfig = Schemas['ConsoleConfigView'];

/** Users grouped by organisation, then by role, in the directory's order. */
function groupUsers(users: DevUser[]): { organisation: string; roles: [string, DevUser[]][] }[] {
  const groups = new Map<string, Map<string, DevUser[]>>();
  for (const user of users) {
    const roles = groups.get(user.organisation) ?? new Map<string, DevUser[]>();
    roles.set(user.role, [...(roles.get(user.role) ?? []), user]);
    groups.set(user.organisation, roles);
  }
  return [...groups].map(([organisation, roles]) => ({ organisation, roles: [...roles] }));
}

export function SignInPage() {
  const { t, code } = useI18n();
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [users, setUsers] = useState<DevUser[]>([]);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const target = (location.state as { from?: string } | null)?.from ?? '/';

  useEffect(() => {
    void (async () => {
      try {
        const answer = unwrap(await api.GET('/api/v1/auth/console-config'));
        setConfig(answer);
        if (answer.signIn === 'DEV') setUsers(unwrap(await api.GET('/api/v1/auth/dev-users')));
      } catch {
        setFailed(true);
      }
    })();
  }, []);

  const groups = useMemo(() => groupUsers(users), [users]);

  if (auth.user) return <Navigate to={target} replace />;

  async function signInAs(username: string) {
    setBusy(username);
    setFailed(false);
    try {
      const answer = unwrap(await api.POST('/api/v1/auth/dev-login', { body: { username } }));
      await auth.signIn(answer.accessToken);
      void navigate(target, { replace: true });
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Flex vertical align="center" className="sign-in">
      <Flex justify="space-between" align="center" className="sign-in__bar">
        <Typography.Title level={3}>{t('app.title')}</Typography.Title>
        <LanguageSwitch />
      </Flex>
      <Card title={t('signIn.title')} className="sign-in__card">
        {failed && <Alert type="error" showIcon title={t('signIn.failed')} />}
        {!config && !failed && <Spin />}
        {config?.signIn === 'OIDC' && config.oidc && (
          <Space orientation="vertical">
            <Typography.Text>{t('signIn.oidcHint')}</Typography.Text>
            <Button type="primary" onClick={() => void startOidcSignIn(config.oidc!)}>
              {t('signIn.oidcButton')}
            </Button>
          </Space>
        )}
        {config?.signIn === 'DEV' && (
          <Space orientation="vertical" size="middle" className="sign-in__users">
            <Typography.Text type="secondary">{t('signIn.devHint')}</Typography.Text>
            {groups.map((group) => (
              <section key={group.organisation} aria-label={group.organisation}>
                <Typography.Title level={5}>{group.organisation}</Typography.Title>
                {group.roles.map(([role, members]) => (
                  <Flex key={role} gap="small" align="center" wrap>
                    <Tag>{code('role', role)}</Tag>
                    {members.map((user) => (
                      <Button
                        key={user.username}
                        data-username={user.username}
                        loading={busy === user.username}
                        onClick={() => void signInAs(user.username)}
                      >
                        {user.displayName}
                      </Button>
                    ))}
                  </Flex>
                ))}
              </section>
            ))}
          </Space>
        )}
      </Card>
    </Flex>
  );
}

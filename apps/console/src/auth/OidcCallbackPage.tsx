import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/I18nProvider';
import { useAuth } from './AuthProvider';
import { finishOidcSignIn } from './oidc';

/** Where the identity provider sends the browser back with its code. */
export function OidcCallbackPage() {
  const { t } = useI18n();
  const auth = useAuth();
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);
  // The code may be traded only once, even if the effect runs twice.
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    finishOidcSignIn(window.location.search)
      .then((token) => auth.signIn(token))
      .then(() => navigate('/', { replace: true }))
      .catch(() => setFailed(true));
  }, [auth, navigate]);

  return failed ? <Alert type="error" showIcon title={t('signIn.failed')} /> : <Spin />;
}

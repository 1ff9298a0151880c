import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthProvider';
import { OidcCallbackPage } from './auth/OidcCallbackPage';
import { CALLBACK_PATH } from './auth/oidc';
import { SignInPage } from './auth/SignInPage';
import { I18nProvider, useI18n } from './i18n/I18nProvider';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './pages/NotFoundPage';
import { ROUTES } from './routes';

const THEME = {
  token: { colorPrimary: '#1d4ed8', borderRadius: 4, fontSize: 13 },
  components: { Table: { cellPaddingBlockSM: 4 } },
};

function LocalisedApp() {
  const { language } = useI18n();
  return (
    <ConfigProvider locale={language === 'zh-CN' ? zhCN : enUS} theme={THEME} componentSize="small">
      <AntApp>
        <AuthProvider language={language}>
          <BrowserRouter>
            <Routes>
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path={CALLBACK_PATH} element={<OidcCallbackPage />} />
              <Route element={<AppLayout />}>
                <Route index element={<Navigate to="/tasks" replace />} />
                {ROUTES.map((route) => (
                  <Route key={route.path} path={route.path} element={route.element} />
                ))}
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <LocalisedApp />
    </I18nProvider>
  );
}

import { Alert } from 'antd';
import { ProblemError } from '../api/client';
import { useI18n } from '../i18n/I18nProvider';

/** A refusal in the reader's language: the server's detailZh in Chinese, detail in English. */
export function problemText(error: unknown, language: string, fallback: string): string {
  if (error instanceof ProblemError)
    return language === 'zh-CN' ? error.problem.detailZh : error.problem.detail;
  return fallback;
}

export function ProblemAlert({ error }: { error: unknown }) {
  const { language, t } = useI18n();
  if (!error) return null;
  const code = error instanceof ProblemError ? error.problem.code : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-problem-code={code}
      title={problemText(error, language, t('common.error'))}
    />
  );
}

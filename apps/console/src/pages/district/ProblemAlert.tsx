import { Alert } from 'antd';
import { ProblemError } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';

/** A refusal as the server worded it: its Chinese message in zh-CN, its English one in en. */
export function ProblemAlert({ error, title }: { error: Error | null; title?: string }) {
  const { language, t } = useI18n();
  if (!error) return null;
  const text =
    error instanceof ProblemError
      ? language === 'zh-CN'
        ? error.problem.detailZh
        : error.problem.detail
      : t('common.error');
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="problem"
      title={title}
      description={text}
    />
  );
}

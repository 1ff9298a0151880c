import { Typography } from 'antd';
import { useI18n } from '../i18n/I18nProvider';

/** 我的待办: the signed-in user's inbox. */
export function TasksPage() {
  const { t } = useI18n();
  return <Typography.Title level={4}>{t('menu.tasks')}</Typography.Title>;
}

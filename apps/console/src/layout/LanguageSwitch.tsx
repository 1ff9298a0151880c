import { Segmented } from 'antd';
import { type Language } from '../i18n';
import { useI18n } from '../i18n/I18nProvider';

/** 中文 / English; the choice is kept in this browser. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <Segmented<Language>
      aria-label={t('header.language')}
      size="small"
      value={language}
      onChange={setLanguage}
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}

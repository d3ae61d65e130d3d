import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { alreadyShown } from '../lib/api';
import { chooseLanguage } from '../features/settings/language';
import { currentLocale, LOCALES, type Locale } from '../i18n';

export function LanguageSwitch({ testId = 'language-switch' }: { testId?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Select<Locale>
      size="small"
      variant="borderless"
      aria-label={t('app.language')}
      // Subscribing through useTranslation re-renders this on a language change.
      value={i18n.language === 'en-US' ? 'en-US' : currentLocale()}
      options={LOCALES.map((locale) => ({ value: locale, label: t(`app.languageNames.${locale}`) }))}
      // Saved as the workstation's language (设置), like the choice on the settings page.
      onChange={(locale) => void chooseLanguage(locale).catch(alreadyShown)}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}

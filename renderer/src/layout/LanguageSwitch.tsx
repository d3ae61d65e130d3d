import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLocale, LOCALES, setLocale, type Locale } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select<Locale>
      size="small"
      variant="borderless"
      aria-label={t('app.language')}
      // Subscribing through useTranslation re-renders this on a language change.
      value={i18n.language === 'en-US' ? 'en-US' : currentLocale()}
      options={LOCALES.map((locale) => ({ value: locale, label: t(`app.languageNames.${locale}`) }))}
      onChange={setLocale}
      popupMatchSelectWidth={false}
    />
  );
}

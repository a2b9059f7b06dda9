import { Icon } from '../components/Icon';
import { languageNames, languages, useI18n, type Language } from '../i18n';

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <label className="language-switch">
      <Icon name="language" />
      <span className="visually-hidden">{t('lang.label')}</span>
      <select value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {languageNames[code]}
          </option>
        ))}
      </select>
    </label>
  );
}

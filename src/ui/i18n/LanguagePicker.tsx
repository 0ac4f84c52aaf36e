import { useId } from 'react';
import { useLanguage, useT } from './I18nProvider';
import { LANGUAGES, type Language } from './languages';
import './languagePicker.css';

/** "Language: English / Español": switches the whole interface at once. */
export function LanguagePicker() {
  const { language, setLanguage } = useLanguage();
  const t = useT();
  const id = useId();
  return (
    <div className="language-picker" data-testid="language-picker">
      <label htmlFor={id}>{t('language.label')}</label>{' '}
      <select
        id={id}
        data-testid="language-select"
        value={language}
        onChange={(e) => setLanguage(e.currentTarget.value as Language)}
      >
        {(Object.keys(LANGUAGES) as Language[]).map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGES[code].name}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The interface language for every component below: {@link useT} gives the message lookup,
 * {@link useLanguage} the current language and the switch. Switching re-renders in place, so no
 * state is lost; the choice is remembered in localStorage and set on `<html lang>`.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  LANGUAGES,
  browserLanguages,
  initialLanguage,
  readStoredLanguage,
  storeLanguage,
  type Language,
} from './languages';
import { translator, type Translate } from './translate';

interface I18nValue {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Provides the language; `language` forces the starting one (tests), else it is detected. */
export function I18nProvider({ language, children }: { language?: Language; children: ReactNode }) {
  const [current, setCurrent] = useState<Language>(
    () => language ?? initialLanguage(readStoredLanguage(), browserLanguages()),
  );
  useEffect(() => {
    if (typeof document !== 'undefined') document.documentElement.lang = current;
  }, [current]);
  const value = useMemo<I18nValue>(
    () => ({
      language: current,
      setLanguage: (next) => {
        storeLanguage(next);
        setCurrent(next);
      },
      t: translator(LANGUAGES[current].messages),
    }),
    [current],
  );
  return <I18nContext value={value}>{children}</I18nContext>;
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() needs an <I18nProvider> above it.');
  return value;
}

/** The message lookup in the current language. */
export function useT(): Translate {
  return useI18n().t;
}

/** The current language and the function that switches it. */
export function useLanguage(): Pick<I18nValue, 'language' | 'setLanguage'> {
  const { language, setLanguage } = useI18n();
  return { language, setLanguage };
}

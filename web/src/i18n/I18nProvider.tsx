import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { detectLanguage, readStoredLanguage, storeLanguage } from './language';
import { translate, translateMessage, type Language, type Message, type MessageKey, type MessageValues } from './messages';

export interface I18n {
  language: Language;
  /** Switches the language, remembers it in localStorage and updates <html lang>. */
  setLanguage: (language: Language) => void;
  /** The message for `key` in the current language. Unknown keys do not type-check. */
  t: (key: MessageKey, values?: MessageValues) => string;
  /** A Message (catalogue key or a text from the server) in the current language. */
  say: (message: Message) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  return detectLanguage(readStoredLanguage(), navigator.languages ?? [navigator.language]);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    storeLanguage(next);
    setLanguageState(next);
  }, []);

  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage,
      t: (key, values) => translate(language, key, values),
      say: (message) => translateMessage(language, message),
    }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() must be used inside <I18nProvider>');
  return i18n;
}

import { languages, type Language } from './messages';

/** localStorage key that remembers the language the user picked. */
export const languageStorageKey = 'spotter.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * The language to start in: the one the user picked before (stored), else the first of the browser's preferred
 * languages that Spotter has, else Korean. So an English-first browser gets English, everyone else Korean.
 */
export function detectLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'ko';
}

export function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(languageStorageKey);
  } catch {
    return null; // storage disabled (private mode, sandboxed frame): fall back to the browser's preference
  }
}

export function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(languageStorageKey, language);
  } catch {
    // Not remembered across visits, but the switch still works for this one.
  }
}

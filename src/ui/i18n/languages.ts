/** The interface languages, how one is picked at start and where the choice is remembered. */
import { en, type Messages } from './messages/en';
import { es } from './messages/es';

/** Every language the interface speaks, by its BCP 47 primary tag. */
export const LANGUAGES = {
  en: { name: 'English', messages: en },
  es: { name: 'Español', messages: es },
} as const satisfies Record<string, { name: string; messages: Messages }>;

/** A language the interface speaks. */
export type Language = keyof typeof LANGUAGES;

/** localStorage key of the language chosen last. */
export const LANGUAGE_STORAGE_KEY = 'glimpse.language';

const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && Object.hasOwn(LANGUAGES, value);

/**
 * The language to start in: the one chosen last (`stored`), else the first of the browser's
 * preferred languages (`navigator.languages`) that the interface speaks, else English.
 */
export function initialLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** The stored choice, or null where storage is missing or refused (private mode, sandbox). */
export function readStoredLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Remembers the choice; a refused write only means the next visit starts from the browser's. */
export function storeLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage refused or full: the choice still holds for this page.
  }
}

/** The browser's preferred languages, most preferred first. */
export function browserLanguages(): readonly string[] {
  const nav = globalThis.navigator;
  if (!nav) return [];
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : [];
}

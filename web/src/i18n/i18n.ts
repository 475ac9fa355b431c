/**
 * The current language and `t()`. Chinese is the default; the choice is kept in localStorage and
 * applied to <html lang>. Components re-render on change through `onLanguageChange`. The English
 * table is a separate chunk (messages-en.ts): `loadLanguage()` fetches it before it is used, so
 * Chinese users never download it.
 */
import { type MessageKey, zhCN } from './messages';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'gridwatch.lang';
const tables: Partial<Record<Language, Record<MessageKey, string>>> = { 'zh-CN': zhCN };
const listeners = new Set<() => void>();

function stored(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

let current: Language = typeof localStorage === 'undefined' ? 'zh-CN' : stored();

export const language = () => current;

/** Makes sure a language's table is here (the English one is fetched once). */
export async function loadLanguage(lang: Language): Promise<void> {
  if (tables[lang]) return;
  if (lang === 'en') tables.en = (await import('./messages-en')).en;
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    await loadLanguage(lang);
  } catch {
    return; // offline before the table was ever cached: stay in the current language
  }
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyToDocument();
  for (const listener of listeners) listener();
}

export function applyToDocument(): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = current;
  document.title = `${t('app.name')}${current === 'zh-CN' ? ' Gridwatch' : ''}`;
}

export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Params = Record<string, string | number>;

/**
 * A message with its params filled in. `{n|item|items}` picks a form by the number `n` (English
 * plurals; Chinese texts do not need it): the first form for exactly 1, the second otherwise.
 */
export function t(key: MessageKey, params?: Params): string {
  const text = tables[current]?.[key] ?? zhCN[key] ?? key;
  if (!params) return text;
  return text
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (whole, name: string, one: string, other: string) => (name in params ? (Number(params[name]) === 1 ? one : other) : whole))
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A date and time in the user's language, in the tenant's time zone when known. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(date);
}

export const formatNumber = (n: number) => new Intl.NumberFormat(current).format(n);

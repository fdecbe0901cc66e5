import { createContext, useContext } from "react";
import type { MessageKey } from "./en.ts";

export type Locale = "en" | "ja";
export const locales: { code: Locale; label: string }[] = [
  { code: "en", label: "English" },
  { code: "ja", label: "日本語" },
];

export type Dictionary = Partial<Record<MessageKey, string>>;

/**
 * The strings of each language that this process has (issue 10: the inbox's JavaScript budget).
 * - The server holds every string of both languages from the start (dictionaries.server.ts).
 * - A browser fetches only its page's language, and of it only the workspace's strings (en-core.ts,
 *   ja-core.ts), as a chunk of its own, before hydration (entry.client.tsx).
 * - Each other page's strings come with the page: a module that uses an area's keys imports
 *   app/i18n/pages/<area>.ts, which adds that area in both languages (i18n.test.ts checks the imports).
 */
const dictionaries: Record<Locale, Dictionary> = { en: {}, ja: {} };

export function provideDictionary(locale: Locale, dictionary: Dictionary) {
  Object.assign(dictionaries[locale], dictionary);
}

export function providePageStrings(en: Dictionary, ja: Dictionary) {
  provideDictionary("en", en);
  provideDictionary("ja", ja);
}

const workspaceLoaded = new Set<Locale>();

/** Fetches a language's workspace strings in the browser (a no-op once they are here). */
export async function loadDictionary(locale: Locale): Promise<void> {
  if (workspaceLoaded.has(locale)) return;
  provideDictionary(locale, locale === "ja" ? (await import("./ja-core.ts")).jaCore : (await import("./en-core.ts")).enCore);
  workspaceLoaded.add(locale);
}

export function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "ja";
}

/** Picks the best supported locale from an Accept-Language header (q-values respected). */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return "en";
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (isLocale(base)) return base;
  }
  return "en";
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * t() for a language. It reads the dictionary when called, so a translator made before the strings
 * arrived works once they have; a missing key (or language) falls back to any language at hand, then to
 * the key itself.
 */
export function translator(locale: Locale): Translate {
  return (key, vars) => {
    const text = dictionaries[locale][key] ?? dictionaries.en[key] ?? dictionaries.ja[key] ?? key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
  };
}

const I18nContext = createContext<{ locale: Locale; t: Translate }>({ locale: "en", t: translator("en") });
export const I18nProvider = I18nContext.Provider;

export function useI18n() {
  return useContext(I18nContext);
}

export function useT() {
  return useContext(I18nContext).t;
}

export type { MessageKey };

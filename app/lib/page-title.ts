import { isLocale, translator, type MessageKey } from "~/app/i18n/index.ts";

type Matches = readonly ({ id: string; data?: unknown } | undefined)[];

/**
 * "<page> · Switchboard" in the agent's language (issue 10: titles showed raw route names in English).
 * Meta functions get the root loader's locale through `matches`.
 */
export function pageTitle(matches: Matches, key: MessageKey, vars?: Record<string, string | number>, prefix?: string) {
  const t = metaTranslator(matches);
  return [{ title: `${prefix ? `${prefix} · ` : ""}${t(key, vars)} · ${t("app.name")}` }];
}

/** t() for a meta function, in the locale the root loader resolved. */
export function metaTranslator(matches: Matches) {
  const locale = (matches.find((m) => m?.id === "root")?.data as { locale?: string } | undefined)?.locale;
  return translator(isLocale(locale) ? locale : "en");
}

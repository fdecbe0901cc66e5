import type { Locale, Translate } from "~/app/i18n/index.ts";

/**
 * Formatters are built once per locale and reused: a `toLocaleString(locale, options)` call builds a
 * new Intl.DateTimeFormat each time, ~0.3 ms, and a conversation switch re-renders every timestamp's
 * title in the list and the timeline (issue 10's switch time: ≈ 15 ms of a switch went there).
 */
const formats = {
  shortDate: { month: "short", day: "numeric" },
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  time: { hour: "numeric", minute: "2-digit" },
  day: { weekday: "short", year: "numeric", month: "short", day: "numeric" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
const formatters = new Map<string, Intl.DateTimeFormat>();
function format(iso: string, locale: Locale, name: keyof typeof formats): string {
  const key = `${locale}:${name}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-US", formats[name]);
    formatters.set(key, f);
  }
  return f.format(new Date(iso));
}

/** Compact age for list rows: "just now", "5m", "3h", "2d", then a short date. */
export function shortAge(iso: string, now: number, t: Translate, locale: Locale): string {
  const then = new Date(iso).getTime();
  const diff = Math.max(0, now - then);
  const minutes = Math.floor(diff / 60_000);
  if (minutes < 1) return t("time.justNow");
  if (minutes < 60) return t("time.minutes", { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t("time.hours", { n: hours });
  const days = Math.floor(hours / 24);
  if (days < 7) return t("time.days", { n: days });
  return format(iso, locale, "shortDate");
}

export function fullDateTime(iso: string, locale: Locale): string {
  return format(iso, locale, "dateTime");
}

export function timeOfDay(iso: string, locale: Locale): string {
  return format(iso, locale, "time");
}

export function dayLabel(iso: string, locale: Locale): string {
  return format(iso, locale, "day");
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

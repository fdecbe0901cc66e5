import type { Locale, Translate } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/reports.ts";

// Numbers of the report pages, in the UI locale (issue 13): Intl for counts, dates and percents,
// durations as "2h 5m" / "2時間5分".

const intlLocale = (locale: Locale) => (locale === "ja" ? "ja-JP" : "en-US");

export function formatNumber(value: number | null, locale: Locale, maximumFractionDigits = 0): string {
  if (value === null) return "–";
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits }).format(value);
}

/** A share given as 0–100 (SLA met %, CSAT score). */
export function formatPercent(value: number | null, locale: Locale): string {
  if (value === null) return "–";
  return new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 1 }).format(value / 100);
}

/** A rate given as 0–1 (reopen rate, response rate). */
export function formatRate(value: number | null, locale: Locale): string {
  return formatPercent(value === null ? null : value * 100, locale);
}

/** Seconds as the two largest units: "45s", "12m", "2h 5m", "3d 4h". */
export function formatDuration(seconds: number | null, t: Translate): string {
  if (seconds === null) return "–";
  const s = Math.round(seconds);
  if (s < 60) return t("duration.seconds", { s });
  const minutes = Math.round(s / 60);
  if (minutes < 60) return t("duration.minutes", { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t("duration.hoursMinutes", { h: hours, m: minutes % 60 });
  return t("duration.daysHours", { d: Math.floor(hours / 24), h: hours % 24 });
}

/** A bucket's or a period's day in the UI locale ("Dec 1" / "12月1日"), in the given time zone. */
export function formatDay(iso: string, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { month: "short", day: "numeric", timeZone }).format(new Date(iso));
}

export function formatDate(iso: string, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeZone }).format(new Date(iso));
}

/** Monday-first short weekday names (weekday 1–7 as in the heatmap) in the UI locale. */
export function weekdayNames(locale: Locale): string[] {
  const format = new Intl.DateTimeFormat(intlLocale(locale), { weekday: "short", timeZone: "UTC" });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

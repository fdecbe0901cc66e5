import { describe, expect, it } from "vitest";
import { dayLabel, fullDateTime, shortAge, timeOfDay } from "./format.ts";
import { translator } from "~/app/i18n/index.ts";

const iso = "2026-03-09T04:05:00Z";

describe("date formats (one Intl.DateTimeFormat per locale and format)", () => {
  it("writes what toLocaleString writes, in English and Japanese", () => {
    for (const [locale, tag] of [
      ["en", "en-US"],
      ["ja", "ja-JP"],
    ] as const) {
      const d = new Date(iso);
      expect(fullDateTime(iso, locale)).toBe(d.toLocaleString(tag, { dateStyle: "medium", timeStyle: "short" }));
      expect(timeOfDay(iso, locale)).toBe(d.toLocaleTimeString(tag, { hour: "numeric", minute: "2-digit" }));
      expect(dayLabel(iso, locale)).toBe(d.toLocaleDateString(tag, { weekday: "short", year: "numeric", month: "short", day: "numeric" }));
      expect(shortAge(iso, d.getTime() + 30 * 86_400_000, translator(locale), locale)).toBe(
        d.toLocaleDateString(tag, { month: "short", day: "numeric" }),
      );
    }
  });
  it("keeps the locales apart", () => {
    expect(fullDateTime(iso, "ja")).not.toBe(fullDateTime(iso, "en"));
    expect(dayLabel("2026-03-10T04:05:00Z", "en")).not.toBe(dayLabel(iso, "en"));
  });
});

import "~/app/i18n/dictionaries.server.ts";
import { describe, expect, it } from "vitest";
import { translator } from "~/app/i18n/index.ts";
import { formatDuration, formatPercent, formatRate, weekdayNames } from "./report-format.ts";
import { compare } from "./report-delta.ts";

describe("report formatting", () => {
  it("writes durations with the two largest units in both languages", () => {
    const en = translator("en");
    const ja = translator("ja");
    expect([45, 720, 7500, 273_600].map((s) => formatDuration(s, en))).toEqual(["45s", "12m", "2h 5m", "3d 4h"]);
    expect([45, 720, 7500, 273_600].map((s) => formatDuration(s, ja))).toEqual(["45秒", "12分", "2時間5分", "3日4時間"]);
    expect(formatDuration(null, en)).toBe("–");
  });

  it("formats shares and rates with Intl", () => {
    expect(formatPercent(87.5, "en")).toBe("87.5%");
    expect(formatRate(0.25, "ja")).toBe("25%");
    expect(weekdayNames("ja")[0]).toBe("月");
    expect(weekdayNames("en")[6]).toBe("Sun");
  });

  it("colours a change by what counts as better", () => {
    expect(compare(120, 100, "lower-better")).toEqual({ direction: "up", difference: 20, tone: "worse" });
    expect(compare(90, 80, "higher-better")).toEqual({ direction: "up", difference: 10, tone: "better" });
    expect(compare(5, 8, "neutral")).toEqual({ direction: "down", difference: 3, tone: "neutral" });
    expect(compare(5, null, "neutral")).toBeNull();
    expect(compare(3, 3, "higher-better")?.direction).toBe("same");
  });
});

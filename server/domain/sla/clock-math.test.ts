import { describe, expect, it } from "vitest";
import type { Schedule } from "~/server/domain/business-hours/business-time.ts";
import { nextFireAt, shiftPastPause, targetTimes, type PolicyTimes } from "./clock-math.ts";

const tokyo: Schedule = {
  timezone: "Asia/Tokyo",
  intervals: [1, 2, 3, 4, 5].flatMap((day) => [
    { day, start: "09:00", end: "12:00" },
    { day, start: "13:00", end: "18:00" },
  ]),
  holidays: [],
  japaneseHolidays: true,
};
const policy = (over: Partial<PolicyTimes> = {}): PolicyTimes => ({
  firstResponseMinutes: 60,
  nextResponseMinutes: null,
  resolutionMinutes: 480,
  warnAtPercent: 75,
  calendarTargets: [],
  schedule: tokyo,
  ...over,
});
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

describe("SLA targets", () => {
  it("counts business targets in the schedule and warns at the percentage", () => {
    // Tue 11:30 JST: 60 business minutes end at 13:30 after lunch; 75% (45 min) at 13:15.
    const t = targetTimes(policy(), "first_response", new Date("2026-12-01T02:30:00Z"))!;
    expect(iso(t.dueAt)).toBe("2026-12-01T04:30:00.000Z");
    expect(iso(t.warnAt)).toBe("2026-12-01T04:15:00.000Z");
  });

  it("counts calendar targets straight, with no policy hours or when listed as calendar", () => {
    const from = new Date("2026-12-01T02:30:00Z");
    expect(iso(targetTimes(policy({ schedule: null }), "first_response", from)!.dueAt)).toBe("2026-12-01T03:30:00.000Z");
    expect(iso(targetTimes(policy({ calendarTargets: ["resolution"] }), "resolution", from)!.dueAt)).toBe("2026-12-01T10:30:00.000Z");
    expect(targetTimes(policy(), "next_response", from)).toBeNull();
    expect(targetTimes(policy({ warnAtPercent: 0 }), "first_response", from)!.warnAt).toBeNull();
  });
});

describe("pauses", () => {
  it("moves a calendar due time by the length of the pause", () => {
    const due = new Date("2026-12-01T10:00:00Z");
    expect(iso(shiftPastPause(null, due, new Date("2026-12-01T09:00:00Z"), new Date("2026-12-01T09:30:00Z")))).toBe(
      "2026-12-01T10:30:00.000Z",
    );
  });

  it("keeps the business time left: paused Friday afternoon, resumed Monday morning", () => {
    // Due Fri 17:30 JST, paused Fri 17:00 (30 business minutes left), resumed Mon 10:00 → due Mon 10:30.
    const due = new Date("2026-12-04T08:30:00Z");
    const shifted = shiftPastPause(tokyo, due, new Date("2026-12-04T08:00:00Z"), new Date("2026-12-07T01:00:00Z"));
    expect(iso(shifted)).toBe("2026-12-07T01:30:00.000Z");
  });

  it("leaves an instant that had passed before the pause", () => {
    const warn = new Date("2026-12-04T07:00:00Z");
    expect(iso(shiftPastPause(tokyo, warn, new Date("2026-12-04T08:00:00Z"), new Date("2026-12-07T01:00:00Z")))).toBe(iso(warn));
  });
});

describe("nextFireAt", () => {
  const base = {
    dueAt: new Date("2026-12-01T10:00:00Z"),
    warnAt: new Date("2026-12-01T09:00:00Z"),
    warnedAt: null,
    breachedAt: null,
    pausedAt: null,
    stoppedAt: null,
  };
  it("is the warning, then the due time, then nothing", () => {
    expect(iso(nextFireAt(base))).toBe("2026-12-01T09:00:00.000Z");
    expect(iso(nextFireAt({ ...base, warnedAt: base.warnAt }))).toBe("2026-12-01T10:00:00.000Z");
    expect(nextFireAt({ ...base, warnedAt: base.warnAt, breachedAt: base.dueAt })).toBeNull();
  });
  it("is nothing while paused or once stopped", () => {
    expect(nextFireAt({ ...base, pausedAt: new Date() })).toBeNull();
    expect(nextFireAt({ ...base, stoppedAt: new Date() })).toBeNull();
  });
});

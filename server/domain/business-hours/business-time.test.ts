import { describe, expect, it } from "vitest";
import { addBusinessMinutes, businessSecondsBetween, isOpenAt, nextOpening, type Schedule } from "./business-time.ts";

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
const tokyo: Schedule = {
  timezone: "Asia/Tokyo",
  // A lunch break: two intervals per day.
  intervals: [...weekdays("09:00", "12:00"), ...weekdays("13:00", "18:00")],
  holidays: ["2026-12-31"],
  japaneseHolidays: true,
};
const utc = (iso: string) => new Date(iso);

describe("business hours in Asia/Tokyo with a lunch break and holidays", () => {
  it("is open in the morning and afternoon, closed at lunch, at night and on weekends", () => {
    expect(isOpenAt(tokyo, utc("2026-12-01T00:00:00Z"))).toBe(true); // Tue 09:00 JST
    expect(isOpenAt(tokyo, utc("2026-12-01T03:30:00Z"))).toBe(false); // 12:30 lunch
    expect(isOpenAt(tokyo, utc("2026-12-01T04:00:00Z"))).toBe(true); // 13:00
    expect(isOpenAt(tokyo, utc("2026-12-01T09:00:00Z"))).toBe(false); // 18:00, end is exclusive
    expect(isOpenAt(tokyo, utc("2026-12-05T01:00:00Z"))).toBe(false); // Saturday 10:00
  });

  it("closes on the listed dates and on Japanese public holidays", () => {
    expect(isOpenAt(tokyo, utc("2026-12-31T01:00:00Z"))).toBe(false); // listed
    expect(isOpenAt(tokyo, utc("2027-01-11T01:00:00Z"))).toBe(false); // 成人の日 (Mon)
    expect(isOpenAt({ ...tokyo, japaneseHolidays: false }, utc("2027-01-11T01:00:00Z"))).toBe(true);
  });

  it("finds the next opening across lunch, nights, weekends and holidays", () => {
    expect(nextOpening(tokyo, utc("2026-12-01T03:10:00Z"))?.toISOString()).toBe("2026-12-01T04:00:00.000Z");
    expect(nextOpening(tokyo, utc("2026-12-01T02:00:00Z"))?.toISOString()).toBe("2026-12-01T02:00:00.000Z"); // open now
    // Friday 2026-12-04 19:00 JST → Monday 2026-12-07 09:00 JST.
    expect(nextOpening(tokyo, utc("2026-12-04T10:00:00Z"))?.toISOString()).toBe("2026-12-07T00:00:00.000Z");
    // Wed 2026-12-30 evening → 12-31 listed, 2027-01-01 元日, weekend → Mon 2027-01-04.
    expect(nextOpening(tokyo, utc("2026-12-30T10:00:00Z"))?.toISOString()).toBe("2027-01-04T00:00:00.000Z");
    expect(nextOpening({ ...tokyo, intervals: [] }, utc("2026-12-01T00:00:00Z"))).toBeNull();
  });

  it("adds business minutes over lunch and over the weekend", () => {
    // Tue 11:30 + 60 min → 30 before lunch, 30 after: 13:30.
    expect(addBusinessMinutes(tokyo, utc("2026-12-01T02:30:00Z"), 60)?.toISOString()).toBe("2026-12-01T04:30:00.000Z");
    // Friday 17:30 + 60 → 30 on Friday, 30 on Monday: Mon 09:30.
    expect(addBusinessMinutes(tokyo, utc("2026-12-04T08:30:00Z"), 60)?.toISOString()).toBe("2026-12-07T00:30:00.000Z");
    // From outside the hours the clock starts at the opening; a target ending at closing ends there.
    expect(addBusinessMinutes(tokyo, utc("2026-12-05T01:00:00Z"), 480)?.toISOString()).toBe("2026-12-07T09:00:00.000Z");
    expect(addBusinessMinutes(tokyo, utc("2026-12-01T02:00:00Z"), 0)?.toISOString()).toBe("2026-12-01T02:00:00.000Z");
  });

  it("counts business seconds between two instants", () => {
    // Tue 08:00 → 19:00 JST: 3 h + 5 h.
    expect(businessSecondsBetween(tokyo, utc("2026-12-01T23:00:00Z"), utc("2026-12-02T10:00:00Z"))).toBe(8 * 3600);
    // Friday 17:00 → Monday 10:00: 1 h + 1 h.
    expect(businessSecondsBetween(tokyo, utc("2026-12-04T08:00:00Z"), utc("2026-12-07T01:00:00Z"))).toBe(2 * 3600);
    expect(businessSecondsBetween(tokyo, utc("2026-12-07T01:00:00Z"), utc("2026-12-04T08:00:00Z"))).toBe(0);
    // A whole year of a long range is counted too: 2027 has 240 business days in Japan with this list.
    const year = businessSecondsBetween(tokyo, utc("2026-12-31T15:00:00Z"), utc("2027-12-31T15:00:00Z"));
    expect(year % (8 * 3600)).toBe(0);
    expect(year / (8 * 3600)).toBeGreaterThan(230);
  });

  it("round-trips: the business time to addBusinessMinutes' result is the minutes added", () => {
    const from = utc("2026-12-03T05:17:00Z");
    for (const minutes of [1, 45, 200, 481, 3000]) {
      const due = addBusinessMinutes(tokyo, from, minutes)!;
      expect(businessSecondsBetween(tokyo, from, due)).toBe(minutes * 60);
    }
  });
});

describe("DST zones", () => {
  const ny: Schedule = { timezone: "America/New_York", intervals: weekdays("09:00", "17:00"), holidays: [], japaneseHolidays: false };
  const berlin: Schedule = {
    timezone: "Europe/Berlin",
    intervals: [0, 1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" })),
    holidays: [],
    japaneseHolidays: false,
  };

  it("opens at 09:00 local time on both sides of a DST change", () => {
    // New York springs forward on Sunday 2027-03-14: 09:00 is 14:00Z before, 13:00Z after.
    expect(nextOpening(ny, utc("2027-03-12T22:30:00Z"))?.toISOString()).toBe("2027-03-15T13:00:00.000Z");
    expect(isOpenAt(ny, utc("2027-03-12T14:00:00Z"))).toBe(true);
    expect(isOpenAt(ny, utc("2027-03-15T13:30:00Z"))).toBe(true);
    expect(isOpenAt(ny, utc("2027-03-15T21:30:00Z"))).toBe(false); // 17:30 EDT
  });

  it("adds business minutes across the weekend of a DST change", () => {
    // Friday 16:00 EST + 120 min → 60 Friday, 60 Monday: 10:00 EDT = 14:00Z.
    expect(addBusinessMinutes(ny, utc("2027-03-12T21:00:00Z"), 120)?.toISOString()).toBe("2027-03-15T14:00:00.000Z");
  });

  it("counts a 23-hour and a 25-hour day as they are", () => {
    // Berlin: 2027-03-28 has 23 hours, 2027-10-31 has 25; a schedule open around the clock counts them exactly.
    expect(businessSecondsBetween(berlin, utc("2027-03-27T23:00:00Z"), utc("2027-03-28T22:00:00Z"))).toBe(23 * 3600);
    expect(businessSecondsBetween(berlin, utc("2027-10-30T22:00:00Z"), utc("2027-10-31T23:00:00Z"))).toBe(25 * 3600);
  });
});

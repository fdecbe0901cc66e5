import holidayJp from "@holiday-jp/holiday_jp";
import { DateTime } from "luxon";

/**
 * Business-hours arithmetic over one schedule (issue 12), pure and in UTC instants: the schedule's
 * IANA zone (luxon) turns each local day's intervals into instants, so DST days are as long as they
 * really are. Holidays are local dates (`2026-12-31`), plus Japan's public holidays from
 * `@holiday-jp/holiday_jp` when `japaneseHolidays` is set. See docs/decisions/016-sla-clocks.md.
 */
export interface Schedule {
  timezone: string;
  /** day 1–7 (Mon=1); "HH:MM" local times, end after start ("24:00" = midnight at the end of the day). */
  intervals: { day: number; start: string; end: string }[];
  holidays: string[];
  japaneseHolidays: boolean;
}

/** Days looked ahead before a schedule counts as never open (a year covers any holiday list). */
const HORIZON_DAYS = 400;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
};

function isHoliday(s: Schedule, day: DateTime) {
  const iso = day.toISODate()!;
  if (s.holidays.includes(iso)) return true;
  // Looked up by the ISO date key: isHoliday(Date) formats in the process's own time zone.
  return s.japaneseHolidays && Object.hasOwn(holidayJp.holidays, iso);
}

/** The open windows [start, end) of one local day, as epoch milliseconds, in order. */
function windowsOfDay(s: Schedule, day: DateTime): [number, number][] {
  if (isHoliday(s, day)) return [];
  // Wall-clock times of that day; on a DST change the day is 23 or 25 hours long and luxon places each time right.
  const at = (minutes: number) =>
    minutes >= 1440
      ? day.plus({ days: 1 }).startOf("day").toMillis()
      : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
  return s.intervals
    .filter((i) => i.day === day.weekday)
    .map((i) => [minutesOf(i.start), minutesOf(i.end)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0])
    .map(([a, b]) => [at(a), at(b)]);
}

/** Open windows from the local day containing `from` onwards, clipped to start at `from`. */
function* windowsFrom(s: Schedule, from: Date, days = HORIZON_DAYS): Generator<[number, number]> {
  const t = from.getTime();
  let day = DateTime.fromMillis(t, { zone: s.timezone }).startOf("day");
  for (let i = 0; i < days; i++, day = day.plus({ days: 1 }).startOf("day")) {
    for (const [a, b] of windowsOfDay(s, day)) {
      if (b <= t) continue;
      yield [Math.max(a, t), b];
    }
  }
}

export function isOpenAt(s: Schedule, at: Date): boolean {
  const t = at.getTime();
  const day = DateTime.fromMillis(t, { zone: s.timezone }).startOf("day");
  return windowsOfDay(s, day).some(([a, b]) => a <= t && t < b);
}

/** The first open instant at or after `from` (`from` itself when open); null if the schedule never opens. */
export function nextOpening(s: Schedule, from: Date): Date | null {
  for (const [a] of windowsFrom(s, from)) return new Date(a);
  return null;
}

/**
 * The instant `minutes` business minutes after `from`. A target counted from outside the hours starts
 * at the next opening; one that ends exactly at a closing time ends there. Null if the schedule never opens.
 */
export function addBusinessMinutes(s: Schedule, from: Date, minutes: number): Date | null {
  return addBusinessMillis(s, from, Math.round(minutes * 60_000));
}

export function addBusinessMillis(s: Schedule, from: Date, ms: number): Date | null {
  let left = ms;
  if (left <= 0) return from;
  for (const [a, b] of windowsFrom(s, from)) {
    if (b - a >= left) return new Date(a + left);
    left -= b - a;
  }
  return null;
}

/**
 * Business seconds between two instants: the time inside the schedule's open windows in [from, to),
 * whole seconds rounded down; 0 when `to` is not after `from`. For reports (first response time in
 * business hours) as well as for moving SLA targets across pauses.
 */
export function businessSecondsBetween(s: Schedule, from: Date, to: Date): number {
  const end = to.getTime();
  if (end <= from.getTime()) return 0;
  let ms = 0;
  const days = Math.ceil((end - from.getTime()) / 86_400_000) + 2;
  for (const [a, b] of windowsFrom(s, from, days)) {
    if (a >= end) break;
    ms += Math.min(b, end) - a;
  }
  return Math.floor(ms / 1000);
}

import type { SlaTarget } from "~/common/vocabulary.ts";
import { addBusinessMillis, businessSecondsBetween, type Schedule } from "~/server/domain/business-hours/business-time.ts";

/**
 * Pure SLA clock arithmetic (decision 016). A clock counts in its policy's business hours, or in
 * calendar time when the policy has none or lists the target in `calendarTargets`.
 */
export interface PolicyTimes {
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  warnAtPercent: number;
  calendarTargets: string[];
  schedule: Schedule | null;
}

export const minutesFor = (p: PolicyTimes, target: SlaTarget) =>
  target === "first_response" ? p.firstResponseMinutes : target === "next_response" ? p.nextResponseMinutes : p.resolutionMinutes;

export const scheduleFor = (p: PolicyTimes, target: SlaTarget) => (p.calendarTargets.includes(target) ? null : p.schedule);

/** Adds a span in the clock's time: business time inside the schedule, else calendar time. */
export function addSpan(schedule: Schedule | null, from: Date, ms: number): Date | null {
  return schedule ? addBusinessMillis(schedule, from, ms) : new Date(from.getTime() + ms);
}

/** Due and warning instants of a target started at `startedAt`; null when the policy has no such target. */
export function targetTimes(p: PolicyTimes, target: SlaTarget, startedAt: Date): { dueAt: Date; warnAt: Date | null } | null {
  const minutes = minutesFor(p, target);
  if (minutes == null) return null;
  const schedule = scheduleFor(p, target);
  const dueAt = addSpan(schedule, startedAt, minutes * 60_000);
  // A schedule that never opens again cannot be breached.
  if (!dueAt) return null;
  const warnAt =
    p.warnAtPercent > 0 && p.warnAtPercent < 100 ? addSpan(schedule, startedAt, (minutes * 60_000 * p.warnAtPercent) / 100) : null;
  return { dueAt, warnAt };
}

/**
 * Moves an instant of a paused clock past the pause: what was left of it at `pausedAt` is left at
 * `resumedAt` (business seconds inside the schedule, milliseconds in calendar time). An instant that
 * had already passed when the pause began stays where it was.
 */
export function shiftPastPause(schedule: Schedule | null, at: Date, pausedAt: Date, resumedAt: Date): Date {
  if (at <= pausedAt) return at;
  if (!schedule) return new Date(at.getTime() + Math.max(0, resumedAt.getTime() - pausedAt.getTime()));
  const left = businessSecondsBetween(schedule, pausedAt, at) * 1000;
  return addBusinessMillis(schedule, resumedAt, left) ?? at;
}

/** The next moment the timer must look at a clock: its warning, then its due time; null when nothing is left. */
export function nextFireAt(c: {
  dueAt: Date;
  warnAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  pausedAt: Date | null;
  stoppedAt: Date | null;
}): Date | null {
  if (c.stoppedAt || c.pausedAt) return null;
  if (c.warnAt && !c.warnedAt && !c.breachedAt) return c.warnAt;
  return c.breachedAt ? null : c.dueAt;
}

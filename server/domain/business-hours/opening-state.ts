import type { AppContext } from "~/server/context.ts";
import { isOpenAt, nextOpening, type Schedule } from "./business-time.ts";

/** Whether the hours that apply are open now, and when they open next (the "we're closed" state). */
export interface OpeningState {
  businessHoursId: string;
  name: string;
  timezone: string;
  open: boolean;
  nextOpeningAt: string | null;
}

const scheduleSelect = { id: true, name: true, timezone: true, intervals: true, holidays: true, japaneseHolidays: true } as const;

/**
 * The hours that apply to a conversation or channel: `prefer` decides whose hours win when both the
 * department and the inbox have some (agents and rules: the department's; the chat widget: the
 * inbox's). Null when neither has hours (always open).
 */
export async function scheduleOf(
  ctx: AppContext,
  where: { inboxId: string; departmentId?: string | null },
  prefer: "department" | "inbox",
): Promise<(Schedule & { id: string; name: string }) | null> {
  const inbox = await ctx.db.inbox.findUnique({
    where: { id: where.inboxId },
    select: { departmentId: true, businessHours: { select: scheduleSelect } },
  });
  if (!inbox) return null;
  const departmentId = where.departmentId === undefined ? inbox.departmentId : where.departmentId;
  const department = departmentId
    ? await ctx.db.department.findUnique({ where: { id: departmentId }, select: { businessHours: { select: scheduleSelect } } })
    : null;
  const hours =
    prefer === "department" ? (department?.businessHours ?? inbox.businessHours) : (inbox.businessHours ?? department?.businessHours);
  return hours ? { ...hours, intervals: hours.intervals as Schedule["intervals"] } : null;
}

/** The opening state of a conversation or channel (see scheduleOf); null when no hours apply. */
export async function openingStateOf(
  ctx: AppContext,
  where: { inboxId: string; departmentId?: string | null },
  prefer: "department" | "inbox",
  now = new Date(),
): Promise<OpeningState | null> {
  return openingStateOfSchedule(await scheduleOf(ctx, where, prefer), now);
}

/** The opening state of hours the caller already read (with `scheduleSelect`'s columns); null for none. */
export function openingStateOfSchedule(schedule: (Schedule & { id: string; name: string }) | null, now = new Date()): OpeningState | null {
  if (!schedule) return null;
  const open = isOpenAt(schedule, now);
  return {
    businessHoursId: schedule.id,
    name: schedule.name,
    timezone: schedule.timezone,
    open,
    nextOpeningAt: open ? null : (nextOpening(schedule, now)?.toISOString() ?? null),
  };
}

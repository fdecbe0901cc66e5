import { DateTime } from "luxon";
import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { AppError, notFound, parseInput } from "~/server/lib/errors.ts";
import type { Schedule } from "./business-time.ts";
import { definitionChange, recordAudit } from "~/server/domain/audit/record-audit.ts";

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time "HH:MM" (00:00–24:00)');
export const businessHoursInterval = z
  .object({ day: z.number().int().min(1).max(7), start: time, end: time })
  .strict()
  .refine((i) => i.end > i.start, { message: "end must be after start", path: ["end"] });

const fields = {
  name: z.string().trim().min(1).max(120),
  timezone: z
    .string()
    .trim()
    .refine((zone) => DateTime.now().setZone(zone).isValid, "an IANA time zone such as Asia/Tokyo"),
  intervals: z.array(businessHoursInterval).max(70),
  holidays: z.array(z.iso.date()).max(1000),
  japaneseHolidays: z.boolean(),
};
/** `timezone` defaults to Asia/Tokyo on a Japanese locale, UTC otherwise (the caller passes the locale). */
export const newBusinessHours = z
  .object({
    ...fields,
    timezone: fields.timezone.optional(),
    intervals: fields.intervals.default([]),
    holidays: fields.holidays.default([]),
    japaneseHolidays: fields.japaneseHolidays.optional(),
  })
  .strict();
export const businessHoursPatch = z.object(fields).partial().strict();

const select = { id: true, name: true, timezone: true, intervals: true, holidays: true, japaneseHolidays: true, createdAt: true } as const;

export type BusinessHoursRow = { id: string; name: string } & Schedule & { createdAt: Date };

const toRow = (r: { intervals: unknown } & Omit<BusinessHoursRow, "intervals">): BusinessHoursRow => ({
  ...r,
  intervals: r.intervals as Schedule["intervals"],
});

export async function listBusinessHours(ctx: AppContext) {
  const rows = await ctx.db.businessHours.findMany({ orderBy: { name: "asc" }, select });
  return rows.map(toRow);
}

export async function getBusinessHours(ctx: AppContext, id: string) {
  const row = await ctx.db.businessHours.findUnique({ where: { id }, select });
  if (!row) throw notFound("Business hours");
  return toRow(row);
}

export async function createBusinessHours(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(newBusinessHours, raw);
  const japanese = actor.locale === "ja";
  const data = {
    ...input,
    timezone: input.timezone ?? (japanese ? "Asia/Tokyo" : "UTC"),
    japaneseHolidays: input.japaneseHolidays ?? japanese,
  };
  return toRow(
    await unique(() =>
      ctx.db.$transaction(async (tx) => {
        const row = await tx.businessHours.create({ data, select });
        await recordAudit(tx, definitionChange(actor, "business_hours.created", row, { after: data }));
        return row;
      }),
    ),
  );
}

export async function updateBusinessHours(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  requireRole(actor, "admin");
  const patch = parseInput(businessHoursPatch, raw);
  const current = await getBusinessHours(ctx, id);
  return toRow(
    await unique(() =>
      ctx.db.$transaction(async (tx) => {
        const row = await tx.businessHours.update({ where: { id }, data: patch, select });
        const old = Object.fromEntries(Object.keys(patch).map((k) => [k, current[k as keyof typeof current]]));
        await recordAudit(tx, definitionChange(actor, "business_hours.updated", row, { before: old, after: patch }));
        return row;
      }),
    ),
  );
}

/** Departments, inboxes and SLA policies using it fall back to none (calendar time). */
export async function deleteBusinessHours(ctx: AppContext, actor: Actor, id: string) {
  requireRole(actor, "admin");
  const current = await getBusinessHours(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    await tx.businessHours.delete({ where: { id } });
    await recordAudit(tx, definitionChange(actor, "business_hours.deleted", current, { before: current }));
  });
}

async function unique<T>(fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", "Other business hours already have this name");
    throw err;
  }
}

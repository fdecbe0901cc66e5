import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { badRequest, notFound, parseInput } from "~/server/lib/errors.ts";

/** Which opening hours a department or an inbox keeps; null = none of its own. */
export const businessHoursAssignment = z.object({ businessHoursId: z.string().min(1).max(64).nullable() }).strict();

export async function setDepartmentBusinessHours(ctx: AppContext, actor: Actor, departmentId: string, raw: unknown) {
  requireRole(actor, "admin");
  const { businessHoursId } = parseInput(businessHoursAssignment, raw);
  await checkExists(ctx, businessHoursId);
  const { count } = await ctx.db.department.updateMany({ where: { id: departmentId }, data: { businessHoursId } });
  if (count === 0) throw notFound("Department");
  return { departmentId, businessHoursId };
}

export async function setInboxBusinessHours(ctx: AppContext, actor: Actor, inboxId: string, raw: unknown) {
  requireRole(actor, "admin");
  const { businessHoursId } = parseInput(businessHoursAssignment, raw);
  await checkExists(ctx, businessHoursId);
  const { count } = await ctx.db.inbox.updateMany({ where: { id: inboxId }, data: { businessHoursId } });
  if (count === 0) throw notFound("Inbox");
  return { inboxId, businessHoursId };
}

async function checkExists(ctx: AppContext, id: string | null) {
  if (id && !(await ctx.db.businessHours.findUnique({ where: { id }, select: { id: true } }))) {
    throw badRequest("businessHoursId: unknown business hours");
  }
}

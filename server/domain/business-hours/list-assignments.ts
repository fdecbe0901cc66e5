import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";

/** Which business hours each department and inbox keeps, for the admin page (admins only). */
export async function listBusinessHoursAssignments(ctx: AppContext, actor: Actor) {
  requireRole(actor, "admin");
  const [departments, inboxes] = await Promise.all([
    ctx.db.department.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, businessHoursId: true } }),
    ctx.db.inbox.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, businessHoursId: true } }),
  ]);
  return { departments, inboxes };
}

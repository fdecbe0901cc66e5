import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { isAdmin } from "~/server/domain/access.ts";

/** A department's settings as admins see and edit them. */
export const departmentSettingsSelect = {
  id: true,
  name: true,
  restricted: true,
  autoAssign: true,
  reassignOfflineAfterMinutes: true,
  slackInboxId: true,
  slackChannelId: true,
  members: { select: { userId: true } },
} as const;

/** Departments for every agent; settings and members only for admins. */
export async function listDepartments(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db.department.findMany({ orderBy: { name: "asc" }, select: departmentSettingsSelect });
  return rows.map(({ members, ...d }) =>
    isAdmin(actor) ? { ...d, memberIds: members.map((m) => m.userId) } : { id: d.id, name: d.name, restricted: d.restricted },
  );
}

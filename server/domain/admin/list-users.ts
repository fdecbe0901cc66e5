import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";

/** Every user for the admin page, deactivated ones included (the directory lists active users only). */
export async function listUsers(ctx: AppContext, actor: Actor) {
  requireRole(actor, "admin");
  const rows = await ctx.db.user.findMany({
    orderBy: [{ disabledAt: { sort: "desc", nulls: "first" } }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      capacity: true,
      disabledAt: true,
      memberships: { select: { departmentId: true } },
    },
  });
  return rows.map(({ memberships, disabledAt, ...u }) => ({
    ...u,
    deactivated: !!disabledAt,
    departmentIds: memberships.map((m) => m.departmentId),
  }));
}

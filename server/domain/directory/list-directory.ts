import type { AppContext } from "~/server/context.ts";

/** Agents and departments for pickers (assignee, department, mentions). */
export async function listDirectory(ctx: AppContext) {
  const [users, departments] = await Promise.all([
    ctx.db.user.findMany({
      where: { disabledAt: null },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        reading: true,
        email: true,
        role: true,
        status: true,
        capacity: true,
        memberships: { select: { departmentId: true } },
      },
    }),
    ctx.db.department.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, restricted: true } }),
  ]);
  return {
    users: users.map(({ memberships, ...u }) => ({ ...u, departmentIds: memberships.map((m) => m.departmentId) })),
    departments,
  };
}

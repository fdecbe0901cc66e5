import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { viewWhere } from "./list-conversations.ts";
import { isUnread } from "./read-state.ts";

/** Counts for the navigation: active conversations per view, department and status, and unread ones. */
export async function countConversations(ctx: AppContext, actor: Actor) {
  const active = { status: "active" as const };
  const unread = { mine: 0, unassigned: 0, all: 0, byDepartment: {} as Record<string, number> };
  // Active conversations with a customer message are a working set (not history): read them once.
  const waiting = await ctx.db.conversation.findMany({
    where: { AND: [viewWhere(actor, active), { lastCustomerMessageAt: { not: null } }] },
    select: {
      assigneeId: true,
      departmentId: true,
      lastCustomerMessageAt: true,
      reads: { where: { userId: actor.id }, select: { lastReadAt: true } },
    },
  });
  for (const c of waiting) {
    if (!isUnread(c.lastCustomerMessageAt, c.reads[0]?.lastReadAt)) continue;
    unread.all++;
    if (c.assigneeId === actor.id) unread.mine++;
    if (c.assigneeId === null) unread.unassigned++;
    const d = c.departmentId ?? "none";
    unread.byDepartment[d] = (unread.byDepartment[d] ?? 0) + 1;
  }
  const [mine, unassigned, all, byDepartment, byStatus] = await Promise.all([
    ctx.db.conversation.count({ where: viewWhere(actor, { ...active, view: "mine" }) }),
    ctx.db.conversation.count({ where: viewWhere(actor, { ...active, view: "unassigned" }) }),
    ctx.db.conversation.count({ where: viewWhere(actor, active) }),
    ctx.db.conversation.groupBy({ by: ["departmentId"], where: viewWhere(actor, active), _count: { _all: true } }),
    ctx.db.conversation.groupBy({ by: ["status"], where: viewWhere(actor, {}), _count: { _all: true } }),
  ]);
  return {
    mine,
    unassigned,
    all,
    byDepartment: Object.fromEntries(byDepartment.map((d) => [d.departmentId ?? "none", d._count._all])),
    byStatus: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])),
    unread,
  };
}

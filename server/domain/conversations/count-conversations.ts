import type { AppContext } from "../../context.ts";
import type { Actor } from "../access.ts";
import { viewWhere } from "./list-conversations.ts";

/** Counts for the navigation: active conversations per view, department and status. */
export async function countConversations(ctx: AppContext, actor: Actor) {
  const active = { status: "active" as const };
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
  };
}

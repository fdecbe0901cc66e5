import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import type { ConversationStatus } from "~/common/vocabulary.ts";
import { viewWhere } from "./list-conversations.ts";
import { isUnread } from "./read-state.ts";

/** The statuses the navigation counts: the working set, never the history (resolved, closed). */
const COUNTED: ConversationStatus[] = ["open", "pending", "snoozed"];
const isActive = (status: ConversationStatus) => status === "open" || status === "pending";

/**
 * Counts for the navigation: active conversations per view, department and status, and unread ones.
 * Two queries over the working set, both on the status index (issue 18: six queries per page, one
 * of them grouping every conversation ever): one grouped count from which the views, departments
 * and statuses are summed, and the waiting conversations with the actor's read marks.
 */
export async function countConversations(ctx: AppContext, actor: Actor) {
  const [groups, waiting] = await Promise.all([
    ctx.db.conversation.groupBy({
      by: ["status", "departmentId", "assigneeId"],
      where: { AND: [viewWhere(actor, {}), { status: { in: COUNTED } }] },
      _count: { _all: true },
    }),
    // Active conversations with a customer message are a working set (not history): read them once.
    ctx.db.conversation.findMany({
      where: { AND: [viewWhere(actor, { status: "active" }), { lastCustomerMessageAt: { not: null } }] },
      select: {
        assigneeId: true,
        departmentId: true,
        lastCustomerMessageAt: true,
        reads: { where: { userId: actor.id }, select: { lastReadAt: true } },
      },
    }),
  ]);
  const counts = { mine: 0, unassigned: 0, all: 0, byDepartment: {} as Record<string, number>, byStatus: {} as Record<string, number> };
  for (const g of groups) {
    const n = g._count._all;
    counts.byStatus[g.status] = (counts.byStatus[g.status] ?? 0) + n;
    if (!isActive(g.status)) continue;
    counts.all += n;
    if (g.assigneeId === actor.id) counts.mine += n;
    if (g.assigneeId === null) counts.unassigned += n;
    const d = g.departmentId ?? "none";
    counts.byDepartment[d] = (counts.byDepartment[d] ?? 0) + n;
  }
  const unread = { mine: 0, unassigned: 0, all: 0, byDepartment: {} as Record<string, number> };
  for (const c of waiting) {
    if (!isUnread(c.lastCustomerMessageAt, c.reads[0]?.lastReadAt)) continue;
    unread.all++;
    if (c.assigneeId === actor.id) unread.mine++;
    if (c.assigneeId === null) unread.unassigned++;
    const d = c.departmentId ?? "none";
    unread.byDepartment[d] = (unread.byDepartment[d] ?? 0) + 1;
  }
  return { ...counts, unread };
}

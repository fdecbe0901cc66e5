import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import type { ConversationStatus } from "~/common/vocabulary.ts";
import { visibleConversationSql } from "~/server/domain/access.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { viewWhere } from "./list-conversations.ts";

/** The statuses the navigation counts: the working set, never the history (resolved, closed). */
const COUNTED: ConversationStatus[] = ["open", "pending", "snoozed"];
const isActive = (status: ConversationStatus) => status === "open" || status === "pending";

/**
 * Counts for the navigation: active conversations per view, department and status, and unread ones.
 * Two statements over the working set, both on the status index (issue 18: six queries per page, one
 * of them grouping every conversation ever): one grouped count from which the views, departments
 * and statuses are summed, and the unread waiting conversations (a customer message newer than the
 * actor's read mark) grouped the same way. The unread count runs after every conversation switch (the
 * read mark moved), so it is one statement that returns groups, not the waiting rows and their marks.
 */
export async function countConversations(ctx: AppContext, actor: Actor) {
  const [groups, waiting] = await Promise.all([
    ctx.db.conversation.groupBy({
      by: ["status", "departmentId", "assigneeId"],
      where: { AND: [viewWhere(actor, {}), { status: { in: COUNTED } }] },
      _count: { _all: true },
    }),
    // As viewWhere(actor, { status: "active" }) with a customer message, and isUnread.
    ctx.db.$queryRaw<{ assigneeId: string | null; departmentId: string | null; n: number }[]>`
      SELECT c."assigneeId", c."departmentId", count(*)::int AS n
      FROM "Conversation" c
      LEFT JOIN "ConversationRead" r ON r."conversationId" = c.id AND r."userId" = ${actor.id}
      WHERE c.status IN ('open', 'pending') AND c."mergedIntoId" IS NULL AND c."lastCustomerMessageAt" IS NOT NULL
        AND (r."lastReadAt" IS NULL OR r."lastReadAt" < c."lastCustomerMessageAt")
        AND ${visibleConversationSql(actor, Prisma.raw("c"))}
      GROUP BY c."assigneeId", c."departmentId"`,
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
  for (const { assigneeId, departmentId, n } of waiting) {
    unread.all += n;
    if (assigneeId === actor.id) unread.mine += n;
    if (assigneeId === null) unread.unassigned += n;
    const d = departmentId ?? "none";
    unread.byDepartment[d] = (unread.byDepartment[d] ?? 0) + n;
  }
  return { ...counts, unread };
}

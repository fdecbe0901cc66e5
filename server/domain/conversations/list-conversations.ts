import type { Prisma } from "~/server/db/generated/client.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleConversationWhere } from "~/server/domain/access.ts";
import { afterCursor, clampLimit, decodeCursor, encodeCursor } from "~/server/lib/cursor.ts";
import { conversationSummarySelect, lastMessages, serializeConversation } from "./serialize-conversation.ts";
import { slaSummaries } from "~/server/domain/sla/serialize-sla.ts";
import type { InboxView, StatusFilter } from "~/common/vocabulary.ts";
import { isUnread, readMarks } from "./read-state.ts";

export interface ListConversationsInput {
  view?: InboxView;
  status?: StatusFilter;
  departmentId?: string;
  assigneeId?: string;
  contactId?: string;
  cursor?: string | null;
  limit?: number;
}

/** "active" = what still needs attention: open and pending (snoozed ones wake up by themselves). */
export function statusWhere(status: ListConversationsInput["status"]): Prisma.ConversationWhereInput {
  if (!status) return {};
  if (status === "active") return { status: { in: ["open", "pending"] } };
  return { status };
}

export function viewWhere(actor: Actor, input: ListConversationsInput): Prisma.ConversationWhereInput {
  return {
    AND: [
      visibleConversationWhere(actor),
      { mergedIntoId: null },
      statusWhere(input.status),
      input.view === "mine" ? { assigneeId: actor.id } : {},
      input.view === "unassigned" ? { assigneeId: null } : {},
      input.departmentId ? { departmentId: input.departmentId } : {},
      input.assigneeId ? { assigneeId: input.assigneeId } : {},
      input.contactId ? { contactId: input.contactId } : {},
    ],
  };
}

/** Inbox list: newest activity first, keyset-paginated, one extra query for last messages. */
export async function listConversations(ctx: AppContext, actor: Actor, input: ListConversationsInput) {
  const limit = clampLimit(input.limit);
  const cursor = decodeCursor(input.cursor);
  const rows = await ctx.db.conversation.findMany({
    where: {
      AND: [viewWhere(actor, input), afterCursor<Prisma.ConversationWhereInput>("lastActivityAt", cursor)],
    },
    orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: conversationSummarySelect,
  });
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  const [last, reads, sla] = [await lastMessages(ctx.db, ids), await readMarks(ctx, actor, ids), await slaSummaries(ctx.db, ids)];
  const tail = page.at(-1);
  return {
    items: page.map((r) => ({
      ...serializeConversation(r, last.get(r.id) ?? null, sla.get(r.id) ?? null),
      unread: isUnread(r.lastCustomerMessageAt, reads.get(r.id)),
      lastReadAt: reads.get(r.id)?.toISOString() ?? null,
    })),
    nextCursor: rows.length > limit && tail ? encodeCursor(tail.lastActivityAt, tail.id) : null,
  };
}

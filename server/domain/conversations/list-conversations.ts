import { Prisma } from "~/server/db/generated/client.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleConversationSql, visibleConversationWhere } from "~/server/domain/access.ts";
import type { ConversationFilter } from "~/common/customer-filter.ts";
import { compileConversationFilter } from "~/server/domain/attributes/compile-conversation-filter.ts";
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
  /** Attribute filter (common/customer-filter.ts, conversationFilterSchema); null or absent: none. */
  filter?: ConversationFilter | null;
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
  const rows = input.filter
    ? await filteredPage(ctx, actor, input, input.filter, cursor, limit)
    : await ctx.db.conversation.findMany({
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

/** viewWhere as SQL on the alias `c`, for the attribute-filtered list (Prisma has no raw WHERE fragment). */
function viewSql(actor: Actor, input: ListConversationsInput): Prisma.Sql[] {
  const c = Prisma.raw('"c"');
  const out = [visibleConversationSql(actor, c), Prisma.sql`c."mergedIntoId" IS NULL`];
  if (input.status === "active") out.push(Prisma.sql`c."status" IN ('open', 'pending')`);
  else if (input.status) out.push(Prisma.sql`c."status"::text = ${input.status}`);
  if (input.view === "mine") out.push(Prisma.sql`c."assigneeId" = ${actor.id}`);
  if (input.view === "unassigned") out.push(Prisma.sql`c."assigneeId" IS NULL`);
  if (input.departmentId) out.push(Prisma.sql`c."departmentId" = ${input.departmentId}`);
  if (input.assigneeId) out.push(Prisma.sql`c."assigneeId" = ${input.assigneeId}`);
  if (input.contactId) out.push(Prisma.sql`c."contactId" = ${input.contactId}`);
  return out;
}

/**
 * One page of the list under an attribute filter: the ids by the same rules, order and keyset in SQL
 * (the filter compiled by the customer filter language's compiler), then the rows by id.
 */
async function filteredPage(
  ctx: AppContext,
  actor: Actor,
  input: ListConversationsInput,
  filter: ConversationFilter,
  cursor: { at: Date; id: string } | null,
  limit: number,
) {
  const where = [...viewSql(actor, input), await compileConversationFilter(ctx, actor, filter, Prisma.raw('"c"'))];
  if (cursor) {
    const at = Prisma.sql`${cursor.at.toISOString().slice(0, 23)}::timestamp`;
    where.push(
      Prisma.sql`c."lastActivityAt" <= ${at}`,
      Prisma.sql`(c."lastActivityAt" < ${at} OR (c."lastActivityAt" = ${at} AND c."id" < ${cursor.id}))`,
    );
  }
  const ids = await ctx.db.$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM "Conversation" c WHERE ${Prisma.join(where, " AND ")}
    ORDER BY c."lastActivityAt" DESC, c."id" DESC LIMIT ${limit + 1}`;
  const rows = await ctx.db.conversation.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: conversationSummarySelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((r) => byId.get(r.id) ?? []);
}

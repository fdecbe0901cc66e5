import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleConversationSql } from "~/server/domain/access.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { AppError } from "~/server/lib/errors.ts";

/** The agent has seen everything in this conversation up to now. */
export async function markConversationRead(ctx: AppContext, actor: Actor, conversationId: string) {
  // The visibility check and the upsert in one statement (every conversation switch sends it, issue 10).
  const marked = await ctx.db.$executeRaw`
    INSERT INTO "ConversationRead" ("userId", "conversationId", "lastReadAt")
    SELECT ${actor.id}, c.id, ${new Date()}::timestamp FROM "Conversation" c
    WHERE c.id = ${conversationId} AND ${visibleConversationSql(actor, Prisma.raw("c"))}
    ON CONFLICT ("userId", "conversationId") DO UPDATE SET "lastReadAt" = EXCLUDED."lastReadAt"`;
  if (marked === 0) throw new AppError("not_found", "Conversation not found");
}

export const isUnread = (lastCustomerMessageAt: Date | null, lastReadAt: Date | null | undefined) =>
  lastCustomerMessageAt !== null && (!lastReadAt || lastReadAt < lastCustomerMessageAt);

/** The actor's read marks for a page of conversations, in one query. */
export async function readMarks(ctx: AppContext, actor: Actor, conversationIds: string[]) {
  if (conversationIds.length === 0) return new Map<string, Date>();
  const rows = await ctx.db.conversationRead.findMany({
    where: { userId: actor.id, conversationId: { in: conversationIds } },
    select: { conversationId: true, lastReadAt: true },
  });
  return new Map(rows.map((r) => [r.conversationId, r.lastReadAt]));
}

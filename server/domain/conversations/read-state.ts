import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation } from "~/server/domain/access.ts";

/** The agent has seen everything in this conversation up to now. */
export async function markConversationRead(ctx: AppContext, actor: Actor, conversationId: string) {
  await findVisibleConversation(ctx, actor, conversationId, { id: true });
  const now = new Date();
  await ctx.db.conversationRead.upsert({
    where: { userId_conversationId: { userId: actor.id, conversationId } },
    create: { userId: actor.id, conversationId, lastReadAt: now },
    update: { lastReadAt: now },
  });
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

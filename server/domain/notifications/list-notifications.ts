import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleConversationWhere } from "~/server/domain/access.ts";
import { badRequest } from "~/server/lib/errors.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import type { NotificationText } from "~/common/notification-text.ts";
import { afterCursor, clampLimit, decodeCursor, encodeCursor } from "~/server/lib/cursor.ts";

/** A notification whose conversation moved to a department the user cannot see stays hidden. */
const visible = (actor: Actor): Prisma.NotificationWhereInput => ({
  userId: actor.id,
  OR: [{ conversationId: null }, { conversation: visibleConversationWhere(actor) }],
});

/** The bell: newest first, optionally unread only, with the unread count for the badge. */
export async function listNotifications(
  ctx: AppContext,
  actor: Actor,
  input: { unread?: boolean; cursor?: string | null; limit?: number },
) {
  const limit = clampLimit(input.limit, 30, 100);
  const cursor = decodeCursor(input.cursor);
  const where: Prisma.NotificationWhereInput = {
    AND: [visible(actor), input.unread ? { readAt: null } : {}, afterCursor<Prisma.NotificationWhereInput>("createdAt", cursor)],
  };
  const [rows, unreadCount] = await Promise.all([
    ctx.db.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      select: {
        id: true,
        kind: true,
        title: true,
        conversationId: true,
        messageId: true,
        readAt: true,
        createdAt: true,
        meta: true,
        conversation: { select: { number: true, subject: true } },
      },
    }),
    ctx.db.notification.count({ where: { AND: [visible(actor), { readAt: null }] } }),
  ]);
  const page = rows.slice(0, limit);
  const tail = page.at(-1);
  return {
    items: page.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      // The message and its parameters, for clients that word it themselves (older rows: null).
      text: (n.meta as { message?: unknown } | null)?.message ? (n.meta as unknown as NotificationText) : null,
      conversationId: n.conversationId,
      conversationNumber: n.conversation?.number ?? null,
      messageId: n.messageId,
      read: n.readAt !== null,
      createdAt: n.createdAt.toISOString(),
    })),
    unreadCount,
    nextCursor: rows.length > limit && tail ? encodeCursor(tail.createdAt, tail.id) : null,
  };
}

export const markReadInput = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(500) }).strict(),
]);

/** Marks some (or all) of the actor's own notifications read; other users' ids are ignored. */
export async function markNotificationsRead(ctx: AppContext, actor: Actor, raw: unknown) {
  const parsed = markReadInput.safeParse(raw);
  if (!parsed.success) throw badRequest("Send { ids: [...] } or { all: true }");
  const { count } = await ctx.db.notification.updateMany({
    where: { userId: actor.id, readAt: null, ...("ids" in parsed.data ? { id: { in: parsed.data.ids } } : {}) },
    data: { readAt: new Date() },
  });
  const unreadCount = await ctx.db.notification.count({ where: { AND: [visible(actor), { readAt: null }] } });
  return { marked: count, unreadCount };
}

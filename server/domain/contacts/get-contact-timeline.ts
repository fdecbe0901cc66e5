import type { Prisma } from "~/server/db/generated/client.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleContactWhere, visibleMessageWhere } from "~/server/domain/access.ts";
import { notFound } from "~/server/lib/errors.ts";
import { afterCursor, clampLimit, decodeCursor, encodeCursor } from "~/server/lib/cursor.ts";
import { messageSelect, serializeMessage } from "~/server/domain/messages/serialize-message.ts";

/**
 * One timeline across all of a customer's conversations and channels, newest first, keyset
 * paginated on (createdAt, id) — served by the (contactId, createdAt desc, id) index.
 */
export async function getContactTimeline(
  ctx: AppContext,
  actor: Actor,
  contactId: string,
  input: { cursor?: string | null; limit?: number } = {},
) {
  const exists = await ctx.db.contact.findFirst({ where: { AND: [{ id: contactId }, visibleContactWhere(actor)] }, select: { id: true } });
  if (!exists) throw notFound("Contact");
  const limit = clampLimit(input.limit, 50, 200);
  const cursor = decodeCursor(input.cursor);
  const rows = await ctx.db.message.findMany({
    where: {
      AND: [{ contactId }, visibleMessageWhere(actor), afterCursor<Prisma.MessageWhereInput>("createdAt", cursor)],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { ...messageSelect, conversation: { select: { number: true, subject: true } } },
  });
  const page = rows.slice(0, limit);
  const tail = page.at(-1);
  return {
    items: page.map((m) => ({
      conversationId: m.conversationId,
      conversationNumber: m.conversation.number,
      conversationSubject: m.conversation.subject,
      message: serializeMessage(m),
    })),
    nextCursor: rows.length > limit && tail ? encodeCursor(tail.createdAt, tail.id) : null,
  };
}

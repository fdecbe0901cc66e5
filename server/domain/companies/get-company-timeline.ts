import type { Prisma } from "~/server/db/generated/client.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleMessageWhere } from "~/server/domain/access.ts";
import { notFound } from "~/server/lib/errors.ts";
import { afterCursor, clampLimit, decodeCursor, encodeCursor } from "~/server/lib/cursor.ts";
import { messageSelect, serializeMessage } from "~/server/domain/messages/serialize-message.ts";

/**
 * One timeline across every conversation of a company's people, newest first, keyset paginated on
 * (createdAt, id) like the customer timeline (docs/decisions/010-flat-read-paths.md).
 */
export async function getCompanyTimeline(
  ctx: AppContext,
  actor: Actor,
  companyId: string,
  input: { cursor?: string | null; limit?: number } = {},
) {
  const exists = await ctx.db.company.findUnique({ where: { id: companyId }, select: { id: true } });
  if (!exists) throw notFound("Company");
  const limit = clampLimit(input.limit, 50, 200);
  const cursor = decodeCursor(input.cursor);
  const rows = await ctx.db.message.findMany({
    where: {
      AND: [{ contact: { companyId } }, visibleMessageWhere(actor), afterCursor<Prisma.MessageWhereInput>("createdAt", cursor)],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { ...messageSelect, contactId: true, conversation: { select: { number: true, subject: true } } },
  });
  const page = rows.slice(0, limit);
  const tail = page.at(-1);
  return {
    items: page.map((m) => ({
      conversationId: m.conversationId,
      conversationNumber: m.conversation.number,
      conversationSubject: m.conversation.subject,
      contactId: m.contactId,
      message: serializeMessage(m),
    })),
    nextCursor: rows.length > limit && tail ? encodeCursor(tail.createdAt, tail.id) : null,
  };
}

import type { Prisma } from "~/server/db/generated/client.ts";
import type { AppContext } from "~/server/context.ts";
import { type Actor, visibleMessageWhere } from "~/server/domain/access.ts";
import { afterCursor, clampLimit, decodeCursor } from "~/server/lib/cursor.ts";
import { messageSelect, serializeMessage } from "~/server/domain/messages/serialize-message.ts";
import { attributeChangesPage, mergeTimelinePages } from "~/server/domain/attributes/attribute-change-timeline.ts";

/**
 * One page of a customer's or a company's timeline: the messages of all their conversations and
 * channels (a company's: of all its people) the actor may read, newest first, keyset paginated on
 * (createdAt, id) — served by the (contactId, createdAt desc, id) index
 * (docs/decisions/010-flat-read-paths.md) — with the record's own attribute changes between them
 * (decision 026). The caller has checked that the record exists and may be seen.
 */
export async function recordTimelinePage(
  ctx: AppContext,
  actor: Actor,
  owner: { contactId: string } | { companyId: string },
  input: { cursor?: string | null; limit?: number },
) {
  const limit = clampLimit(input.limit, 50, 200);
  const cursor = decodeCursor(input.cursor);
  const ownMessages: Prisma.MessageWhereInput =
    "contactId" in owner ? { contactId: owner.contactId } : { contact: { companyId: owner.companyId } };
  const rows = await ctx.db.message.findMany({
    where: { AND: [ownMessages, visibleMessageWhere(actor), afterCursor<Prisma.MessageWhereInput>("createdAt", cursor)] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { ...messageSelect, contactId: true, conversation: { select: { number: true, subject: true } } },
  });
  const changes = await attributeChangesPage(ctx, actor, owner, cursor, limit + 1);
  return mergeTimelinePages(
    rows.map((m) => ({
      at: m.createdAt,
      id: m.id,
      item: {
        conversationId: m.conversationId,
        conversationNumber: m.conversation.number,
        conversationSubject: m.conversation.subject,
        contactId: m.contactId,
        message: serializeMessage(m),
      },
    })),
    changes,
    limit,
  );
}

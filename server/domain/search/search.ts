import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleContactWhere, visibleConversationWhere } from "~/server/domain/access.ts";
import { contactMatch } from "~/server/domain/contacts/list-contacts.ts";
import { conversationSummarySelect, lastMessages, serializeConversation } from "~/server/domain/conversations/serialize-conversation.ts";
import { slaSummaries } from "~/server/domain/sla/serialize-sla.ts";

/**
 * Quick search: contacts by name, email or phone; conversations by ticket number (`123`, `#123`),
 * subject, or their customer. Restricted departments, and customers only they served, stay
 * invisible to non-members.
 */
export async function search(ctx: AppContext, actor: Actor, rawQuery: string) {
  const query = rawQuery.trim().slice(0, 200);
  if (!query) return { contacts: [], conversations: [] };
  const ticket = /^#?(\d{1,9})$/.exec(query);
  const contacts = await ctx.db.contact.findMany({
    where: { AND: [{ mergedIntoId: null }, visibleContactWhere(actor), contactMatch(query)] },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, name: true, company: { select: { name: true } }, identities: { select: { kind: true, address: true } } },
  });
  const rows = await ctx.db.conversation.findMany({
    where: {
      AND: [
        visibleConversationWhere(actor),
        {
          OR: [
            ...(ticket ? [{ number: Number(ticket[1]) }] : []),
            { subject: { contains: query, mode: "insensitive" as const } },
            { contactId: { in: contacts.map((c) => c.id) } },
          ],
        },
      ],
    },
    orderBy: { lastActivityAt: "desc" },
    take: 30,
    select: conversationSummarySelect,
  });
  const ids = rows.map((r) => r.id);
  const [last, sla] = [await lastMessages(ctx.db, ids), await slaSummaries(ctx.db, ids)];
  return { contacts, conversations: rows.map((r) => serializeConversation(r, last.get(r.id) ?? null, sla.get(r.id) ?? null)) };
}

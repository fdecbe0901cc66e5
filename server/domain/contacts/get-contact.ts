import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleContactWhere, visibleConversationWhere } from "~/server/domain/access.ts";
import { notFound } from "~/server/lib/errors.ts";
import { identityStateSelect } from "~/server/domain/identities/identity-state.ts";
import { visibleAttributeValues } from "~/server/domain/attributes/validate-attribute-values.ts";

/** A customer with identities, company and the conversations the actor may see. */
export async function getContact(ctx: AppContext, actor: Actor, id: string) {
  const contact = await ctx.db.contact.findFirst({
    where: { AND: [{ id }, visibleContactWhere(actor)] },
    select: {
      id: true,
      name: true,
      createdAt: true,
      mergedIntoId: true,
      erasedAt: true,
      attributes: true,
      company: { select: { id: true, name: true } },
      identities: {
        select: { ...identityStateSelect, createdAt: true },
        orderBy: { createdAt: "asc" },
      },
      conversations: {
        where: visibleConversationWhere(actor),
        orderBy: { lastActivityAt: "desc" },
        take: 50,
        select: {
          id: true,
          number: true,
          subject: true,
          status: true,
          lastActivityAt: true,
          inbox: { select: { kind: true, name: true } },
        },
      },
    },
  });
  if (!contact) throw notFound("Contact");
  return {
    ...contact,
    attributes: await visibleAttributeValues(ctx, actor, "contact", contact.attributes),
    conversations: contact.conversations.map((c) => ({
      id: c.id,
      number: c.number,
      subject: c.subject,
      status: c.status,
      channel: c.inbox.kind,
      inboxName: c.inbox.name,
      lastActivityAt: c.lastActivityAt.toISOString(),
    })),
  };
}

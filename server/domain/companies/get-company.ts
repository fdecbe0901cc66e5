import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleContactWhere, visibleConversationWhere } from "~/server/domain/access.ts";
import { notFound } from "~/server/lib/errors.ts";
import { visibleAttributeValues } from "~/server/domain/attributes/validate-attribute-values.ts";
import { companySelect, serializeCompany } from "./serialize-company.ts";

/** A company with its people and their latest conversations, as far as the actor may see them. */
export async function getCompany(ctx: AppContext, actor: Actor, id: string) {
  const [company, people, conversations] = await Promise.all([
    ctx.db.company.findUnique({ where: { id }, select: companySelect }),
    ctx.db.contact.findMany({
      where: { AND: [{ companyId: id, mergedIntoId: null }, visibleContactWhere(actor)] },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: 200,
      select: { id: true, name: true, identities: { select: { kind: true, address: true }, orderBy: { createdAt: "asc" } } },
    }),
    ctx.db.conversation.findMany({
      where: { AND: [{ contact: { companyId: id }, mergedIntoId: null }, visibleConversationWhere(actor)] },
      orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
      take: 50,
      select: {
        id: true,
        number: true,
        subject: true,
        status: true,
        lastActivityAt: true,
        contact: { select: { id: true, name: true } },
        inbox: { select: { kind: true, name: true } },
      },
    }),
  ]);
  if (!company) throw notFound("Company");
  return {
    ...serializeCompany(company),
    attributes: await visibleAttributeValues(ctx, actor, "company", company.attributes),
    people,
    conversations: conversations.map((c) => ({
      id: c.id,
      number: c.number,
      subject: c.subject,
      status: c.status,
      channel: c.inbox.kind,
      inboxName: c.inbox.name,
      contact: c.contact,
      lastActivityAt: c.lastActivityAt.toISOString(),
    })),
  };
}

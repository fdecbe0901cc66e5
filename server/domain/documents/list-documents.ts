import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation, visibleContactWhere, visibleDocumentWhere, visibleMessageWhere } from "~/server/domain/access.ts";
import { notFound } from "~/server/lib/errors.ts";
import { attachmentUrl } from "~/common/urls.ts";
import { documentSelect, serializeDocument } from "./get-document.ts";
import type { DocumentOwner } from "./upload-document.ts";

const MESSAGE_FILES = 200;

/**
 * A customer's (or company's) files in one place: the shared documents, plus every attachment of
 * their messages on any channel that the actor may see (restricted conversations' files excluded).
 */
export async function listDocuments(ctx: AppContext, actor: Actor, owner: DocumentOwner) {
  const contactIds = await contactsOf(ctx, actor, owner);
  const [documents, files] = await Promise.all([
    ctx.db.document.findMany({
      where: "contactId" in owner ? { contactId: owner.contactId } : { companyId: owner.companyId },
      orderBy: { updatedAt: "desc" },
      take: 200,
      select: documentSelect(actor),
    }),
    // Walks the (contactId, createdAt DESC, id DESC) index and stops after MESSAGE_FILES visible
    // files, instead of sorting all of the contact's attachments through their messages (issue 18).
    ctx.db.attachment.findMany({
      where: { contactId: { in: contactIds }, inline: false, message: { AND: [{ deletedAt: null }, visibleMessageWhere(actor)] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: MESSAGE_FILES,
      select: {
        id: true,
        filename: true,
        contentType: true,
        size: true,
        createdAt: true,
        message: {
          select: {
            id: true,
            conversationId: true,
            direction: true,
            kind: true,
            channel: true,
            conversation: { select: { number: true } },
          },
        },
      },
    }),
  ]);
  return {
    documents: documents.map(serializeDocument),
    messageAttachments: files.map((f) => ({
      id: f.id,
      filename: f.filename,
      contentType: f.contentType,
      size: f.size,
      url: attachmentUrl(f.id),
      createdAt: f.createdAt.toISOString(),
      messageId: f.message!.id,
      conversationId: f.message!.conversationId,
      conversationNumber: f.message!.conversation.number,
      channel: f.message!.channel,
      direction: f.message!.direction,
      kind: f.message!.kind,
    })),
  };
}

/** The customers whose files are listed: the one asked for, or a company's people, as far as the actor may see them. */
async function contactsOf(ctx: AppContext, actor: Actor, owner: DocumentOwner): Promise<string[]> {
  if ("contactId" in owner) {
    const c = await ctx.db.contact.findFirst({ where: { id: owner.contactId, ...visibleContactWhere(actor) }, select: { id: true } });
    if (!c) throw notFound("Contact");
    return [c.id];
  }
  const company = await ctx.db.company.findUnique({
    where: { id: owner.companyId },
    select: { contacts: { where: visibleContactWhere(actor), select: { id: true } } },
  });
  if (!company) throw notFound("Company");
  return company.contacts.map((c) => c.id);
}

/** Documents linked to a conversation (the conversation view's "documents" panel). */
export async function listConversationDocuments(ctx: AppContext, actor: Actor, conversationId: string) {
  await findVisibleConversation(ctx, actor, conversationId, { id: true });
  const rows = await ctx.db.document.findMany({
    where: { links: { some: { conversationId } }, ...visibleDocumentWhere(actor) },
    orderBy: { updatedAt: "desc" },
    select: documentSelect(actor),
  });
  return rows.map(serializeDocument);
}

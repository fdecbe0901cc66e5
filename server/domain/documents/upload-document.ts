import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole, visibleContactWhere } from "~/server/domain/access.ts";
import { badRequest, notFound } from "~/server/lib/errors.ts";
import { checkDocumentFile } from "./check-file.ts";
import { assertDocumentVisible, getDocument } from "./get-document.ts";

export type DocumentOwner = { contactId: string } | { companyId: string };

const cleanTitle = (title: string | undefined, filename: string) => (title?.trim() || filename).slice(0, 200);

/**
 * A new document in a customer's (or company's) library, as version 1. Viewers read documents but
 * never change a library (issue 17, finding 3), here and in addDocumentVersion.
 */
export async function uploadDocument(
  ctx: AppContext,
  actor: Actor,
  input: { owner: DocumentOwner; filename: string; title?: string; content: Buffer },
) {
  requireRole(actor, "admin", "agent");
  await assertOwnerExists(ctx, actor, input.owner);
  const file = await checkDocumentFile(ctx, input);
  const { sha256, size } = await ctx.storage.put(input.content);
  const id = await ctx.db.$transaction(async (tx) => {
    const attachment = await tx.attachment.create({
      data: { filename: file.filename, contentType: file.contentType, size, sha256, uploadedById: actor.id },
      select: { id: true },
    });
    const doc = await tx.document.create({
      data: { ...input.owner, title: cleanTitle(input.title, file.filename) },
      select: { id: true },
    });
    await tx.documentVersion.create({ data: { documentId: doc.id, attachmentId: attachment.id, version: 1, uploadedById: actor.id } });
    return doc.id;
  });
  return getDocument(ctx, actor, id);
}

/**
 * Replaces a document's file with a new version; earlier versions stay downloadable. The document
 * row is locked so two simultaneous replacements get consecutive version numbers.
 */
export async function addDocumentVersion(
  ctx: AppContext,
  actor: Actor,
  documentId: string,
  input: { filename: string; title?: string; content: Buffer },
) {
  requireRole(actor, "admin", "agent");
  await assertDocumentVisible(ctx, actor, documentId);
  const file = await checkDocumentFile(ctx, input);
  const { sha256, size } = await ctx.storage.put(input.content);
  await ctx.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Document" WHERE id = ${documentId} FOR UPDATE`;
    const last = await tx.documentVersion.findFirst({ where: { documentId }, orderBy: { version: "desc" }, select: { version: true } });
    const attachment = await tx.attachment.create({
      data: { filename: file.filename, contentType: file.contentType, size, sha256, uploadedById: actor.id },
      select: { id: true },
    });
    await tx.documentVersion.create({
      data: { documentId, attachmentId: attachment.id, version: (last?.version ?? 0) + 1, uploadedById: actor.id },
    });
    await tx.document.update({
      where: { id: documentId },
      data: input.title?.trim() ? { title: cleanTitle(input.title, file.filename) } : { updatedAt: new Date() },
    });
  });
  return getDocument(ctx, actor, documentId);
}

async function assertOwnerExists(ctx: AppContext, actor: Actor, owner: DocumentOwner) {
  if ("contactId" in owner) {
    if (!owner.contactId) throw badRequest("contactId is required");
    const visible = await ctx.db.contact.findFirst({ where: { id: owner.contactId, ...visibleContactWhere(actor) }, select: { id: true } });
    if (!visible) throw notFound("Contact");
  } else {
    if (!owner.companyId) throw badRequest("companyId is required");
    if (!(await ctx.db.company.findUnique({ where: { id: owner.companyId }, select: { id: true } }))) throw notFound("Company");
  }
}

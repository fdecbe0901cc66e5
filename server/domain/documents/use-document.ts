import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation } from "~/server/domain/access.ts";
import { notFound, parseInput } from "~/server/lib/errors.ts";
import { assertDocumentVisible, getDocument } from "./get-document.ts";

/** Links a document to a conversation the actor can see (idempotent). */
export async function linkDocument(ctx: AppContext, actor: Actor, documentId: string, conversationId: string) {
  await findVisibleConversation(ctx, actor, conversationId, { id: true });
  await assertDocumentVisible(ctx, actor, documentId);
  await ctx.db.documentLink.upsert({
    where: { documentId_conversationId: { documentId, conversationId } },
    create: { documentId, conversationId },
    update: {},
  });
  return getDocument(ctx, actor, documentId);
}

export async function unlinkDocument(ctx: AppContext, actor: Actor, documentId: string, conversationId: string) {
  await findVisibleConversation(ctx, actor, conversationId, { id: true });
  await ctx.db.documentLink.deleteMany({ where: { documentId, conversationId } });
}

export const attachDocumentInput = z.object({ version: z.number().int().min(1).optional() }).strict();

/**
 * Prepares a document (its latest or a given version) to go out with a reply or note: a NEW
 * attachment row owned by the actor and pointing at the same stored bytes (sha256), so the message
 * owns its attachment like any upload and the library's version stays untouched. Put the returned
 * id in the reply's attachmentIds.
 */
export async function attachDocument(ctx: AppContext, actor: Actor, documentId: string, raw: unknown) {
  const { version } = parseInput(attachDocumentInput, raw);
  await assertDocumentVisible(ctx, actor, documentId);
  const v = await ctx.db.documentVersion.findFirst({
    where: { documentId, ...(version ? { version } : {}) },
    orderBy: { version: "desc" },
    select: { attachment: { select: { filename: true, contentType: true, size: true, sha256: true } } },
  });
  if (!v) throw notFound(version ? "Document version" : "Document");
  return ctx.db.attachment.create({
    data: { ...v.attachment, uploadedById: actor.id },
    select: { id: true, filename: true, contentType: true, size: true },
  });
}

import type { AppContext } from "~/server/context.ts";
import { type Actor, requireRole } from "~/server/domain/access.ts";
import { publishConversationChange } from "~/server/domain/messages/publish.ts";
import { notFound } from "~/server/lib/errors.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { deleteUnreferencedFiles, eraseMessages } from "./erase-messages.ts";

/** What an erased contact is called from then on (the UI translates it by `erasedAt`). */
export const ERASED_NAME = "Erased contact";

/**
 * Erases a contact's personal data (issue 15; docs/decisions/019-erasure.md): their messages' text
 * and files, the raw payloads, identities, documents, channel links, drafts and notifications of
 * their conversations, webhook deliveries about them; the contacts merged into them likewise. What
 * stays is a tombstone: the contact row renamed, its conversations (subject blanked) and message rows,
 * so reports keep their counts. Idempotent: erasing again finishes an erasure a crash interrupted.
 */
export async function eraseContact(ctx: AppContext, actor: Actor, contactId: string) {
  requireRole(actor, "admin");
  const contact = await ctx.db.contact.findUnique({ where: { id: contactId }, select: { id: true } });
  if (!contact) throw notFound("Contact");
  const contactIds = await withMergedFrom(ctx, contactId);

  const messages = await eraseMessages(ctx, { OR: [{ contactId: { in: contactIds } }, { authorContactId: { in: contactIds } }] });
  const conversations = await ctx.db.conversation.findMany({ where: { contactId: { in: contactIds } }, select: { id: true } });
  const conversationIds = conversations.map((c) => c.id);
  const hashes = messages.hashes;

  await ctx.db.$transaction(async (tx) => {
    const versions = await tx.documentVersion.findMany({
      where: { document: { contactId: { in: contactIds } } },
      select: { attachmentId: true, attachment: { select: { sha256: true } } },
    });
    for (const v of versions) hashes.add(v.attachment.sha256);
    await tx.document.deleteMany({ where: { contactId: { in: contactIds } } });
    const libraryFiles = versions.map((v) => v.attachmentId);
    if (libraryFiles.length) await tx.attachment.deleteMany({ where: { id: { in: libraryFiles }, versions: { none: {} } } });
    // Files the contact sent that are on no message any more (an upload never sent).
    const loose = await tx.attachment.findMany({
      where: { contactId: { in: contactIds }, versions: { none: {} } },
      select: { id: true, sha256: true },
    });
    for (const f of loose) hashes.add(f.sha256);
    if (loose.length) await tx.attachment.deleteMany({ where: { id: { in: loose.map((f) => f.id) } } });
    await tx.contactIdentity.deleteMany({ where: { contactId: { in: contactIds } } });
    // The record's attribute history holds the values erasure clears (decision 026).
    await tx.attributeChange.deleteMany({ where: { contactId: { in: contactIds } } });
    await tx.channelLink.deleteMany({ where: { contactId: { in: contactIds } } });
    await tx.webhookDelivery.deleteMany({ where: { contactId: { in: contactIds } } });
    if (conversationIds.length) {
      await tx.draft.deleteMany({ where: { conversationId: { in: conversationIds } } });
      await tx.notification.deleteMany({ where: { conversationId: { in: conversationIds } } });
      await tx.conversation.updateMany({ where: { id: { in: conversationIds } }, data: { subject: "", threadKey: null } });
      // The customer's own words in their survey answers; the rating stays for the reports' counts.
      await tx.csatSurvey.updateMany({ where: { conversationId: { in: conversationIds } }, data: { comment: null } });
    }
    // The audit log keeps who did what and when about them, not their name or the values it
    // recorded (the trigger allows exactly this update; decision 019).
    await tx.$executeRaw`
      UPDATE "AuditLog" SET "targetLabel" = NULL, before = audit_redact(before), after = audit_redact(after)
      WHERE ("targetId" = ANY(${contactIds}::text[]) AND "targetType" = 'contact')
         OR ("targetId" = ANY(${conversationIds}::text[]) AND "targetType" = 'conversation' AND action = 'conversation.attributes_changed')
         OR ("targetType" = 'duplicate' AND jsonb_exists_any(after -> 'contactIds', ${contactIds}::text[]))`;
    await tx.contact.updateMany({
      where: { id: { in: contactIds } },
      data: { name: ERASED_NAME, nameReading: null, companyId: null, attributes: {}, erasedAt: new Date() },
    });
  });
  const files = await deleteUnreferencedFiles(ctx, hashes);
  // Open screens reload the conversations, now without the customer's words.
  for (const id of conversationIds) await publishConversationChange(ctx, id, ["erased"]);
  const result = { contactId, contacts: contactIds.length, conversations: conversationIds.length, messages: messages.erased, files };
  // The entry keeps the id and the counts, never the erased name (issue 15).
  await recordAudit(ctx.db, { ...by(actor), action: "contact.erased", targetType: "contact", targetId: contactId, after: result });
  return result;
}

/** The contact and every contact merged into it, at any depth: the same person. */
async function withMergedFrom(ctx: AppContext, contactId: string) {
  const ids = [contactId];
  for (let frontier = [contactId]; frontier.length > 0; ) {
    const next = await ctx.db.contact.findMany({ where: { mergedIntoId: { in: frontier } }, select: { id: true } });
    frontier = next.map((c) => c.id).filter((id) => !ids.includes(id));
    ids.push(...frontier);
  }
  return ids;
}

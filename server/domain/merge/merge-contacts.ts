import { recordEvent } from "~/server/domain/timeline/record-event.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { AppError, badRequest, notFound } from "~/server/lib/errors.ts";
import { publishMessage } from "~/server/domain/messages/publish.ts";
import { mergeInput } from "./merge-conversations.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";

/**
 * Merges a duplicate customer into another: identities (email, phone, Slack, chat), conversations,
 * their messages' contact, documents and channel links move; the duplicate is kept, marked
 * mergedIntoId, for history. The merge is recorded as an event on the customer's latest conversation
 * (preferring one every agent can see), so it shows on their timeline.
 */
export async function mergeContacts(ctx: AppContext, actor: Actor, sourceId: string, raw: unknown) {
  requireRole(actor, "admin", "agent");
  const parsed = mergeInput.safeParse(raw);
  if (!parsed.success) throw badRequest("Send { intoId } — the customer to merge into");
  const { intoId } = parsed.data;
  if (intoId === sourceId) throw badRequest("A customer cannot be merged into itself");
  const select = { id: true, name: true, companyId: true, mergedIntoId: true } as const;
  const [source, into] = await Promise.all([
    ctx.db.contact.findUnique({ where: { id: sourceId }, select }),
    ctx.db.contact.findUnique({ where: { id: intoId }, select }),
  ]);
  if (!source || !into) throw notFound("Contact");
  if (source.mergedIntoId || into.mergedIntoId) throw new AppError("conflict", "One of these customers was already merged");

  const eventId = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.contact.updateMany({
      where: { id: sourceId, mergedIntoId: null },
      data: { mergedIntoId: intoId },
    });
    if (count === 0) throw new AppError("conflict", "This customer was already merged");
    await tx.contactIdentity.updateMany({ where: { contactId: sourceId }, data: { contactId: intoId } });
    await tx.conversation.updateMany({ where: { contactId: sourceId }, data: { contactId: intoId } });
    await tx.message.updateMany({ where: { contactId: sourceId }, data: { contactId: intoId } });
    await tx.message.updateMany({ where: { authorContactId: sourceId }, data: { authorContactId: intoId } });
    await tx.document.updateMany({ where: { contactId: sourceId }, data: { contactId: intoId } });
    await tx.channelLink.updateMany({ where: { contactId: sourceId }, data: { contactId: intoId } });
    if (!into.companyId && source.companyId) await tx.contact.update({ where: { id: intoId }, data: { companyId: source.companyId } });
    await recordAudit(tx, {
      ...by(actor),
      action: "contact.merged",
      targetType: "contact",
      targetId: sourceId,
      targetLabel: source.name,
      before: { mergedIntoId: null },
      after: { mergedIntoId: intoId, intoName: into.name },
    });
    const latest =
      (await tx.conversation.findFirst({
        where: { contactId: intoId, mergedIntoId: null, OR: [{ departmentId: null }, { department: { restricted: false } }] },
        orderBy: { lastActivityAt: "desc" },
        select: { id: true, inboxId: true, inbox: { select: { kind: true } } },
      })) ??
      (await tx.conversation.findFirst({
        where: { contactId: intoId },
        orderBy: { lastActivityAt: "desc" },
        select: { id: true, inboxId: true, inbox: { select: { kind: true } } },
      }));
    if (!latest) return null;
    return recordEvent(tx, { conversationId: latest.id, contactId: intoId, inboxId: latest.inboxId, channel: latest.inbox.kind }, actor, {
      event: "contacts-merged",
      sourceContactId: sourceId,
      intoContactId: intoId,
      sourceName: source.name,
      intoName: into.name,
    });
  });
  if (eventId) await publishMessage(ctx, eventId);
  ctx.bus.publish({ type: "contact.changed", change: "updated", contact: { id: into.id, name: into.name } });
  return { mergedId: sourceId, intoId };
}

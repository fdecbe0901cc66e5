import { recordEvent } from "~/server/domain/timeline/record-event.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation, requireRole } from "~/server/domain/access.ts";
import { AppError, badRequest } from "~/server/lib/errors.ts";
import { publishConversationChange, publishMessage } from "~/server/domain/messages/publish.ts";

export const mergeInput = z.object({ intoId: z.string().min(1).max(64) }).strict();

const convSelect = {
  id: true,
  number: true,
  status: true,
  contactId: true,
  inboxId: true,
  mergedIntoId: true,
  lastActivityAt: true,
  inbox: { select: { kind: true } },
} as const;

/**
 * Merges a duplicate conversation into another of the same customer: its messages, participants
 * and document links move, it is closed and marked mergedIntoId, and both timelines get an event.
 * Nothing is sent to the customer.
 */
export async function mergeConversations(ctx: AppContext, actor: Actor, sourceId: string, raw: unknown) {
  requireRole(actor, "admin", "agent");
  const parsed = mergeInput.safeParse(raw);
  if (!parsed.success) throw badRequest("Send { intoId } — the conversation to merge into");
  const { intoId } = parsed.data;
  if (intoId === sourceId) throw badRequest("A conversation cannot be merged into itself");
  const source = await findVisibleConversation(ctx, actor, sourceId, convSelect);
  const into = await findVisibleConversation(ctx, actor, intoId, convSelect);
  if (source.mergedIntoId || into.mergedIntoId) throw new AppError("conflict", "One of these conversations was already merged");
  if (into.status === "closed") throw new AppError("conflict", "Cannot merge into a closed conversation");
  if (source.contactId !== into.contactId) {
    throw new AppError("conflict", "These conversations belong to different customers; merge the customers first");
  }

  const eventIds = await ctx.db.$transaction(async (tx) => {
    // Claim the source: a concurrent merge of the same conversation finds it already merged.
    const { count } = await tx.conversation.updateMany({
      where: { id: sourceId, mergedIntoId: null },
      data: { mergedIntoId: intoId, status: "closed", snoozedUntil: null, assigneeId: null },
    });
    if (count === 0) throw new AppError("conflict", "This conversation was already merged");
    await tx.message.updateMany({ where: { conversationId: sourceId }, data: { conversationId: intoId } });
    const participants = await tx.conversationParticipant.findMany({
      where: { conversationId: sourceId },
      select: { identityId: true, role: true },
    });
    await tx.conversationParticipant.createMany({
      data: participants.map((p) => ({ ...p, conversationId: intoId })),
      skipDuplicates: true,
    });
    const links = await tx.documentLink.findMany({ where: { conversationId: sourceId }, select: { documentId: true } });
    await tx.documentLink.createMany({
      data: links.map((l) => ({ documentId: l.documentId, conversationId: intoId })),
      skipDuplicates: true,
    });
    await tx.draft.deleteMany({ where: { conversationId: sourceId } });
    const latest = source.lastActivityAt > into.lastActivityAt ? source.lastActivityAt : into.lastActivityAt;
    await tx.conversation.update({ where: { id: intoId }, data: { lastActivityAt: latest > new Date() ? latest : new Date() } });
    const target = (conversationId: string, c: typeof source) => ({
      conversationId,
      contactId: c.contactId,
      inboxId: c.inboxId,
      channel: c.inbox.kind,
    });
    await recordAudit(tx, {
      ...by(actor),
      action: "conversation.merged",
      targetType: "conversation",
      targetId: sourceId,
      targetLabel: `#${source.number}`,
      before: { mergedIntoId: null },
      after: { mergedIntoId: intoId, intoNumber: into.number },
    });
    const a = await recordEvent(tx, target(sourceId, source), actor, { event: "merged-into", intoId, intoNumber: into.number });
    const b = await recordEvent(tx, target(intoId, into), actor, { event: "merged-from", sourceId, sourceNumber: source.number });
    return [a, b];
  });
  for (const id of eventIds) await publishMessage(ctx, id);
  await publishConversationChange(ctx, sourceId, ["mergedIntoId", "status", "assigneeId"]);
  await publishConversationChange(ctx, intoId, ["merged", "lastActivityAt"]);
  return { mergedId: sourceId, intoId };
}

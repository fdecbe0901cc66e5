import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { isAdmin, requireCanReply, visibleMessageWhere } from "~/server/domain/access.ts";
import { AppError, forbidden, notFound } from "~/server/lib/errors.ts";
import { audienceOf } from "~/server/domain/conversations/serialize-conversation.ts";
import { publishConversationChange } from "./publish.ts";

const TOO_LATE = "This reply is already on its way to the customer; its undo window has ended";

/**
 * Undo of a held reply (decision 027): while its delivery job still waits for its send time, the job
 * and the message are deleted in one transaction and the attachments go back to the agent's unused
 * uploads, so the composer can offer them again. A job the worker has claimed (its row is locked or
 * no longer pending) is not deleted: the DELETE re-checks the row after the lock and leaves it, and
 * the caller gets a 409. The customer never saw the reply: the widget, email and SMS only get it
 * from the delivery job.
 */
export async function cancelReply(ctx: AppContext, actor: Actor, messageId: string) {
  requireCanReply(actor);
  const message = await ctx.db.message.findFirst({
    where: { AND: [{ id: messageId }, visibleMessageWhere(actor)] },
    select: {
      id: true,
      kind: true,
      direction: true,
      authorUserId: true,
      sendAt: true,
      text: true,
      conversationId: true,
      contactId: true,
      conversation: { select: { departmentId: true, department: { select: { restricted: true } } } },
      attachments: { select: { id: true, filename: true, contentType: true, size: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!message) throw notFound("Message");
  if (message.kind !== "message" || message.direction !== "outbound") throw new AppError("conflict", "Only a reply can be undone");
  if (message.authorUserId !== actor.id && !isAdmin(actor)) throw forbidden("Only the agent who wrote this reply can undo it");
  if (!message.sendAt) throw new AppError("conflict", TOO_LATE);

  const cancelled = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.outboxJob.deleteMany({
      where: { messageId, kind: "deliver", status: "pending", runAt: { gt: new Date() } },
    });
    if (count === 0) return false;
    await tx.attachment.updateMany({ where: { messageId }, data: { messageId: null } });
    await tx.message.delete({ where: { id: messageId } });
    return true;
  });
  if (!cancelled) throw new AppError("conflict", TOO_LATE);

  ctx.bus.publish({
    type: "message.removed",
    audience: audienceOf(message.conversation),
    conversationId: message.conversationId,
    contactId: message.contactId,
    messageId,
  });
  await publishConversationChange(ctx, message.conversationId, ["lastActivityAt"]);
  return { messageId, text: message.text, attachments: message.attachments };
}

import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation, requireCanReply } from "~/server/domain/access.ts";
import { AppError, badRequest, parseInput } from "~/server/lib/errors.ts";
import { claimUploads } from "~/server/domain/attachments/claim-uploads.ts";
import { publishMessage } from "./publish.ts";
import { conversationIdField, messageBody } from "./message-body.ts";
import { resolveRecipients } from "./resolve-recipients.ts";
import { checkStaleReply } from "~/server/domain/presence/check-stale-reply.ts";
import { updateSlaClocks } from "~/server/domain/sla/sla-clocks.ts";

/** Longest undo window an agent or an API client may ask for; a later send is a scheduled message, not an undo. */
export const MAX_SEND_DELAY_SECONDS = 30;
const MAX_SCHEDULE_MS = 24 * 60 * 60_000;

export const replyBody = messageBody("reply").extend({
  /** Hold the reply this many seconds (its undo window, decision 027); sent at once when absent. */
  delaySeconds: z.coerce.number().int().min(0).max(MAX_SEND_DELAY_SECONDS).optional(),
  /** Or send at this time (at most 24 hours ahead); it can be cancelled until then. */
  sendAt: z.coerce
    .date()
    .refine((d) => d.getTime() <= Date.now() + MAX_SCHEDULE_MS, "sendAt may be at most 24 hours ahead")
    .optional(),
});
export const sendReplyInput = replyBody.extend(conversationIdField);

/** When a held reply goes out, or null to send at once. */
function sendTimeOf(input: { delaySeconds?: number; sendAt?: Date }): Date | null {
  if (input.delaySeconds !== undefined && input.sendAt) throw badRequest("delaySeconds: give either delaySeconds or sendAt, not both");
  const at = input.sendAt ?? (input.delaySeconds ? new Date(Date.now() + input.delaySeconds * 1000) : null);
  return at && at.getTime() > Date.now() ? at : null;
}

/**
 * An agent's reply to the customer. The message ('queued') and its delivery job are written in one
 * transaction (transactional outbox); the outbox worker sends it through the inbox's adapter. A held
 * reply (`delaySeconds`, `sendAt`) carries its `sendAt` and its job waits until then, so a closed tab
 * or a restart never loses it; until the worker takes the job it can be cancelled (cancel-reply.ts),
 * and the SLA clocks and "agent replied" rules see it only then (release-held-reply.ts).
 */
export async function sendReply(ctx: AppContext, actor: Actor, raw: unknown) {
  requireCanReply(actor);
  const input = parseInput(sendReplyInput, raw);
  const text = input.text.trim();
  const sendAt = sendTimeOf(input);
  const attachmentIds = [...new Set(input.attachmentIds ?? [])];
  if (!text && attachmentIds.length === 0) throw badRequest("A reply needs text or an attachment");

  const conversation = await findVisibleConversation(ctx, actor, input.conversationId, {
    id: true,
    status: true,
    contactId: true,
    inboxId: true,
    mergedIntoId: true,
    inbox: { select: { kind: true, enabled: true } },
  });
  if (conversation.status === "closed")
    throw new AppError("conflict", "This conversation is closed; start a new one to write to the customer");
  if (conversation.mergedIntoId)
    throw new AppError("conflict", "This conversation was merged; reply in the conversation it was merged into");
  if (!conversation.inbox.enabled) throw new AppError("conflict", "This conversation's inbox is disabled");
  await checkStaleReply(ctx, actor, conversation.id, input);

  const recipients = await resolveRecipients(ctx, conversation.id);
  if (recipients.to.length === 0) throw new AppError("conflict", "The customer has no address on this channel to reply to");
  const optedOut = recipients.to.find((r) => r.optedOutAt);
  if (optedOut) {
    throw new AppError(
      "conflict",
      `${optedOut.address} has opted out of messages from this number (they replied STOP). They must text START before you can reply.`,
    );
  }

  const message = await ctx.db.$transaction(async (tx) => {
    const created = await tx.message.create({
      data: {
        conversationId: conversation.id,
        contactId: conversation.contactId,
        inboxId: conversation.inboxId,
        direction: "outbound",
        kind: "message",
        channel: conversation.inbox.kind,
        authorUserId: actor.id,
        text,
        deliveryStatus: "queued",
        sendAt,
      },
      select: { id: true },
    });
    await claimUploads(tx, actor.id, created.id, attachmentIds);
    await tx.outboxJob.create({ data: { kind: "deliver", messageId: created.id, ...(sendAt ? { runAt: sendAt } : {}) } });
    await tx.conversation.update({ where: { id: conversation.id }, data: { lastActivityAt: new Date() } });
    if (!sendAt) await updateSlaClocks(tx, conversation.id, { kind: "agent-reply" });
    return created;
  });

  await publishMessage(ctx, message.id, "message.created", { conversationChanges: ["lastActivityAt", "sla"] });
  if (sendAt) return { messageId: message.id, sendAt: sendAt.toISOString() };
  ctx.outbox.wake();
  ctx.bus.publish({
    type: "automation.trigger",
    trigger: { event: "agent_reply", conversationId: conversation.id, messageId: message.id },
  });
  return { messageId: message.id, sendAt: null };
}

import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireCanReply, visibleMessageWhere } from "~/server/domain/access.ts";
import { AppError, notFound } from "~/server/lib/errors.ts";
import { publishMessage } from "./publish.ts";

/**
 * Queue a failed outbound message again (after fixing an inbox's credentials, say), or one that may
 * have been sent (`unknown`) once the agent decided to send it again: this attempt sends without
 * asking the provider first.
 */
export async function retryDelivery(ctx: AppContext, actor: Actor, messageId: string) {
  requireCanReply(actor);
  const message = await ctx.db.message.findFirst({
    where: { AND: [{ id: messageId }, visibleMessageWhere(actor)] },
    select: { id: true, direction: true, deliveryStatus: true },
  });
  if (!message) throw notFound("Message");
  if (message.direction !== "outbound" || !["failed", "undelivered", "unknown"].includes(message.deliveryStatus ?? "")) {
    throw new AppError("conflict", "Only failed outbound messages, or ones that may have been sent, can be sent again");
  }
  await ctx.db.$transaction([
    ctx.db.message.update({ where: { id: messageId }, data: { deliveryStatus: "queued", deliveryError: null } }),
    ctx.db.outboxJob.create({ data: { kind: "deliver", messageId } }),
  ]);
  await publishMessage(ctx, messageId, "message.updated");
  ctx.outbox.wake();
}

import type { AppContext } from "~/server/context.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import { PermanentSendError } from "~/integrations/core/types.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { loadInboxRuntime } from "~/server/domain/inboxes/load-inbox-runtime.ts";
import { buildOutboundMessage } from "./build-outbound-message.ts";
import { publishMessage } from "./publish.ts";
import { applyParkedDeliveries } from "./record-delivery.ts";

/**
 * Sends one queued outbound message through its inbox's adapter and records it as sent, then
 * applies delivery reports that arrived before the provider id was known. Failures are thrown
 * (PermanentSendError, RetryableSendError or anything else) so the caller's retry policy decides
 * what happens next; it reports its decision back with `recordDeliveryFailure`.
 */
export async function deliverMessage(ctx: AppContext, host: ChannelHost, messageId: string): Promise<void> {
  const current = await ctx.db.message.findUnique({ where: { id: messageId }, select: { deliveryStatus: true } });
  // Already sent (a retry after a crash that happened after the provider accepted): nothing to do.
  if (!current || (current.deliveryStatus && current.deliveryStatus !== "queued" && current.deliveryStatus !== "sending")) return;
  const { inboxId, message } = await buildOutboundMessage(ctx, messageId);
  const runtime = await loadInboxRuntime(ctx, inboxId);
  if (!runtime) throw new PermanentSendError("The inbox of this message no longer exists");
  const { inbox, adapter } = runtime;
  if (!adapter) throw new PermanentSendError(`Channel ${inbox.kind} is not available on this server`);
  if (!inbox.enabled) throw new PermanentSendError("The inbox is disabled");
  const result = await adapter.send(inbox, message, host);
  await ctx.db.message.update({
    where: { id: messageId },
    data: {
      deliveryStatus: result.status,
      deliveryError: null,
      providerMessageId: result.providerMessageId,
      ...(result.meta ? { meta: result.meta as Prisma.InputJsonValue } : {}),
    },
  });
  await applyParkedDeliveries(ctx, inbox.id, result.providerMessageId);
  await publishMessage(ctx, messageId, "message.updated");
}

export interface DeliveryFailure {
  reason: string;
  attempt: number;
  maxAttempts: number;
  /** No further attempt will be made. */
  final: boolean;
}

/** Records a failed attempt on the message: failed for good, or the reason it will be retried. */
export async function recordDeliveryFailure(ctx: AppContext, messageId: string, failure: DeliveryFailure): Promise<void> {
  const { reason, attempt, maxAttempts, final } = failure;
  await ctx.db.message.update({
    where: { id: messageId },
    data: final
      ? { deliveryStatus: "failed", deliveryError: reason.slice(0, 1000) }
      : { deliveryError: `Retrying (attempt ${attempt} of ${maxAttempts}): ${reason.slice(0, 900)}` },
  });
  await publishMessage(ctx, messageId, "message.updated");
}

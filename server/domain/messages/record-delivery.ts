import type { AppContext } from "~/server/context.ts";
import type { DeliveryUpdate } from "~/integrations/core/host.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { publishMessage } from "./publish.ts";

/** Delivery statuses only move forward; providers' callbacks can arrive out of order. */
const RANK: Record<string, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3 };

/**
 * Applies a provider's delivery report (Twilio status callback, email bounce) to an outbound
 * message. A report that arrives before the sender recorded the provider id is parked and applied
 * by `applyParkedDeliveries` right after the send is recorded.
 */
export async function recordDelivery(
  ctx: AppContext,
  input: { inboxId: string; providerMessageId: string; update: DeliveryUpdate },
): Promise<void> {
  const { inboxId, providerMessageId, update } = input;
  const message = await ctx.db.message.findUnique({
    where: { inboxId_providerMessageId: { inboxId, providerMessageId } },
    select: { id: true, deliveryStatus: true, meta: true },
  });
  if (!message) {
    await ctx.db.inboundEvent.upsert({
      where: { inboxId_providerEventId: { inboxId, providerEventId: `delivery:${providerMessageId}:${update.status}` } },
      create: {
        inboxId,
        providerEventId: `delivery:${providerMessageId}:${update.status}`,
        payload: new Uint8Array(Buffer.from(JSON.stringify(update))),
      },
      update: {},
      select: { id: true },
    });
    return;
  }
  const current = RANK[message.deliveryStatus ?? "queued"] ?? 0;
  if (current >= 3 || RANK[update.status]! <= current) return;
  await ctx.db.message.update({
    where: { id: message.id },
    data: {
      deliveryStatus: update.status,
      deliveryError: update.error ?? null,
      meta: { ...((message.meta as object) ?? {}), ...(update.meta ?? {}) } as Prisma.InputJsonValue,
    },
  });
  await publishMessage(ctx, message.id, "message.updated");
}

export async function applyParkedDeliveries(ctx: AppContext, inboxId: string, providerMessageId: string) {
  const parked = await ctx.db.inboundEvent.findMany({
    where: { inboxId, providerEventId: { startsWith: `delivery:${providerMessageId}:` }, status: "pending" },
    select: { id: true, payload: true },
  });
  for (const p of parked) {
    const update = JSON.parse(Buffer.from(p.payload).toString("utf8")) as DeliveryUpdate;
    await recordDelivery(ctx, { inboxId, providerMessageId, update });
    await ctx.db.inboundEvent.updateMany({ where: { id: p.id }, data: { status: "done", processedAt: new Date() } });
  }
}

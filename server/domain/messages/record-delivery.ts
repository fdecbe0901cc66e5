import type { AppContext } from "~/server/context.ts";
import type { DeliveryUpdate } from "~/integrations/core/host.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { loadRawPayload } from "~/server/domain/inbound/load-raw-payload.ts";
import { publishMessage } from "./publish.ts";

/** Delivery statuses only move forward; providers' callbacks can arrive out of order. */
// "delayed" sits between sent and final: a later failure or success report still applies.
const RANK: Record<string, number> = { queued: 0, sending: 1, unknown: 1, sent: 2, delayed: 2.5, delivered: 3, undelivered: 3, failed: 3 };

/**
 * Applies a provider's delivery report (Twilio status callback, email bounce) to an outbound
 * message. A report that arrives before the sender recorded the provider id (while a send is in
 * flight) is parked and applied by `applyParkedDeliveries` right after the send is recorded.
 */
export async function recordDelivery(
  ctx: AppContext,
  input: { inboxId: string; providerMessageId: string; update: DeliveryUpdate },
): Promise<{ found: boolean }> {
  const { inboxId, providerMessageId, update } = input;
  const message = await ctx.db.message.findUnique({
    where: { inboxId_providerMessageId: { inboxId, providerMessageId } },
    select: { id: true, deliveryStatus: true, meta: true },
  });
  if (!message) {
    // Only a send still in flight can later record this id. Without one the report is about mail we
    // never sent (a bounce quoting a foreign Message-ID, backscatter): parked, it stayed pending for
    // ever and held up every wait on the inbox's raw events (issue 16).
    if (!(await sendInFlight(ctx, inboxId))) return { found: false };
    const payload = Buffer.from(JSON.stringify(update));
    await ctx.db.inboundEvent.upsert({
      where: { inboxId_providerEventId: { inboxId, providerEventId: `delivery:${providerMessageId}:${update.status}` } },
      create: {
        inboxId,
        providerEventId: `delivery:${providerMessageId}:${update.status}`,
        payload: new Uint8Array(payload),
        payloadSize: payload.length,
      },
      update: {},
      select: { id: true },
    });
    return { found: false };
  }
  const current = RANK[message.deliveryStatus ?? "queued"] ?? 0;
  if (current >= 3 || RANK[update.status]! <= current) return { found: true };
  await ctx.db.message.update({
    where: { id: message.id },
    data: {
      deliveryStatus: update.status,
      deliveryError: update.error ?? null,
      meta: { ...((message.meta as object) ?? {}), ...(update.meta ?? {}) } as Prisma.InputJsonValue,
    },
  });
  await publishMessage(ctx, message.id, "message.updated");
  return { found: true };
}

async function sendInFlight(ctx: AppContext, inboxId: string): Promise<boolean> {
  const sending = await ctx.db.message.findFirst({
    where: { inboxId, direction: "outbound", providerMessageId: null, deliveryStatus: { in: ["queued", "sending"] } },
    select: { id: true },
  });
  return sending !== null;
}

export async function applyParkedDeliveries(ctx: AppContext, inboxId: string, providerMessageId: string) {
  const parked = await ctx.db.inboundEvent.findMany({
    where: { inboxId, providerEventId: { startsWith: `delivery:${providerMessageId}:` }, status: "pending" },
    select: { id: true, payloadSha256: true },
  });
  for (const p of parked) {
    const update = JSON.parse((await loadRawPayload(ctx, p)).toString("utf8")) as DeliveryUpdate;
    await recordDelivery(ctx, { inboxId, providerMessageId, update });
    await ctx.db.inboundEvent.updateMany({ where: { id: p.id }, data: { status: "done", processedAt: new Date() } });
  }
}

import { randomBytes } from "node:crypto";
import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { WEBHOOK_MAX_ATTEMPTS } from "./deliver-webhook.ts";

export interface WebhookEventInput {
  type: string;
  contactId: string | null;
  data: Record<string, unknown>;
  /** Only this endpoint (the "send test event" button); otherwise every enabled subscriber. */
  endpointId?: string;
}

/** The outbox job of one delivery; `inboxId` keys the worker's per-target concurrency to the endpoint. */
export const webhookJob = (endpointId: string, deliveryId: string): Prisma.OutboxJobCreateManyInput => ({
  kind: "webhook",
  payload: { inboxId: `webhook:${endpointId}`, deliveryId },
  maxAttempts: WEBHOOK_MAX_ATTEMPTS,
});

/**
 * One delivery row and its outbox job per subscribed endpoint, in the caller's transaction, all with
 * the same event id and body, which every retry sends again unchanged. Returns whether any endpoint
 * wanted the event.
 */
export async function createWebhookDeliveries(tx: Prisma.TransactionClient, event: WebhookEventInput, eventId: string) {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: event.endpointId ? { id: event.endpointId } : { enabled: true, events: { has: event.type } },
    select: { id: true },
  });
  const body = JSON.stringify({ id: eventId, type: event.type, createdAt: new Date().toISOString(), data: event.data });
  for (const endpoint of endpoints) {
    const delivery = await tx.webhookDelivery.create({
      data: { endpointId: endpoint.id, eventId, eventType: event.type, body, contactId: event.contactId },
      select: { id: true },
    });
    await tx.outboxJob.create({ data: webhookJob(endpoint.id, delivery.id) });
  }
  return endpoints.length > 0;
}

/** The same for an event no row change stands for (a test event, a rule's webhook action). */
export async function enqueueWebhookEvent(ctx: AppContext, event: WebhookEventInput) {
  const eventId = `evt_${randomBytes(12).toString("hex")}`;
  const queued = await ctx.db.$transaction((tx) => createWebhookDeliveries(tx, event, eventId));
  if (!queued) return null;
  ctx.outbox.wake();
  return eventId;
}

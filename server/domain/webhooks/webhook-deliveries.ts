import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { AppError, notFound } from "~/server/lib/errors.ts";
import { enqueueWebhookEvent, webhookJob } from "./enqueue-webhook-event.ts";
import { getWebhook } from "./manage-webhooks.ts";

const select = {
  id: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  responseStatus: true,
  responseSnippet: true,
  latencyMs: true,
  lastError: true,
  createdAt: true,
  lastAttemptAt: true,
} as const;

/** The delivery log of an endpoint, newest first, cursor paginated. */
export async function listWebhookDeliveries(
  ctx: AppContext,
  actor: Actor,
  endpointId: string,
  page: { cursor?: string | null; limit?: number },
) {
  await getWebhook(ctx, actor, endpointId);
  const limit = Number.isFinite(page.limit) ? Math.min(Math.max(Math.trunc(page.limit!), 1), 200) : 50;
  const rows = await ctx.db.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    select,
  });
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}

/** Sends a delivery again, same event id and body, as a new outbox job. */
export async function redeliverWebhook(ctx: AppContext, actor: Actor, endpointId: string, deliveryId: string) {
  const endpoint = await getWebhook(ctx, actor, endpointId);
  if (!endpoint.enabled) throw new AppError("conflict", "Enable the webhook before redelivering");
  const delivery = await ctx.db.webhookDelivery.findFirst({ where: { id: deliveryId, endpointId }, select: { id: true } });
  if (!delivery) throw notFound("Delivery");
  await ctx.db.$transaction([
    ctx.db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "pending" } }),
    ctx.db.outboxJob.create({ data: webhookJob(endpointId, deliveryId) }),
  ]);
  ctx.outbox.wake();
  return ctx.db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, select });
}

/** A `webhook.test` event to this endpoint only (enabled or not is checked at delivery). */
export async function sendTestWebhook(ctx: AppContext, actor: Actor, endpointId: string) {
  const endpoint = await getWebhook(ctx, actor, endpointId);
  if (!endpoint.enabled) throw new AppError("conflict", "Enable the webhook before sending a test event");
  const eventId = await enqueueWebhookEvent(ctx, {
    type: "webhook.test",
    contactId: null,
    endpointId,
    data: { webhookId: endpointId, message: "Test event from Switchboard" },
  });
  return { eventId };
}

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
  const items = rows.slice(0, limit);
  const next = await nextAttempts(
    ctx,
    items.filter((d) => d.status === "pending").map((d) => d.id),
  );
  return {
    items: items.map((d) => ({ ...d, nextAttemptAt: next.get(d.id) ?? null })),
    nextCursor: rows.length > limit ? rows[limit - 1]!.id : null,
  };
}

/** When the worker will next try each waiting delivery: the due time of its pending outbox job. */
async function nextAttempts(ctx: AppContext, deliveryIds: string[]) {
  if (deliveryIds.length === 0) return new Map<string, Date>();
  const rows = await ctx.db.$queryRaw<{ deliveryId: string; runAt: Date }[]>`
    SELECT payload->>'deliveryId' AS "deliveryId", min("runAt") AS "runAt" FROM "OutboxJob"
    WHERE kind = 'webhook' AND status = 'pending' AND payload->>'deliveryId' = ANY(${deliveryIds})
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.deliveryId, r.runAt]));
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

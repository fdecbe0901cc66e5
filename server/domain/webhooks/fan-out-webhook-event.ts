import { createHash } from "node:crypto";
import type { AppContext } from "~/server/context.ts";
import { PermanentSendError } from "~/integrations/core/types.ts";
import type { DomainEvent } from "~/server/events/bus.ts";
import { audienceOf, loadConversationSummary } from "~/server/domain/conversations/serialize-conversation.ts";
import { messageSelect, serializeMessage } from "~/server/domain/messages/serialize-message.ts";
import { createWebhookDeliveries } from "./enqueue-webhook-event.ts";
import { type WebhookEventData, webhookEventsOf } from "./webhook-events.ts";

/**
 * Runs an outbox job of kind `webhook-event`: a trigger wrote it in the transaction of the change
 * (migration 20261203180000, docs/decisions/024), naming the row. The payload is built from the row as
 * it is now, with the same serializers as the realtime events, and the deliveries of every subscribed
 * endpoint are created in one transaction with the job's completion, so a crash either leaves the
 * job to run again or leaves its deliveries: an event is delivered neither zero times nor twice. Event
 * ids derive from the job, so a second run could not invent a different one either.
 */
export async function fanOutWebhookEvent(ctx: AppContext, job: { id: string; payload: Record<string, unknown> }) {
  const events = await webhookEventsOfJob(ctx, job.payload);
  await ctx.db.$transaction(async (tx) => {
    const finished = await tx.outboxJob.updateMany({
      where: { id: job.id, status: "running", lockedBy: ctx.nodeId },
      data: { status: "done", lastError: null, lockedAt: null, lockedBy: null },
    });
    // Reclaimed by another node meanwhile: that node creates the deliveries.
    if (finished.count === 0) return;
    for (const event of events) {
      const eventId = `evt_${createHash("sha256").update(`${job.id}:${event.type}`).digest("hex").slice(0, 24)}`;
      await createWebhookDeliveries(tx, event, eventId);
    }
  });
  ctx.outbox.wake();
}

const text = (v: unknown) => (typeof v === "string" ? v : "");

/** The domain event the job's row stands for, as the after-commit flows would have published it. */
async function webhookEventsOfJob(ctx: AppContext, payload: Record<string, unknown>): Promise<WebhookEventData[]> {
  const source = payload.source;
  if (source === "message") {
    const row = await ctx.db.message.findUnique({ where: { id: text(payload.messageId) }, select: { ...messageSelect, contactId: true } });
    // Deleted before the worker ran: nothing to send.
    if (!row) return [];
    return webhookEventsOf({
      type: "message.created",
      audience: { departmentId: null, restricted: false },
      conversationId: row.conversationId,
      contactId: row.contactId,
      message: serializeMessage(row),
    });
  }
  if (source === "conversation") {
    const id = text(payload.conversationId);
    if (!(await ctx.db.conversation.findUnique({ where: { id }, select: { id: true } }))) return [];
    const { summary, audience } = await loadConversationSummary(ctx.db, id);
    const changes = Array.isArray(payload.changes) ? payload.changes.map(String) : [];
    if (changes.includes("created"))
      return [{ type: "conversation.created", contactId: summary.contactId, data: { conversation: summary } }];
    return webhookEventsOf({ type: "conversation.updated", audience, conversation: summary, changes });
  }
  if (source === "contact") {
    const contact = await ctx.db.contact.findUnique({ where: { id: text(payload.contactId) }, select: { id: true, name: true } });
    if (!contact) return [];
    return webhookEventsOf({ type: "contact.changed", change: payload.change === "created" ? "created" : "updated", contact });
  }
  if (source === "sla") {
    const clock = await ctx.db.slaClock.findUnique({
      where: { id: text(payload.clockId) },
      select: {
        conversationId: true,
        target: true,
        policyId: true,
        dueAt: true,
        conversation: { select: { departmentId: true, department: { select: { restricted: true } } } },
      },
    });
    if (!clock) return [];
    return webhookEventsOf({
      type: "sla.breached",
      audience: audienceOf(clock.conversation),
      conversationId: clock.conversationId,
      target: clock.target as Extract<DomainEvent, { type: "sla.breached" }>["target"],
      policyId: clock.policyId,
      dueAt: clock.dueAt.toISOString(),
    });
  }
  if (source === "csat") {
    // The answer as its timeline event recorded it: a later answer does not rewrite this one.
    const event = await ctx.db.message.findUnique({
      where: { id: text(payload.messageId) },
      select: { meta: true, createdAt: true, conversationId: true, contactId: true },
    });
    const meta = (event?.meta ?? {}) as { surveyId?: string; rating?: number; comment?: string | null };
    if (!event || !meta.surveyId || typeof meta.rating !== "number") return [];
    return webhookEventsOf({
      type: "csat.received",
      surveyId: meta.surveyId,
      conversationId: event.conversationId,
      contactId: event.contactId,
      rating: meta.rating,
      comment: meta.comment ?? null,
      respondedAt: event.createdAt.toISOString(),
    });
  }
  throw new PermanentSendError(`Unknown webhook event source ${String(source)}`);
}

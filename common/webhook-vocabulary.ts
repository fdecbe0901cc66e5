import { z } from "zod";

/**
 * Events an outgoing webhook can subscribe to (issue 15). A feature that publishes a new kind of event
 * adds one entry here (CSAT received, SLA breached) and maps its bus event in server/domain/webhooks/.
 */
export const WEBHOOK_EVENTS = [
  "conversation.created",
  "conversation.updated",
  "conversation.resolved",
  "message.created.inbound",
  "message.created.outbound",
  "message.created.note",
  "contact.created",
  "contact.updated",
  "sla.breached",
  "csat.received",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const webhookEventSchema = /* @__PURE__ */ z.enum(WEBHOOK_EVENTS);

/** A webhook delivery: waiting for (another) attempt, accepted with a 2xx, or given up. */
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

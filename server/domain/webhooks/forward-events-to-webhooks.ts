import type { AppContext } from "~/server/context.ts";
import { enqueueWebhookEvent } from "./enqueue-webhook-event.ts";
import { webhookEventsOf } from "./webhook-events.ts";

/**
 * Subscribes to the bus of this node: every domain event that is a webhook event becomes deliveries
 * for the endpoints that want it. Events are published after their transaction committed, so an
 * endpoint never hears of something that was rolled back.
 */
export function forwardEventsToWebhooks(ctx: AppContext) {
  return ctx.bus.subscribe((event) => {
    for (const e of webhookEventsOf(event)) {
      enqueueWebhookEvent(ctx, e).catch((err) => ctx.log.warn(`webhook event ${e.type} not queued: ${(err as Error).message}`));
    }
  });
}

import type { AppContext } from "~/server/context.ts";
import { webhookEventsOf } from "./webhook-events.ts";

/** How long this node trusts its answer to "is any endpoint enabled?" before asking again. */
const ENDPOINTS_RECHECK_MS = 2_000;

/**
 * The fact that a webhook event happened is written by a trigger in the transaction of the change
 * (an outbox job of kind `webhook-event`, docs/decisions/024). The bus, which publishes after commit,
 * only wakes this node's worker so the deliveries leave at once instead of at the next poll; a crash
 * before this point loses nothing, the job waits for any node's worker.
 *
 * A workspace without an enabled endpoint gets no such job, so waking the worker there only cost a
 * claim transaction per message (four statements, issue 18): the wake is skipped while no endpoint
 * is enabled, asked at most every ENDPOINTS_RECHECK_MS. A job written meanwhile still leaves at the
 * worker's next poll.
 */
export function forwardEventsToWebhooks(ctx: AppContext) {
  let known: { enabled: boolean; at: number } | null = null;
  let asking: Promise<boolean> | null = null;
  const anyEnabled = (): Promise<boolean> => {
    if (known && Date.now() - known.at < ENDPOINTS_RECHECK_MS) return Promise.resolve(known.enabled);
    asking ??= ctx.db.webhookEndpoint
      .count({ where: { enabled: true }, take: 1 })
      .then((n) => {
        known = { enabled: n > 0, at: Date.now() };
        return n > 0;
      })
      // Not knowing is no reason to delay a delivery.
      .catch(() => true)
      .finally(() => {
        asking = null;
      });
    return asking;
  };
  return ctx.bus.subscribe((event) => {
    if (webhookEventsOf(event).length === 0) return;
    void anyEnabled().then((enabled) => {
      if (enabled) ctx.outbox.wake();
    });
  });
}

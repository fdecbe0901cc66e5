import type { AppContext } from "~/server/context.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import { inboxRuntimeSelect, toInboxRuntime } from "~/server/domain/inboxes/load-inbox-runtime.ts";

const MAX_ATTEMPTS = 5;

/**
 * Raw provider payloads were stored before the provider got its acknowledgement. If a node died
 * before processing one (or processing failed), process it again here; adapters are idempotent.
 */
export async function recoverRawEvents(ctx: AppContext, host: ChannelHost, olderThanMs = 60_000) {
  const events = await ctx.db.inboundEvent.findMany({
    where: {
      status: { in: ["pending", "failed"] },
      attempts: { lt: MAX_ATTEMPTS },
      createdAt: { lt: new Date(Date.now() - olderThanMs) },
      NOT: { providerEventId: { startsWith: "delivery:" } },
    },
    orderBy: { createdAt: "asc" },
    take: 20,
    select: {
      id: true,
      payload: true,
      inbox: { select: inboxRuntimeSelect },
    },
  });
  for (const e of events) {
    const adapter = ctx.channels.get(e.inbox.kind);
    if (!adapter?.processRawEvent) continue;
    try {
      await adapter.processRawEvent(toInboxRuntime(ctx, e.inbox), Buffer.from(e.payload), host);
      await host.inbound.markRawEvent(e.id, { ok: true });
    } catch (err) {
      await host.inbound.markRawEvent(e.id, { ok: false, error: (err as Error).message });
    }
  }
  return events.length;
}

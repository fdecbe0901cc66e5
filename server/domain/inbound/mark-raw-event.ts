import type { AppContext } from "~/server/context.ts";

/** Records how processing a stored raw event ended; a failure keeps its error for the replay job and admins. */
export async function markRawEvent(ctx: AppContext, id: string, outcome: { ok: true } | { ok: false; error: string }): Promise<void> {
  // updateMany: never read the (possibly large) payload back.
  await ctx.db.inboundEvent.updateMany({
    where: { id },
    data: outcome.ok
      ? { status: "done", processedAt: new Date(), lastError: null }
      : { status: "failed", lastError: outcome.error.slice(0, 2000), attempts: { increment: 1 } },
  });
}

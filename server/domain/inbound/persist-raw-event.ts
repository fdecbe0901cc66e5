import type { AppContext } from "~/server/context.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";

/**
 * Stores a raw provider payload before the adapter acknowledges it, so a crash between the two loses
 * nothing (server/jobs/recover-raw-events.ts replays what is left pending). A provider retry of the same
 * event id finds the stored row: duplicate.
 */
export async function persistRawEvent(
  ctx: AppContext,
  opts: { inboxId: string; providerEventId: string; payload: Buffer },
): Promise<{ id: string; duplicate: boolean }> {
  const providerEventId = opts.providerEventId.slice(0, 500);
  try {
    const row = await ctx.db.inboundEvent.create({
      data: { inboxId: opts.inboxId, providerEventId, payload: new Uint8Array(opts.payload) },
      select: { id: true },
    });
    return { id: row.id, duplicate: false };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const row = await ctx.db.inboundEvent.findUniqueOrThrow({
      where: { inboxId_providerEventId: { inboxId: opts.inboxId, providerEventId } },
      select: { id: true },
    });
    return { id: row.id, duplicate: true };
  }
}

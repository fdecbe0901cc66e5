import type { AppContext } from "~/server/context.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";

/**
 * Payloads above this go to the file store and the row keeps their hash (issue 17, finding 6:
 * megabytes through the single PGlite connection stalled every other query). Webhooks (SMS, Slack,
 * a few KB) stay inline: one insert and no file flush per message. See
 * docs/security/raw-payloads-in-file-store.md.
 */
export const INLINE_PAYLOAD_MAX_BYTES = 64 * 1024;

/**
 * Stores a raw provider payload before the adapter acknowledges it, so a crash between the two loses
 * nothing (server/jobs/recover-raw-events.ts replays what is left pending). A large payload is
 * flushed to the file store before the row that references it is written. A provider retry of the
 * same event id finds the stored row: duplicate.
 */
export async function persistRawEvent(
  ctx: AppContext,
  opts: { inboxId: string; providerEventId: string; payload: Buffer },
): Promise<{ id: string; duplicate: boolean }> {
  const providerEventId = opts.providerEventId.slice(0, 500);
  const body =
    opts.payload.length > INLINE_PAYLOAD_MAX_BYTES
      ? { payloadSha256: (await ctx.storage.put(opts.payload)).sha256 }
      : { payload: new Uint8Array(opts.payload) };
  try {
    const row = await ctx.db.inboundEvent.create({
      data: { inboxId: opts.inboxId, providerEventId, payloadSize: opts.payload.length, ...body },
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

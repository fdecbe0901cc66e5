import type { AppContext } from "~/server/context.ts";

/**
 * The bytes of a stored raw event: from the file store when the row references a file, else the
 * row's inline payload (see persist-raw-event.ts). Read one event at a time: a mail can be megabytes,
 * and rows stored before the file store was used keep theirs inline.
 */
export async function loadRawPayload(ctx: AppContext, event: { id: string; payloadSha256: string | null }): Promise<Buffer> {
  if (event.payloadSha256) return ctx.storage.read(event.payloadSha256);
  const row = await ctx.db.inboundEvent.findUniqueOrThrow({ where: { id: event.id }, select: { payload: true } });
  if (!row.payload) throw new Error(`raw event ${event.id} has neither an inline payload nor a stored file`);
  return Buffer.from(row.payload);
}

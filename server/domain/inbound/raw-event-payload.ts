import type { AppContext } from "~/server/context.ts";

// Webhook bodies stay in the row; mail of this size and more goes to file storage (shared by all nodes).
const INLINE_MAX_BYTES = 64 * 1024;

/**
 * The columns that hold a raw payload. Megabytes written through PGlite's in-process WASM engine block the
 * event loop for about a second per 1.6 MB (issue 17, finding 1); a file write does not. The file is
 * written before the row, so a stored event always finds its bytes.
 */
export async function rawPayloadColumns(
  ctx: AppContext,
  payload: Buffer,
): Promise<{ payload: Uint8Array<ArrayBuffer> } | { payloadSha256: string }> {
  if (payload.length <= INLINE_MAX_BYTES) return { payload: new Uint8Array(payload) };
  const { sha256 } = await ctx.storage.put(payload);
  return { payloadSha256: sha256 };
}

export async function readRawPayload(ctx: AppContext, row: { payload: Uint8Array | null; payloadSha256: string | null }): Promise<Buffer> {
  if (row.payload) return Buffer.from(row.payload);
  if (row.payloadSha256) return ctx.storage.read(row.payloadSha256);
  throw new Error("raw event has no payload");
}

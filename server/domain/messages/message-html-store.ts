import type { AppContext } from "~/server/context.ts";

/** Sanitised HTML above this many UTF-8 bytes goes to the file store, not the row (issue 17, finding 6). */
export const INLINE_HTML_MAX_BYTES = 256 * 1024;

/**
 * Where a sanitised body is kept: inline in `Message.html`, or, when it is large, in the
 * content-addressed file store with only its hash in `Message.htmlSha256`. On PGlite the database is
 * one connection in the server's thread, so a row of megabytes held every other request up; the file
 * is written (and flushed) before the row, so a row never names a file that is not there.
 */
export async function placeMessageHtml(ctx: AppContext, html: string | null): Promise<{ html: string | null; htmlSha256: string | null }> {
  if (html === null || Buffer.byteLength(html) <= INLINE_HTML_MAX_BYTES) return { html, htmlSha256: null };
  const { sha256 } = await ctx.storage.put(Buffer.from(html));
  return { html: null, htmlSha256: sha256 };
}

import type { AppContext } from "~/server/context.ts";
import { AppError, badRequest } from "~/server/lib/errors.ts";
import { detectType, sanitizeFilename } from "~/server/domain/attachments/store-upload.ts";

/** Types a shared document may have. Decided from the bytes (file-type), never from the name. */
const DOCUMENT_TYPES = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "text/plain",
  "text/csv",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/msword",
  "application/vnd.ms-excel",
  "application/zip",
]);

/**
 * Text that a browser would treat as markup if it ever sniffed it (HTML, SVG, XML). Such a file has
 * no business in a customer's document library, and refusing it beats relying on headers alone.
 */
const MARKUP = /^\s*(<\?xml|<!doctype|<html|<svg|<script)|<(script|iframe|object|embed|svg|html|body)[\s>/]/i;

/** Size, type from content, no markup; returns what to store. */
export async function checkDocumentFile(ctx: AppContext, input: { filename: string; content: Buffer }) {
  if (input.content.length === 0) throw badRequest("The file is empty");
  if (input.content.length > ctx.env.UPLOAD_MAX_BYTES) throw new AppError("payload_too_large", "The file is too large");
  const contentType = await detectType(input.content);
  if (!DOCUMENT_TYPES.has(contentType)) {
    throw new AppError("unsupported_media_type", `Files of type ${contentType} cannot be shared as documents`);
  }
  // Text and images are shown inline, so a polyglot (a GIF that is also an HTML page) is refused too.
  if (
    (contentType === "text/plain" || contentType.startsWith("image/")) &&
    MARKUP.test(input.content.subarray(0, 256 * 1024).toString("latin1"))
  ) {
    throw new AppError("unsupported_media_type", "Files containing HTML, SVG or XML markup cannot be shared as documents");
  }
  return { contentType, filename: sanitizeFilename(input.filename) };
}

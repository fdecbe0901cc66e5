import { fileTypeFromBuffer } from "file-type";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { AppError, badRequest } from "~/server/lib/errors.ts";

/** Types agents may upload. Decided from the bytes, never from the name or the browser's claim. */
const ALLOWED = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "text/plain",
  "text/csv",
  "application/zip",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/msword",
  "application/vnd.ms-excel",
  "audio/mpeg",
  "video/mp4",
]);

/** Uploaded by an agent, not yet attached to a message: only the uploader can use or see it. */
export async function storeUpload(ctx: AppContext, actor: Actor, input: { filename: string; content: Buffer; declaredType?: string }) {
  if (input.content.length === 0) throw badRequest("The file is empty");
  if (input.content.length > ctx.env.UPLOAD_MAX_BYTES) throw new AppError("payload_too_large", "The file is too large");
  const contentType = await detectType(input.content);
  if (!ALLOWED.has(contentType)) {
    throw new AppError("unsupported_media_type", `Files of type ${contentType} cannot be uploaded`);
  }
  const filename = sanitizeFilename(input.filename);
  const { sha256, size } = await ctx.storage.put(input.content);
  return ctx.db.attachment.create({
    data: { filename, contentType, size, sha256, uploadedById: actor.id },
    select: { id: true, filename: true, contentType: true, size: true },
  });
}

export async function detectType(content: Buffer): Promise<string> {
  const sniffed = await fileTypeFromBuffer(content);
  if (sniffed) {
    // OOXML files sniff as zip-based types file-type knows; keep its answer.
    return sniffed.mime;
  }
  // No magic number: accept as text only if it decodes as UTF-8 without control characters.
  const text = content.toString("utf8");
  if (!text.includes("\uFFFD") && !/[\x00-\x08\x0E-\x1F]/.test(text)) return "text/plain";
  return "application/octet-stream";
}

export function sanitizeFilename(name: string) {
  const base = name.split(/[\\/]/).pop() ?? "upload";
  const clean = base
    .replace(/[\x00-\x1f\x7f]/g, "")
    .trim()
    .slice(0, 200);
  return clean || "upload";
}

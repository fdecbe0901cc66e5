import { fileTypeFromBuffer } from "file-type";

/** Files a visitor may send. Decided from the bytes, never from the name or the browser's claim. */
export const VISITOR_FILE_TYPES = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "text/plain",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
]);
export const MAX_VISITOR_FILE_BYTES = 10 * 1024 * 1024;

/** Types a browser may show inline from our origin; everything else downloads. */
const INLINE = /^(image\/(png|jpeg|gif|webp)|application\/pdf|text\/plain)$/;

export async function detectFileType(content: Buffer): Promise<string> {
  const sniffed = await fileTypeFromBuffer(content);
  if (sniffed) return sniffed.mime;
  // No magic number: text only if it is valid UTF-8 without control characters.
  const text = content.toString("utf8");
  if (!text.includes("\uFFFD") && !/[\x00-\x08\x0E-\x1F]/.test(text)) return "text/plain";
  return "application/octet-stream";
}

export function cleanFilename(name: unknown, contentType: string): string {
  const base = (typeof name === "string" ? name : "").split(/[\\/]/).pop() ?? "";
  const clean = base
    .replace(/[\x00-\x1f\x7f]/g, "")
    .trim()
    .slice(0, 200);
  if (clean) return clean;
  const ext = contentType.split("/")[1]?.replace(/^vnd\..*$/, "bin") ?? "bin";
  return `file.${ext}`;
}

/** Headers for serving a stored file to a browser: sandboxed so a hostile file cannot run script. */
export function fileHeaders(file: { filename: string; contentType: string; size: number }): Record<string, string> {
  const inline = INLINE.test(file.contentType);
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return {
    "Content-Type": inline ? file.contentType : "application/octet-stream",
    "Content-Length": String(file.size),
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
    "Cache-Control": "private, max-age=3600",
    "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  };
}

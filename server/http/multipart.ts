import type { Readable } from "node:stream";
import { AppError, badRequest } from "~/server/lib/errors.ts";

/** Where the one file part of a form goes, chunk by chunk (a disk file: nothing is held in memory). */
export interface FileSink {
  write(chunk: Buffer): Promise<void>;
}

export interface MultipartResult {
  fields: Record<string, string>;
  file: { field: string; filename: string; bytes: number } | null;
}

const FIELD_MAX_BYTES = 256 * 1024;
const HEADERS_MAX_BYTES = 8 * 1024;
const CRLF = Buffer.from("\r\n");
const HEADERS_END = Buffer.from("\r\n\r\n");

export function multipartBoundary(contentType: string | undefined): string {
  const m = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? "");
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new AppError("unsupported_media_type", "Send the file as multipart/form-data");
  return boundary;
}

/**
 * A streaming multipart/form-data reader (RFC 7578) for one file part and small text fields: the file
 * is handed to `sink` as it arrives, with backpressure (the body is iterated, so a slow disk slows the
 * client), and the whole body is cut off at `maxBytes` with a 413. Text fields may come before or after
 * the file.
 */
export async function readMultipart(body: Readable, boundary: string, maxBytes: number, sink: FileSink): Promise<MultipartResult> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields: Record<string, string> = {};
  let file: MultipartResult["file"] = null;
  // The body starts with `--boundary` (no CRLF before it): pretend it had one so every delimiter looks alike.
  let pending: Buffer = Buffer.from(CRLF);
  let state: "preamble" | "after-delimiter" | "headers" | "part" | "done" = "preamble";
  let part: { name: string; filename: string | null; chunks: Buffer[]; size: number } | null = null;
  let total = 0;

  const emit = async (data: Buffer) => {
    if (!part || data.length === 0) return;
    part.size += data.length;
    if (part.filename !== null) await sink.write(data);
    else if (part.size > FIELD_MAX_BYTES) throw badRequest(`Form field ${part.name} is too long`);
    else part.chunks.push(data);
  };
  const endPart = () => {
    if (!part) return;
    if (part.filename !== null) file = { field: part.name, filename: part.filename, bytes: part.size };
    else fields[part.name] = Buffer.concat(part.chunks).toString("utf8");
    part = null;
  };

  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw new AppError("payload_too_large", `The file is larger than ${Math.floor(maxBytes / 1024 / 1024)} MB`);
    if (state === "done") continue;
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (state === "preamble" || state === "part") {
        const at = pending.indexOf(delimiter);
        if (at === -1) {
          // Keep a tail that may be the start of a delimiter split across chunks.
          const keep = Math.min(pending.length, delimiter.length - 1);
          if (state === "part") await emit(pending.subarray(0, pending.length - keep));
          pending = pending.subarray(pending.length - keep);
          break;
        }
        if (state === "part") {
          await emit(pending.subarray(0, at));
          endPart();
        }
        pending = pending.subarray(at + delimiter.length);
        state = "after-delimiter";
      }
      if (state === "after-delimiter") {
        if (pending.length < 2) break;
        if (pending[0] === 0x2d && pending[1] === 0x2d) {
          state = "done";
          break;
        }
        const eol = pending.indexOf(CRLF);
        if (eol === -1) break;
        pending = pending.subarray(eol + 2);
        state = "headers";
      }
      if (state === "headers") {
        const end = pending.indexOf(HEADERS_END);
        if (end === -1) {
          if (pending.length > HEADERS_MAX_BYTES) throw badRequest("Malformed multipart body (part headers too long)");
          break;
        }
        part = parsePartHeaders(pending.subarray(0, end).toString("utf8"));
        if (part.filename !== null && file) throw badRequest("Send one file per import");
        pending = pending.subarray(end + HEADERS_END.length);
        state = "part";
        continue;
      }
      if (state === "done") break;
    }
  }
  if (state !== "done") throw badRequest("Malformed multipart body (it ends before its closing boundary)");
  return { fields, file };
}

function parsePartHeaders(text: string) {
  const disposition = text.split("\r\n").find((line) => /^content-disposition:/i.test(line)) ?? "";
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (!name) throw badRequest("Malformed multipart body (a part has no name)");
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
  return { name, filename, chunks: [] as Buffer[], size: 0 };
}

/**
 * Every page action reads its form through this, never `request.formData()` directly: that reads a
 * body of any size into memory before a handler could look at it (a 400 MB post to /login grew the
 * process by ~840 MB), and a malformed multipart body throws a 500. Page forms are text only (files go
 * to /api/v1/uploads), so a few MB is plenty: a 200,000-character Japanese reply is ~1.8 MB encoded.
 */
export const FORM_MAX_BYTES = 4 * 1024 * 1024;

export async function readForm(request: Request, maxBytes = FORM_MAX_BYTES): Promise<FormData> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const body = await readBounded(request, maxBytes);
  try {
    return await new Response(body, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new Response("The form could not be read (malformed body).", { status: 400 });
  }
}

/** The body, read chunk by chunk and abandoned as soon as it passes the limit (chunked bodies declare no length). */
async function readBounded(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Stop reading but don't cancel: cancelling destroys the socket before the 413 is written.
      // Backpressure pauses the rest; the server closes the connection after answering.
      reader.releaseLock();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    body.set(c, offset);
    offset += c.byteLength;
  }
  return body;
}

const tooLarge = (maxBytes: number) => new Response(`The form is larger than ${maxBytes / 1024 / 1024} MB.`, { status: 413 });

import { WorkerOutOfMemory, WorkerTaskTimeout, workerPool } from "~/integrations/core/worker-pool.ts";
import { EmailParseError, type ParsedEmail } from "./parse.ts";
import type { ParseTaskResult } from "./parse-worker.ts";

// Parsing a 25 MB mail takes well under a second; a mail that takes this long is an attack.
const PARSE_TIMEOUT_MS = 20_000;

const pool = workerPool<{ raw: Uint8Array; inboxAddress: string }, ParseTaskResult>(new URL("./parse-worker.ts", import.meta.url), {
  timeoutMs: PARSE_TIMEOUT_MS,
  // Raw mail is held in memory while it waits: 100 mails of the listener's maximum size at most.
  maxQueue: 100,
});

/**
 * parseEmail in a worker thread (issue 17, finding 1): MIME decoding, quote splitting and the HTML bounds
 * never block the event loop. Rejects with EmailParseError for a bad message or one that takes too long.
 */
export async function parseEmailOffThread(raw: Buffer, inboxAddress: string): Promise<ParsedEmail> {
  let result: ParseTaskResult;
  try {
    result = await pool.run({ raw, inboxAddress });
  } catch (err) {
    // Final, like any unparseable mail: the raw event keeps the bytes, and a re-run would only fail again.
    if (err instanceof WorkerTaskTimeout) throw new EmailParseError(`parsing took longer than ${PARSE_TIMEOUT_MS} ms`);
    if (err instanceof WorkerOutOfMemory) throw new EmailParseError("parsing ran out of memory");
    throw err;
  }
  if (!result.ok) throw new EmailParseError(result.reason);
  return asBuffers(result.parsed);
}

/** Structured clone turns Buffers into plain Uint8Arrays; attachments are Buffers again on this side. */
function asBuffers(parsed: ParsedEmail): ParsedEmail {
  if (parsed.kind !== "message") return parsed;
  for (const a of parsed.message.attachments ?? []) {
    const c = a.content as Uint8Array;
    if (!Buffer.isBuffer(c)) a.content = Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  }
  return parsed;
}

export const closeParsePool = () => pool.close();

import { EmailParseError, parseEmail, type ParsedEmail } from "./parse.ts";

export type ParseTaskResult = { ok: true; parsed: ParsedEmail } | { ok: false; reason: string };

/** Runs in a worker thread (parse-pool.ts): a bad message comes back as a reason, other errors as errors. */
export default async function parseTask(input: { raw: Uint8Array; inboxAddress: string }): Promise<ParseTaskResult> {
  const raw = Buffer.from(input.raw.buffer, input.raw.byteOffset, input.raw.byteLength);
  try {
    return { ok: true, parsed: await parseEmail(raw, input.inboxAddress) };
  } catch (err) {
    if (err instanceof EmailParseError) return { ok: false, reason: err.message };
    throw err;
  }
}

import { WorkerOutOfMemory, WorkerTaskTimeout, workerPool } from "~/integrations/core/worker-pool.ts";
import type { SanitizeTaskResult } from "./sanitize-html-worker.ts";

// HTML within the bounds (common/html-text.ts) sanitises in well under a second.
const SANITIZE_TIMEOUT_MS = 10_000;

const pool = workerPool<{ html: string; cidUrls: Record<string, string> }, SanitizeTaskResult>(
  new URL("./sanitize-html-worker.ts", import.meta.url),
  { timeoutMs: SANITIZE_TIMEOUT_MS, maxQueue: 100 },
);

/**
 * sanitizeHtml for HTML from outside, in a worker thread with a time limit (issue 17, finding 1). HTML over
 * the nesting/element bounds, or taking too long, comes back as `html: null` with the reason: the caller
 * keeps the message's text and records that its HTML was dropped.
 */
export async function sanitizeUntrustedHtml(html: string, cidUrls: Record<string, string> = {}): Promise<SanitizeTaskResult> {
  try {
    return await pool.run({ html, cidUrls });
  } catch (err) {
    // No text either: the text rendering is linear, but not worth another trip after a thread was killed.
    if (err instanceof WorkerTaskTimeout) return { html: null, dropped: `sanitising took longer than ${SANITIZE_TIMEOUT_MS} ms`, text: "" };
    if (err instanceof WorkerOutOfMemory) return { html: null, dropped: "sanitising ran out of memory", text: "" };
    throw err;
  }
}

export const closeSanitizePool = () => pool.close();

import { htmlOverLimits, htmlToText } from "~/common/html-text.ts";
import { sanitizeHtml } from "./sanitize-html.ts";

export type SanitizeTaskResult =
  | { html: string }
  | { html: null; dropped: string /** The HTML as plain text, for a message that has none. */; text: string };

/** Runs in a worker thread (sanitize-html-pool.ts). HTML over the bounds is not sanitised at all. */
export default function sanitizeTask(input: { html: string; cidUrls: Record<string, string> }): SanitizeTaskResult {
  const over = htmlOverLimits(input.html);
  if (over) return { html: null, dropped: over, text: htmlToText(input.html) };
  return { html: sanitizeHtml(input.html, { cidUrl: (cid) => input.cidUrls[cid] ?? null }) };
}

import { normalizeSubject as coreNormalizeSubject } from "~/integrations/core/subject.ts";

/**
 * Subject handling for threading: the `[#123]` ticket tag and a normalised subject for a
 * conservative subject match (reply/forward prefixes in the languages our customers' clients use).
 */
const TICKET_RE = /\[#(\d{1,9})\]/;

// Reply/forward prefixes: English, German (AW/WG), Nordic (Sv/VS), Dutch (Antw/Doorst), French (TR),
// Spanish (RV), Japanese clients (返信, 転送, 件名) incl. full-width colons and brackets like 「Re:」.
const PREFIX_RE =
  /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|antw|doorst|tr|rv|réf|ref|rif|odp|res|enc|返信|転送|件名)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]|「\s*(?:re|fw|fwd|返信|転送)\s*[:：]?\s*」)\s*/i;

export function extractTicketNumber(subject: string | undefined): number | undefined {
  const m = subject ? TICKET_RE.exec(subject) : null;
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/**
 * The domain compares this with core's normalizeSubject of the conversation's subject, so the result
 * is core's normalisation after stripping the extra mail-client prefixes known here (「Re:」, Doorst:, …).
 */
export function normalizeSubject(subject: string | undefined): string {
  let s = (subject ?? "").normalize("NFKC").replace(/\[#\d{1,9}\]/g, " ");
  for (let i = 0; i < 20; i++) {
    const next = s.replace(PREFIX_RE, "");
    if (next === s) break;
    s = next;
  }
  return coreNormalizeSubject(s);
}

/** Subject of an outgoing message: `Re: [#123] Original subject` (tags and prefixes never pile up). */
export function outboundSubject(subject: string, number: number, isReply: boolean): string {
  let base = (subject || "").replace(/\[#\d{1,9}\]\s*/g, "").trim();
  for (let i = 0; i < 20; i++) {
    const next = base.replace(PREFIX_RE, "");
    if (next === base) break;
    base = next;
  }
  const tagged = `[#${number}] ${base || "(no subject)"}`.trim();
  return isReply ? `Re: ${tagged}` : tagged;
}

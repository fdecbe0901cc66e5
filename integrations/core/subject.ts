/**
 * Normalises a subject for conservative thread matching: drops reply/forward prefixes in the
 * languages our users write (Re, Fwd, AW, WG, SV, VS, RV, 返信, 転送…), ticket tags like [#123],
 * list tags like [acme-users], and collapses whitespace. Shared by adapters and the domain.
 */
const PREFIX =
  /^\s*(?:(?:re|fwd?|aw|wg|sv|vs|rv|antw|r|tr|回复|回覆|答复|転送|返信)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*|\[[^\]]{1,40}\]\s*)+/iu;

export function normalizeSubject(subject: string | null | undefined): string {
  let s = (subject ?? "").normalize("NFKC");
  for (let i = 0; i < 10; i++) {
    const next = s.replace(PREFIX, "");
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, " ").trim().toLowerCase();
}

/** The ticket number from a subject tag like `[#123]`, if any. */
export function ticketNumberFromSubject(subject: string | null | undefined): number | undefined {
  const m = /\[#(\d{1,9})\]/.exec(subject ?? "");
  return m ? Number(m[1]) : undefined;
}

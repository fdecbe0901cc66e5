/**
 * Splits a plain-text reply into the new text and the quoted history below it, so agents read
 * what the customer just wrote first. Conservative: only well-known reply headers and trailing
 * `>` blocks count; when nothing new remains the whole text is kept as the new text.
 */
const ATTRIBUTION_PATTERNS: RegExp[] = [
  // Gmail / Apple Mail / Thunderbird: "On Tue, 3 Nov 2026 at 10:00, Jane <j@x> wrote:" (may wrap over 2 lines)
  /^On\b[^\n]{0,300}\bwrote:\s*$/im,
  /^On\b[^\n]{0,200}\n[^\n]{0,200}\bwrote:\s*$/im,
  // German, French, Spanish, Dutch, Nordic attributions
  /^Am\b[^\n]{0,300}\bschrieb[^\n]{0,100}:\s*$/im,
  /^Le\b[^\n]{0,300}\ba écrit\s*:\s*$/im,
  /^El\b[^\n]{0,300}\bescribió:\s*$/im,
  /^Op\b[^\n]{0,300}\bschreef[^\n]{0,100}:\s*$/im,
  /^Den\b[^\n]{0,300}\bskrev[^\n]{0,100}:\s*$/im,
  // Italian, Portuguese, Polish, Russian, Chinese, Korean (email-reply-parser misses the CJK forms)
  /^Il giorno\b[^\n]{0,300}\bha scritto:\s*$/im,
  /^(?:Em|No dia)\b[^\n]{0,300}\bescreveu:\s*$/im,
  /^(?:W dniu|Dnia)\b[^\n]{0,300}\bnapisał(?:a)?(?:\([a-z]+\))?:\s*$/im,
  /^[^\n]{0,300}\sнаписал(?:а)?(?:\(а\))?:\s*$/im,
  /^[^\n]{0,300}写道[:：]\s*$/m,
  /^[^\n]{0,300}작성[:：]\s*$/m,
  // Japanese Gmail: "2026年11月20日(金) 10:00 山田太郎 <yamada@example.jp>:" and "…さんは書きました:"
  /^\d{4}年\d{1,2}月\d{1,2}日[^\n]{0,200}[:：]\s*$/m,
  /^[^\n]{0,300}(?:書きました|wrote)[:：]\s*$/m,
  // Outlook: "-----Original Message-----", Japanese Outlook "-----元のメッセージ-----"
  /^\s*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|元のメッセージ)\s*-{2,}\s*$/im,
  // Outlook (new style): a rule line followed by a From:/差出人: header block
  /^_{10,}\s*\n+(?:From|Von|De|差出人|送信者)\s*[:：]/im,
  // Header block without a separator line: "From: … / Sent: …" (Outlook on the web)
  /^(?:From|差出人)\s*[:：][^\n]+\n(?:Sent|Date|送信日時|日付)\s*[:：]/im,
];

export interface SplitText {
  text: string;
  quoted?: string;
}

export function splitQuoted(full: string): SplitText {
  const text = full.replace(/\r\n?/g, "\n");
  let cut = -1;
  for (const re of ATTRIBUTION_PATTERNS) {
    const m = re.exec(text);
    if (m && (cut === -1 || m.index < cut)) cut = m.index;
  }
  const trailing = trailingQuoteStart(text);
  if (trailing !== -1 && (cut === -1 || trailing < cut)) cut = trailing;
  if (cut <= 0) return { text: full.trim() };
  const fresh = text.slice(0, cut).trim();
  const quoted = text.slice(cut).trim();
  if (!fresh) return { text: full.trim() };
  return { text: fresh, quoted };
}

/** Start offset of a block of `>`-quoted lines (blank lines allowed) that runs to the end. */
function trailingQuoteStart(text: string): number {
  const lines = text.split("\n");
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (/^\s*>/.test(line)) start = i;
    else if (line.trim() !== "") break;
  }
  if (start === -1) return -1;
  return lines.slice(0, start).reduce((n, l) => n + l.length + 1, 0);
}

/**
 * Cuts the quoted history from an HTML reply, as `quoted.ts` does for plain text, using the markers
 * mail clients put around it. Everything from the marker to the end goes to `quoted` (unclosed tags
 * are fine: the sanitiser balances them). Only a cut that leaves visible text behind is made.
 */
const START_MARKERS: RegExp[] = [
  /<div\b[^>]*\bclass\s*=\s*["']?[^"'>]*\bgmail_quote(?:_container)?\b/i, // Gmail
  /<div\b[^>]*\bclass\s*=\s*["']?[^"'>]*\byahoo_quoted\b/i, // Yahoo
  /<div\b[^>]*\bclass\s*=\s*["']?[^"'>]*\bmoz-cite-prefix\b/i, // Thunderbird
  /<div\b[^>]*\bid\s*=\s*["']?(?:divRplyFwdMsg|appendonsend)\b/i, // Outlook on the web / new Outlook
  /<hr\b[^>]*\bid\s*=\s*["']?stopSpelling\b/i, // older Outlook.com
  /<div\b[^>]*\bstyle\s*=\s*["'][^"']*border-top\s*:\s*solid\s+#(?:E1E1E1|B5C4DF)/i, // Outlook desktop header block
];

export interface SplitHtml {
  html: string;
  quoted?: string;
}

export function splitQuotedHtml(html: string): SplitHtml {
  let cut = -1;
  for (const re of START_MARKERS) {
    const m = re.exec(html);
    if (m && (cut === -1 || m.index < cut)) cut = m.index;
  }
  const apple = trailingCiteBlockquote(html);
  if (apple !== -1 && (cut === -1 || apple < cut)) cut = apple;
  if (cut <= 0) return { html };
  const fresh = html.slice(0, cut);
  if (!visibleText(fresh)) return { html };
  return { html: fresh, quoted: html.slice(cut) };
}

/**
 * Apple Mail quotes in `<blockquote type="cite">`. Inline answers interleave several of them with
 * new text, so only a cite block followed by nothing visible counts as trailing history.
 */
function trailingCiteBlockquote(html: string): number {
  const open = /<blockquote\b[^>]*\btype\s*=\s*["']?cite\b/gi;
  let last = -1;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const end = closingOf(html, m.index);
    if (end === -1) return -1;
    if (!visibleText(html.slice(end))) {
      last = m.index;
      break;
    }
    open.lastIndex = end;
  }
  return last;
}

/** Index just after the `</blockquote>` matching the `<blockquote` at `start`, or -1. */
function closingOf(html: string, start: number): number {
  const tag = /<(\/?)blockquote\b[^>]*>/gi;
  tag.lastIndex = start;
  let depth = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return m.index + m[0].length;
  }
  return -1;
}

function visibleText(html: string): boolean {
  const text = html
    .replace(/<(style|script|head|title)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;|&#160;/gi, " ");
  return /\S/.test(text);
}

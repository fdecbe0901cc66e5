/**
 * Linear-time looks at untrusted HTML, for what must never be slow: a nesting bomb (150,000 nested
 * `<div>`s in a 1.6 MB mail) makes a full HTML sanitiser take tens of seconds (issue 17, finding 1).
 * Both functions walk the string once with indexOf and no backtracking regular expression, so their
 * cost grows with the length of the input and nothing else.
 */

export interface HtmlLimits {
  maxDepth: number;
  maxElements: number;
}

/** Bounds an email needs; a deeper or bigger body is kept as text only (docs/security/mail-html-bombs.md). */
export const HTML_LIMITS: HtmlLimits = { maxDepth: 200, maxElements: 50_000 };

// Elements without content, and those whose end tag HTML lets a writer leave out (the parser closes
// them itself), do not deepen the tree; counting them would flag sloppy but harmless mail.
const NO_DEPTH = new Set(
  "area base br col embed hr img input link meta source track wbr p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rp".split(
    " ",
  ),
);
// Their content is not markup (and, for text, not shown).
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "noscript", "template", "iframe"]);
const BLOCK = new Set("br p div li tr h1 h2 h3 h4 h5 h6 blockquote pre table ul ol dl dt dd hr".split(" "));

interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  /** Index just after the tag's `>`. */
  end: number;
}

/** Calls `onText` for each run of text and `onTag` for each tag, in order; comments and doctypes are skipped. */
function scan(html: string, onText: (from: number, to: number) => void, onTag: (tag: Tag) => number | undefined): void {
  const lower = html.toLowerCase();
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt === -1) {
      onText(i, html.length);
      return;
    }
    if (lt > i) onText(i, lt);
    if (html.startsWith("<!--", lt)) {
      const close = html.indexOf("-->", lt + 4);
      if (close === -1) return;
      i = close + 3;
      continue;
    }
    const next = html.charCodeAt(lt + 1);
    const closing = next === 47; // "/"
    const nameStart = closing ? lt + 2 : lt + 1;
    if (next === 33 || next === 63) {
      // "<!doctype …>", "<?xml …>"
      const gt = html.indexOf(">", lt);
      if (gt === -1) return;
      i = gt + 1;
      continue;
    }
    if (!isLetter(html.charCodeAt(nameStart))) {
      onText(lt, lt + 1);
      i = lt + 1;
      continue;
    }
    let nameEnd = nameStart;
    while (nameEnd < html.length && !isNameEnd(html.charCodeAt(nameEnd))) nameEnd++;
    const gt = html.indexOf(">", nameEnd);
    if (gt === -1) return;
    const name = lower.slice(nameStart, nameEnd);
    const tag = { name, closing, selfClosing: html.charCodeAt(gt - 1) === 47, end: gt + 1 };
    i = onTag(tag) ?? tag.end;
    if (!closing && RAW_TEXT.has(name)) {
      // Skip to the matching end tag in one search; without one the rest is that element's content.
      const close = lower.indexOf(`</${name}`, tag.end);
      if (close === -1) return;
      i = close;
    }
  }
}

/** The first limit the HTML breaks ("nesting depth over 200"), or null when it is within them. */
export function htmlOverLimits(html: string, limits: HtmlLimits = HTML_LIMITS): string | null {
  let depth = 0;
  let elements = 0;
  let over: string | null = null;
  scan(
    html,
    () => {},
    (tag) => {
      if (over) return html.length;
      if (tag.closing) {
        if (!NO_DEPTH.has(tag.name) && depth > 0) depth--;
        return undefined;
      }
      elements++;
      if (!tag.selfClosing && !NO_DEPTH.has(tag.name) && !RAW_TEXT.has(tag.name)) depth++;
      if (depth > limits.maxDepth) over = `nesting depth over ${limits.maxDepth}`;
      else if (elements > limits.maxElements) over = `more than ${limits.maxElements} elements`;
      return over ? html.length : undefined;
    },
  );
  return over;
}

/** A plain-text rendering of HTML (for HTML-only mail and for HTML too big to sanitise): tags out, breaks kept. */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  scan(
    html,
    (from, to) => parts.push(html.slice(from, to)),
    (tag) => {
      if (BLOCK.has(tag.name) && (tag.closing || tag.name === "br" || tag.name === "hr")) parts.push("\n");
      return undefined;
    },
  );
  // Line by line: a regular expression for trailing blanks backtracks quadratically on a long run of spaces.
  const lines = decodeEntities(parts.join("")).split("\n");
  return lines
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#160": " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, ref: string) => {
    const named = NAMED[ref.toLowerCase()];
    if (named) return named;
    if (ref[0] !== "#") return whole;
    const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13 || c === 47 || c === 62;
}

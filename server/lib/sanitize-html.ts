import sanitize from "sanitize-html";

/**
 * Sanitises HTML received from the outside world (email bodies above all) before it is stored
 * or shown to agents. Allowlist-based: anything not listed here is dropped, so new HTML features
 * are unsafe until someone decides otherwise.
 *
 * - no script/style/form/iframe/object/embed, no event handlers, no javascript:/data: links;
 * - remote images (http/https, protocol-relative) are removed so opening a ticket never fires a
 *   sender's tracking pixel; an image with alt text leaves a visible "[image removed: alt]";
 * - `cid:` images (inline email parts) are rewritten through opts.cidUrl, or dropped when it
 *   returns null / is not given;
 * - links open in a new tab without referrer or opener.
 */
export interface SanitizeHtmlOptions {
  /** Maps an inline part's Content-ID (without `cid:` and angle brackets) to a URL we serve. */
  cidUrl?: (cid: string) => string | null;
}

const allowedTags = [
  "a",
  "abbr",
  "b",
  "blockquote",
  "br",
  "caption",
  "cite",
  "code",
  "col",
  "colgroup",
  "dd",
  "del",
  "div",
  "dl",
  "dt",
  "em",
  "font",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "img",
  "ins",
  "kbd",
  "li",
  "mark",
  "ol",
  "p",
  "pre",
  "q",
  "s",
  "small",
  "span",
  "strike",
  "strong",
  "sub",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "u",
  "ul",
];

// Colours and text formatting mail relies on. Values must match these patterns whole, so url(),
// expression() and anything else that could load a resource or run code never passes.
const COLOR = [
  /^#[0-9a-f]{3,8}$/i,
  /^rgba?\(\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*(?:,\s*(?:0|1|0?\.\d+)\s*)?\)$/i,
  /^[a-z]{3,20}$/i,
];
const allowedStyles: sanitize.IOptions["allowedStyles"] = {
  "*": {
    color: COLOR,
    "background-color": COLOR,
    "text-align": [/^(?:left|right|center|justify)$/],
    "font-weight": [/^(?:normal|bold|bolder|lighter|[1-9]00)$/],
    "font-style": [/^(?:normal|italic|oblique)$/],
    "text-decoration": [/^(?:none|underline|line-through|overline)$/],
    "font-size": [/^\d{1,3}(?:\.\d{1,2})?(?:px|pt|em|rem|%)$/],
    "white-space": [/^(?:normal|pre|pre-wrap|pre-line|nowrap)$/],
  },
};

// Presentation attributes mail clients rely on; `style` is filtered by allowedStyles above.
const allowedAttributes: sanitize.IOptions["allowedAttributes"] = {
  // rel/target are always overwritten by transformTags.a; listed so they survive the filter.
  a: ["href", "title", "name", "rel", "target"],
  img: ["src", "alt", "title", "width", "height"],
  td: ["colspan", "rowspan", "align", "valign", "width"],
  th: ["colspan", "rowspan", "align", "valign", "width", "scope"],
  table: ["width", "border", "cellpadding", "cellspacing", "align"],
  col: ["span", "width"],
  font: ["color", "size"],
  ol: ["start", "type"],
  blockquote: ["cite", "type"],
  "*": ["dir", "lang", "align", "style"],
};

export function sanitizeHtml(html: string, opts: SanitizeHtmlOptions = {}): string {
  return sanitize(html, {
    allowedTags,
    allowedAttributes,
    allowedStyles,
    // Only these schemes survive in href/src; everything else (javascript:, data:, vbscript:) is stripped.
    allowedSchemes: ["http", "https", "mailto", "tel", "cid"],
    allowedSchemesByTag: { img: ["cid", "http", "https"] },
    allowProtocolRelative: true,
    // Dropped together with their content (the default keeps text of unknown tags, which for these is code).
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "head", "template", "iframe", "object", "embed"],
    disallowedTagsMode: "discard",
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: "noopener noreferrer nofollow", target: "_blank" },
      }),
      img: (tagName, attribs) => rewriteImage(tagName, attribs, opts),
    },
  });
}

function rewriteImage(tagName: string, attribs: sanitize.Attributes, opts: SanitizeHtmlOptions): sanitize.Tag {
  const src = (attribs.src ?? "").trim();
  const cid = /^cid:/i.exec(src) ? src.slice(4).replace(/^<|>$/g, "") : null;
  if (cid !== null) {
    const url = cid && opts.cidUrl ? opts.cidUrl(cid) : null;
    if (url) return { tagName, attribs: { ...attribs, src: url } };
  }
  // Remote, relative, data: or unresolvable cid: all become a visible placeholder (or nothing).
  // A tag name outside the allowlist: the element is discarded and only `text` (if any) is kept.
  const alt = (attribs.alt ?? "").trim();
  return { tagName: "x-removed-image", attribs: {}, text: alt ? `[image removed: ${alt}]` : undefined };
}

// Customer HTML (already sanitised at ingest) is shown in an iframe with an empty sandbox: no
// scripts, no forms, no same-origin access, no navigation of this page. Defence in depth in case
// the sanitiser ever misses something. The frame cannot report its height (that would need
// scripts or same-origin access), so the height is estimated from the text and the agent can
// drag it taller.
const FRAME_STYLE = `
  body { margin: 0; padding: 4px 2px; font: 14px/1.55 system-ui, -apple-system, "Segoe UI", Roboto,
    "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif;
    color: #1f2328; overflow-wrap: anywhere; }
  img { max-width: 100%; height: auto; }
  table { max-width: 100%; }
  blockquote { margin: 0 0 0 8px; padding-left: 10px; border-left: 3px solid #e3e3de; color: #57606a; }
  a { color: #3b5bdb; }
  pre { white-space: pre-wrap; }
`;

const CSP = "default-src 'none'; img-src 'self' data: http: https:; style-src 'unsafe-inline'";

export function estimateHeight(text: string, html: string): number {
  const lines = text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 80)), 0);
  const images = (html.match(/<img\b/gi) ?? []).length;
  const tables = (html.match(/<tr\b/gi) ?? []).length;
  return Math.max(60, Math.min(640, lines * 22 + images * 160 + tables * 6 + 24));
}

export function HtmlBody({ html, text, title }: { html: string; text: string; title: string }) {
  const srcDoc = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><style>${FRAME_STYLE}</style></head><body>${html}</body></html>`;
  return (
    <div style={{ resize: "vertical", overflow: "hidden", height: estimateHeight(text, html), minHeight: 48 }}>
      <iframe className="msg-html" sandbox="" srcDoc={srcDoc} title={title} style={{ height: "100%" }} loading="lazy" />
    </div>
  );
}

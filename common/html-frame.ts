/**
 * The document a sanitised mail body is shown in (app/components/conversation/html-body.tsx): inline
 * as an iframe's srcDoc, or served by the server for a body kept in the file store
 * (server/http/message-html.ts). Both get the same style and the same Content-Security-Policy.
 */
export const FRAME_STYLE = `
  body { margin: 0; padding: 4px 2px; font: 14px/1.55 system-ui, -apple-system, "Segoe UI", Roboto,
    "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif;
    color: #1f2328; overflow-wrap: anywhere; }
  img { max-width: 100%; height: auto; }
  table { max-width: 100%; }
  blockquote { margin: 0 0 0 8px; padding-left: 10px; border-left: 3px solid #e3e3de; color: #57606a; }
  a { color: #3b5bdb; }
  pre { white-space: pre-wrap; }
`;

export const FRAME_CSP = "default-src 'none'; img-src 'self' data: http: https:; style-src 'unsafe-inline'";

/** What comes before and after the body's HTML. */
export const FRAME_HEAD = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><style>${FRAME_STYLE}</style></head><body>`;
export const FRAME_TAIL = "</body></html>";

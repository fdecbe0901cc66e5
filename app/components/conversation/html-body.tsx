import { lazy, Suspense } from "react";

// Customer HTML (already sanitised at ingest) is shown in an iframe with an empty sandbox: no
// scripts, no forms, no same-origin access, no navigation of this page. Defence in depth in case
// the sanitiser ever misses something. The frame cannot report its height (that would need
// scripts or same-origin access), so the height is estimated from the text and the agent can
// drag it taller. A body too large for the database row (issue 17, finding 6) is loaded from its
// URL, served with the same style and a sandboxing Content-Security-Policy. The frame's code and
// style load with the first HTML message shown; the box keeps its height meanwhile.

const MAX_HEIGHT = 640;
const SandboxedFrame = lazy(() => import("./sandboxed-frame.tsx").then((m) => ({ default: m.SandboxedFrame })));

export function estimateHeight(text: string, html: string): number {
  const lines = text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 80)), 0);
  const images = (html.match(/<img\b/gi) ?? []).length;
  const tables = (html.match(/<tr\b/gi) ?? []).length;
  return Math.max(60, Math.min(MAX_HEIGHT, lines * 22 + images * 160 + tables * 6 + 24));
}

export function HtmlBody({ html, url, text, title }: { html: string | null; url: string | null; text: string; title: string }) {
  return (
    <div style={{ resize: "vertical", overflow: "hidden", height: url ? MAX_HEIGHT : estimateHeight(text, html ?? ""), minHeight: 48 }}>
      <Suspense fallback={null}>
        <SandboxedFrame html={html} url={url} title={title} />
      </Suspense>
    </div>
  );
}

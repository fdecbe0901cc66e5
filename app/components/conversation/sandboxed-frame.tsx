import { FRAME_HEAD, FRAME_TAIL } from "~/common/html-frame.ts";

/** An HTML body in an iframe with an empty sandbox (see html-body.tsx), from the row or from its URL. */
export function SandboxedFrame({ html, url, title }: { html: string | null; url: string | null; title: string }) {
  const source = url ? { src: url } : { srcDoc: `${FRAME_HEAD}${html ?? ""}${FRAME_TAIL}` };
  return <iframe className="msg-html" sandbox="" {...source} title={title} style={{ height: "100%" }} loading="lazy" />;
}

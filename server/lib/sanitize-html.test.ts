import { describe, expect, it } from "vitest";
import { sanitizeHtml } from "./sanitize-html.ts";

const cidUrl = (cid: string) => (cid === "unknown@x" ? null : `/attachments/inline/${encodeURIComponent(cid)}`);

describe("sanitizeHtml", () => {
  it("keeps ordinary formatting and Japanese text", () => {
    const html = `<p dir="ltr"><b>こんにちは</b> <i>world</i></p><table border="1"><tr><td colspan="2">セル</td></tr></table>`;
    expect(sanitizeHtml(html)).toBe(html);
  });

  it("drops script, style, form, iframe, object and embed with their content", () => {
    const out = sanitizeHtml(
      `<p>a</p><script>alert(1)</script><style>p{color:red}</style><form action="/x"><input name="q"><button>go</button></form>` +
        `<iframe src="https://evil.example/"></iframe><object data="x.swf">fallback</object><embed src="x.swf"><noscript>ns</noscript>`,
    );
    expect(out).not.toMatch(/script|style|form|input|iframe|object|embed|alert|color:red|noscript/i);
    expect(out.startsWith("<p>a</p>")).toBe(true);
  });

  it("removes event handlers and any style that could load or run something", () => {
    const out = sanitizeHtml(`<div onclick="steal()" onmouseover="x()" style="background:url(https://t.example/p)">hi</div>`);
    expect(out).toBe("<div>hi</div>");
    const styles = sanitizeHtml(
      `<p style="color: red; background-image: url(https://t.example/x); width: expression(alert(1)); font-weight: bold">a</p>` +
        `<p style="color: url(javascript:alert(1)); background-color: #fff; behavior: url(x.htc)">b</p><p style="@import 'https://t.example/x.css'">c</p>`,
    );
    expect(styles).toBe(`<p style="color:red;font-weight:bold">a</p><p style="background-color:#fff">b</p><p>c</p>`);
  });

  it.each([
    `javascript:alert(1)`,
    `JaVaScRiPt:alert(1)`,
    ` javascript:alert(1)`,
    `java\tscript:alert(1)`,
    `&#106;avascript:alert(1)`,
    `vbscript:msgbox(1)`,
    `data:text/html,<script>alert(1)</script>`,
  ])("strips a dangerous href %s", (href) => {
    const out = sanitizeHtml(`<a href="${href}">click</a>`);
    expect(out).toBe(`<a rel="noopener noreferrer nofollow" target="_blank">click</a>`);
  });

  it("forces safe rel and target on links, overriding the sender's", () => {
    const out = sanitizeHtml(`<a href="https://ok.example/a?b=1&amp;c=2" target="_self" rel="opener">ok</a>`);
    expect(out).toBe(`<a href="https://ok.example/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">ok</a>`);
  });

  it("removes remote images (tracking pixels) and leaves alt text visible", () => {
    const out = sanitizeHtml(
      `<p>x<img src="https://track.example/open.gif" width="1" height="1"><img src="http://cdn.example/logo.png" alt="ACME logo">` +
        `<img src="//cdn.example/p.png"><img src="data:image/png;base64,iVBORw0KGgo=" alt="inline data"><img src=x onerror=alert(1)></p>`,
    );
    expect(out).toBe("<p>x[image removed: ACME logo][image removed: inline data]</p>");
  });

  it("escapes alt text placed into the placeholder", () => {
    const out = sanitizeHtml(`<img src="https://t.example/x" alt="<script>alert(1)</script>">`);
    expect(out).toBe("[image removed: &lt;script&gt;alert(1)&lt;/script&gt;]");
  });

  it("rewrites cid: images through cidUrl and drops unknown ones", () => {
    const out = sanitizeHtml(
      `<img src="cid:logo@acme.example" alt="logo"><img src="CID:<part2@x>"><img src="cid:unknown@x" alt="lost"><img src="cid:unknown@x">`,
      { cidUrl },
    );
    expect(out).toBe(
      `<img src="/attachments/inline/logo%40acme.example" alt="logo" /><img src="/attachments/inline/part2%40x" />[image removed: lost]`,
    );
  });

  it("drops cid: images when no resolver is given", () => {
    expect(sanitizeHtml(`<img src="cid:a@b">`)).toBe("");
  });

  it("does not let a resolver return a dangerous URL", () => {
    expect(sanitizeHtml(`<img src="cid:a@b">`, { cidUrl: () => "javascript:alert(1)" })).toBe("<img />");
  });

  it("neutralises SVG/MathML, meta refresh, base and mutation-XSS tricks", () => {
    const out = sanitizeHtml(
      `<svg onload="alert(1)"><script>alert(2)</script></svg><math><mi xlink:href="javascript:alert(3)">m</mi></math>` +
        `<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">` +
        `<noscript><p title="</noscript><img src=x onerror=alert(4)>"></noscript><table background="https://t.example/bg.gif"><tr><td>t</td></tr></table>`,
    );
    expect(out).not.toMatch(/alert|svg|math|meta|base|onerror|background|evil/i);
  });

  it("survives malformed and deeply nested input", () => {
    const deep = `${"<div>".repeat(5000)}x${"</div>".repeat(10)}`;
    const out = sanitizeHtml(`${deep}<p <a href='javascript:1'>unclosed <b>bold`);
    expect(out).toContain("x");
    expect(out).not.toMatch(/javascript/);
  });
});

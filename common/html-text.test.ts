import { describe, expect, it } from "vitest";
import { htmlOverLimits, htmlToText } from "./html-text.ts";

const bomb = (depth: number) => `${"<div>".repeat(depth)}deep text${"</div>".repeat(depth)}`;

describe("htmlOverLimits", () => {
  it("flags a 150,000-deep nesting bomb and a flood of elements", () => {
    expect(htmlOverLimits(bomb(150_000))).toBe("nesting depth over 200");
    expect(htmlOverLimits("<span>a</span>".repeat(50_001))).toBe("more than 50000 elements");
  });

  it("lets ordinary mail through, including unclosed paragraphs, list items and void elements", () => {
    expect(htmlOverLimits(bomb(200))).toBeNull();
    expect(htmlOverLimits(`<table>${"<tr><td>a<td>b".repeat(500)}</table>`)).toBeNull();
    expect(htmlOverLimits(`${"<p>line<br>".repeat(1000)}${"<img src=x>".repeat(1000)}<hr/>`)).toBeNull();
    expect(htmlOverLimits(bomb(201))).toBe("nesting depth over 200");
  });

  it("does not count markup inside comments, scripts or styles", () => {
    expect(htmlOverLimits(`<!--${"<div>".repeat(1000)}--><style>${"<div>".repeat(1000)}</style>`)).toBeNull();
  });
});

describe("htmlToText", () => {
  it("keeps the text of a nesting bomb", () => {
    expect(htmlToText(bomb(150_000))).toBe("deep text");
  });

  it("keeps line breaks, drops scripts, styles and comments, decodes entities, keeps Japanese", () => {
    const html = `<html><head><title>t</title><style>p{color:red}</style></head><body><p>こんにちは&nbsp;世界</p><div>A &amp; B &lt;c&gt; &#x1F600;</div>x<br>y<script>alert(1)</script><!-- note --></body></html>`;
    expect(htmlToText(html)).toBe("こんにちは 世界\nA & B <c> 😀\nx\ny");
  });

  it("treats a stray < as text and an unterminated tag or comment as the end", () => {
    expect(htmlToText("1 < 2 and <b>bold")).toBe("1 < 2 and bold");
    expect(htmlToText("before<!-- never closed <b>x</b>")).toBe("before");
    expect(htmlToText("before<b never closed")).toBe("before");
  });
});

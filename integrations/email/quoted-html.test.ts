import { describe, expect, it } from "vitest";
import { splitQuotedHtml } from "./quoted-html.ts";

describe("splitQuotedHtml", () => {
  it("cuts Gmail's quote", () => {
    const html = `<div dir="ltr">Thanks!</div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Tue, Aiko wrote:<br></div><blockquote class="gmail_quote">Hi</blockquote></div>`;
    expect(splitQuotedHtml(html)).toEqual({
      html: `<div dir="ltr">Thanks!</div><br>`,
      quoted: html.slice(html.indexOf(`<div class="gmail_quote`)),
    });
  });

  it("cuts Outlook's reply header block", () => {
    const html = `<html><body><p>Danke</p><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Acme</div><p>old</p></body></html>`;
    const out = splitQuotedHtml(html);
    expect(out.html).toBe(`<html><body><p>Danke</p>`);
    expect(out.quoted).toContain("divRplyFwdMsg");
  });

  it("cuts a trailing Apple Mail cite block but keeps inline answers", () => {
    const trailing = `<div>Sounds good.</div><div><br><blockquote type="cite"><div>On 17 Nov, Aiko wrote:</div><blockquote type="cite">older</blockquote></blockquote></div>`;
    expect(splitQuotedHtml(trailing).html).toBe(`<div>Sounds good.</div><div><br>`);
    const inline = `<blockquote type="cite">Which plan?</blockquote><div>Yearly.</div><blockquote type="cite">Size?</blockquote><div>Large.</div>`;
    expect(splitQuotedHtml(inline)).toEqual({ html: inline });
  });

  it("keeps everything when nothing visible would remain", () => {
    const html = `<div class="gmail_quote">---------- Forwarded message ---------<br>From: Carla</div>`;
    expect(splitQuotedHtml(html)).toEqual({ html });
    expect(splitQuotedHtml("<p>plain</p>")).toEqual({ html: "<p>plain</p>" });
  });
});

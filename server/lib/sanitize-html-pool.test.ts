import { afterAll, describe, expect, it } from "vitest";
import { closeSanitizePool, sanitizeUntrustedHtml } from "./sanitize-html-pool.ts";

afterAll(() => closeSanitizePool());

describe("sanitizeUntrustedHtml", () => {
  it("sanitises in the pool, mapping inline images to the URLs given", async () => {
    const r = await sanitizeUntrustedHtml('<p onclick="x()">こんにちは<img src="cid:logo@x"><script>alert(1)</script></p>', {
      "logo@x": "/attachments/a1",
    });
    expect(r).toEqual({ html: '<p>こんにちは<img src="/attachments/a1" /></p>' });
  });

  it("does not sanitise a 150,000-deep nesting bomb: it comes back as text with the reason", async () => {
    const bomb = `${"<div>".repeat(150_000)}order 123${"</div>".repeat(150_000)}`;
    expect(await sanitizeUntrustedHtml(bomb)).toEqual({ html: null, dropped: "nesting depth over 200", text: "order 123" });
  });
});

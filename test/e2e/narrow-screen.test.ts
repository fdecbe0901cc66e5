import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

// A phone-sized window (issue 10: a usable single pane at 390 px wide), in English and Japanese.
let server: TestServer;
let browser: Browser;
let conversationId: string;
const SHOTS = process.env.E2E_SCREENSHOTS;

beforeAll(async () => {
  server = await startTestServer();
  const inbox = await server.createInbox("email", "Support", { address: "support@narrow.example" });
  ({ conversationId } = await ingestInboundMessage(server.ctx, {
    inboxId: inbox,
    message: {
      providerMessageId: "<narrow-1@e2e>",
      from: { kind: "email", address: "hanako@example.jp", displayName: "山田 花子" },
      subject: "返金について",
      text: "先週注文した商品の返金をお願いします。",
    },
  }));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("390 px wide", () => {
  for (const locale of ["en-US", "ja-JP"]) {
    it(`goes list → conversation → back to the list in one pane (${locale})`, async () => {
      const tracked: TrackedPage = await openPage(browser, { locale, width: 390 });
      const { page } = tracked;
      try {
        await signIn(page, server.url, ADMIN.email, ADMIN.password);
        await page.goto(`${server.url}/inbox/all`);
        const row = page.locator(`a.conv-item[data-conversation-id="${conversationId}"]`);
        await row.waitFor();
        // The list has the whole width; no pane beside it, nothing wider than the screen.
        expect((await row.boundingBox())!.width).toBeGreaterThan(340);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/narrow-list-${locale}.png` });
        await row.click();
        await page.locator("article.msg", { hasText: "返金をお願いします" }).waitFor();
        expect(await row.isVisible()).toBe(false);
        const composer = page.locator("textarea").first();
        expect((await composer.boundingBox())!.width).toBeGreaterThan(300);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/narrow-conversation-${locale}.png` });
        await page.locator("a.back-to-list").click();
        await page.waitForURL(/\/inbox\/all$/);
        await row.waitFor();
        // The views stay reachable, in a bar below.
        await page.locator("nav.sidenav a[href='/inbox/unassigned']").click();
        await page.waitForURL(/\/inbox\/unassigned/);
        expect(tracked.errors, tracked.errors.join("\n")).toEqual([]);
      } finally {
        await tracked.context.close();
      }
    });
  }
});

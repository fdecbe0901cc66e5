import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

// Searching from the top bar and opening a hit at the right message, in a real Chromium (issue 11).
let server: TestServer;
let browser: Browser;
let admin: TrackedPage;
const run = randomBytes(3).toString("hex");
const SHOTS = process.env.E2E_SCREENSHOTS;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  admin = await openPage(browser);
  await signIn(admin.page, server.url, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("search", () => {
  it("finds a Japanese two-character word from the top bar and opens the conversation at that message", async () => {
    const inbox = await server.createInbox("email", "Support", { address: `search-${run}@e2e.example` });
    const from = { kind: "email" as const, address: `yamada-${run}@example.jp`, displayName: "山田 太郎" };
    const first = await ingestInboundMessage(server.ctx, {
      inboxId: inbox,
      message: { providerMessageId: `<a-${run}@e2e>`, from, subject: `請求 ${run}`, text: "請求書を送ってください。" },
    });
    let hit = first;
    for (let i = 0; i < 30; i++) {
      hit = await ingestInboundMessage(server.ctx, {
        inboxId: inbox,
        message: {
          providerMessageId: `<b${i}-${run}@e2e>`,
          from,
          subject: `Re: 請求 ${run}`,
          text: i === 3 ? `返金をお願いします <b>${run}</b>` : `追加の連絡 ${i}`,
          threading: { references: [`<a-${run}@e2e>`] },
        },
      });
      if (i === 3) break;
    }
    const { page } = admin;
    await page.goto(`${server.url}/`);
    await page.fill("#global-search", `返金 ${run}`);
    await page.press("#global-search", "Enter");
    await page.waitForURL(/\/search\?/);
    const item = page.locator("li.search-hit", { hasText: run });
    await item.waitFor();
    expect(await item.locator("mark").first().textContent()).toBe("返金");
    // The message's markup is shown as text, never rendered.
    expect(await item.locator(".snippet").textContent()).toContain(`<b>${run}</b>`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/search-results.png` });
    await item.locator("a").click();
    await page.waitForURL(new RegExp(`/conversations/${hit.conversationId}\\?message=${hit.messageId}`));
    const marked = page.locator(`[data-message-id="${hit.messageId}"][data-search-hit="true"]`);
    await marked.waitFor();
    expect(await marked.isVisible()).toBe(true);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/search-opened.png` });
    expect(admin.errors).toEqual([]);
  });
});

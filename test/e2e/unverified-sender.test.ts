import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { launchBrowser, openPage, signIn } from "~/test/support/browser.ts";
import { ADMIN, startTestServer, type TestServer } from "~/test/support/server.ts";

// The "unverified sender" badge and its explanation on a message (decision 014), in English and Japanese.
let server: TestServer;
let browser: Browser;
const SHOTS = process.env.E2E_SCREENSHOTS;
const run = randomBytes(3).toString("hex");

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("unverified senders", () => {
  it("shows the badge, the reason and the SPF/DKIM/DMARC results, in both languages", async () => {
    const inboxId = await server.createInbox("email", `Support ${run}`, { address: `support-${run}@e2e.example` });
    const auth = {
      verdict: "fail",
      spf: "fail",
      dkim: "none",
      dmarc: "fail",
      fromDomain: "bank.example",
      dkimDomains: [],
      ip: "203.0.113.9",
    };
    const spoof = await ingestInboundMessage(server.ctx, {
      inboxId,
      message: {
        providerMessageId: `spoof-${run}@bank.example`,
        from: { kind: "email", address: `ceo-${run}@bank.example`, displayName: "CEO" },
        subject: "Urgent transfer",
        text: "Please wire the money today.",
        senderAuth: "fail",
        meta: { auth },
      },
    });
    for (const [locale, badge, reason] of [
      ["en-US", "Unverified sender", "failed its sender's domain checks"],
      ["ja-JP", "送信者未確認", "なりすましの可能性"],
    ] as const) {
      // The UI speaks the user's own language setting.
      await server.ctx.db.user.update({ where: { email: ADMIN.email }, data: { locale: locale.slice(0, 2) } });
      const tracked = await openPage(browser, { locale });
      await signIn(tracked.page, server.url, ADMIN.email, ADMIN.password);
      await tracked.page.goto(`${server.url}/conversations/${spoof.conversationId}`);
      const message = tracked.page.locator("article.msg", { hasText: "Please wire the money today." });
      await message.locator(".badge.unverified", { hasText: badge }).waitFor();
      const note = await message.locator(".unverified-sender").textContent();
      expect(note).toContain(reason);
      expect(note).toContain("SPF fail · DKIM none · DMARC fail");
      if (SHOTS) await tracked.page.screenshot({ path: `${SHOTS}/unverified-sender-${locale}.png` });
      expect(tracked.errors, tracked.errors.join("\n")).toEqual([]);
      await tracked.context.close();
    }
  });
});

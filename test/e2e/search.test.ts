import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { uploadDocument } from "~/server/domain/documents/upload-document.ts";
import { loadActor, type Actor } from "~/server/domain/access.ts";

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
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("opens a hit older than the newest 500 messages at that message", async () => {
    const inbox = await server.createInbox("email", "Support deep", { address: `deep-${run}@e2e.example` });
    const from = { kind: "email" as const, address: `deep-${run}@example.jp`, displayName: "佐藤 花子" };
    const hit = await ingestInboundMessage(server.ctx, {
      inboxId: inbox,
      message: { providerMessageId: `<deep-${run}@e2e>`, from, subject: `長い履歴 ${run}`, text: `解約の件 deep${run}` },
    });
    const { contactId } = await server.ctx.db.conversation.findUniqueOrThrow({
      where: { id: hit.conversationId },
      select: { contactId: true },
    });
    // 520 later messages: the hit falls outside the newest page of 500.
    const start = Date.now() + 1000;
    await server.ctx.db.message.createMany({
      data: Array.from({ length: 520 }, (_, i) => ({
        conversationId: hit.conversationId,
        contactId,
        inboxId: inbox,
        direction: "inbound" as const,
        channel: "email",
        text: `later ${i}`,
        createdAt: new Date(start + i * 1000),
      })),
    });
    const { page } = admin;
    await page.goto(`${server.url}/search?q=${encodeURIComponent(`deep${run}`)}`);
    const item = page.locator("li.search-hit", { hasText: `deep${run}` });
    await item.locator("a").click();
    await page.waitForURL(new RegExp(`/conversations/${hit.conversationId}\\?message=${hit.messageId}`));
    const marked = page.locator(`[data-message-id="${hit.messageId}"][data-search-hit="true"]`);
    await marked.waitFor();
    expect(await marked.isVisible()).toBe(true);
    // The page around the hit, and a way to the newest messages.
    await page.locator(".newer-messages").waitFor();
    expect(await page.locator("article.msg").count()).toBeLessThanOrEqual(500);
    expect(await page.locator("article.msg", { hasText: "later 519" }).count()).toBe(0);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/search-opened-deep.png` });
    await page.locator(".newer-messages").click();
    await page.locator("article.msg", { hasText: "later 519" }).waitFor();
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("lists a customer's library document found by its name under Files, in English and Japanese", async () => {
    const contact = await server.ctx.db.contact.create({ data: { name: `鈴木 ${run}` } });
    const user = await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email }, select: { id: true } });
    const actor = (await loadActor(server.ctx, user.id)) as Actor;
    const content = Buffer.from(`%PDF-1.4\n1 0 obj<</Title (x)>>endobj\ntrailer<<>>\n%%EOF\n`);
    await uploadDocument(server.ctx, actor, { owner: { contactId: contact.id }, filename: `返金規定-${run}.pdf`, content });
    const { page } = admin;
    await page.goto(`${server.url}/search?q=${encodeURIComponent(`規定 ${run}`)}`);
    const item = page.locator("li.search-document", { hasText: run });
    await item.waitFor({ timeout: 30_000 });
    expect(await page.locator("h2", { hasText: "Files" }).count()).toBe(1);
    expect(await item.locator("mark").allTextContents()).toEqual(["規定", run]);
    expect(await item.locator("a[download]").getAttribute("href")).toMatch(/^\/attachments\//);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/search-documents.png` });
    await server.ctx.db.user.update({ where: { id: user.id }, data: { locale: "ja" } });
    try {
      await page.reload();
      await page.locator("h2", { hasText: "ファイル" }).waitFor({ timeout: 30_000 });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/search-documents-ja.png` });
    } finally {
      await server.ctx.db.user.update({ where: { id: user.id }, data: { locale: "en" } });
    }
    await item.locator("a.result-item").click();
    await page.waitForURL(new RegExp(`/contacts/${contact.id}`));
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, FrameLocator } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";

// Issue 2, done when: a visitor chats through the embedded widget on a customer's site (another
// origin) in real Chromium, and an agent answers from the workspace in another browser context.
// Everything travels through the real server: the widget's socket, the agent UI, the outbox.
let server: TestServer;
let browser: Browser;
let agent: TrackedPage;
let visitor: TrackedPage;
let site: Server;
let siteUrl = "";
let inboxId = "";
let conversationId = "";

/** The chat inside the widget's iframe on the host page. */
const chat = (): FrameLocator => visitor.page.frameLocator("#switchboard-chat-frame");

async function openWidget() {
  await visitor.page.goto(siteUrl);
  await visitor.page.getByRole("button", { name: "チャットを開く" }).click();
  await chat().getByRole("textbox", { name: "メッセージを入力…" }).waitFor();
}

async function visitorSays(text: string) {
  const input = chat().getByRole("textbox", { name: "メッセージを入力…" });
  await input.fill(text);
  await input.press("Enter");
  // The bubble carries "あなた · time" only once the server acknowledged the message.
  await chat()
    .locator(".msg-mine", { hasText: text })
    .getByText(/^あなた · /)
    .waitFor();
}

async function agentWrites(mode: "reply" | "note", text: string) {
  const { page } = agent;
  await page.locator(".composer-tab", { hasText: mode === "reply" ? "Reply" : "Note" }).click();
  const box = page.locator(".composer textarea");
  await box.fill(text);
  await box.press("Control+Enter");
  await page.locator(`article.msg.${mode === "reply" ? "outbound" : "note"}`, { hasText: text }).waitFor();
  await expect.poll(() => box.inputValue()).toBe("");
}

beforeAll(async () => {
  server = await startTestServer();
  inboxId = await server.createInbox("web_chat", "Website", { title: "サポート", greeting: "こんにちは！ご用件をどうぞ。" });
  // The customer's own site on another origin (localhost vs 127.0.0.1), embedding the loader.
  site = createServer((_req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(`<!doctype html><html><head><title>Shop</title></head><body><h1>Example Shop</h1>
<script src="${server.url}/widget.js" data-inbox="${inboxId}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
  agent = await openPage(browser);
  visitor = await openPage(browser, { locale: "ja-JP", width: 1100 });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await server?.stop();
});

describe("web chat widget with an agent in the workspace", () => {
  it("shows the visitor's first message live in the agent's list, and it opens", async () => {
    await signIn(agent.page, server.url, ADMIN.email, ADMIN.password);
    await agent.page.goto(`${server.url}/inbox/all`);
    await agent.page.getByText("All conversations").waitFor();
    expect(await agent.page.locator("a.conv-item").count()).toBe(0);

    await openWidget();
    await visitorSays("注文した商品がまだ届きません");

    const row = agent.page.locator("a.conv-item", { hasText: "注文した商品がまだ届きません" });
    await row.waitFor({ timeout: 15_000 });
    conversationId = (await row.getAttribute("data-conversation-id"))!;
    await row.click();
    await agent.page.waitForURL(new RegExp(`/inbox/all/${conversationId}`));
    await agent.page.locator("article.msg.inbound", { hasText: "注文した商品がまだ届きません" }).waitFor();
  });

  it("delivers the agent's reply to the open widget live", async () => {
    await agentWrites("reply", "ご不便をおかけしています。注文番号を教えていただけますか？");
    await chat().locator(".msg-theirs", { hasText: "注文番号を教えていただけますか？" }).waitFor({ timeout: 15_000 });
    // The widget acknowledged it, so the agent sees "delivered".
    const reply = agent.page.locator("article.msg.outbound", { hasText: "注文番号を教えていただけますか？" });
    await expect.poll(() => reply.locator("[data-delivery]").getAttribute("data-delivery"), { timeout: 20_000 }).toBe("delivered");
  });

  it("shows the visitor's next message live in the open conversation and in the list", async () => {
    const url = agent.page.url();
    await visitorSays("注文番号は A-1234 です。よろしくお願いします。");
    await agent.page.locator("article.msg.inbound", { hasText: "注文番号は A-1234 です" }).waitFor({ timeout: 15_000 });
    const preview = agent.page.locator(`a.conv-item[data-conversation-id="${conversationId}"] .preview`);
    await expect.poll(() => preview.textContent(), { timeout: 15_000 }).toBe("注文番号は A-1234 です。よろしくお願いします。");
    expect(agent.page.url()).toBe(url);
  });

  it("never shows an internal note to the visitor", async () => {
    await agentWrites("note", "社内メモ：倉庫に在庫を確認中");
    // A reply sent after the note reaches the widget; by then the note would have too.
    await agentWrites("reply", "倉庫に確認しますので少々お待ちください。");
    await chat().locator(".msg-theirs", { hasText: "少々お待ちください" }).waitFor({ timeout: 15_000 });
    expect(await chat().getByText("社内メモ").count()).toBe(0);
  });

  it("brings earlier messages back after a reload (visitor token), still without the note", async () => {
    await visitor.page.reload();
    await visitor.page.getByRole("button", { name: "チャットを開く" }).click();
    const frame = chat();
    await frame.locator(".msg-theirs", { hasText: "少々お待ちください" }).waitFor();
    const texts = await frame.locator("#messages .msg .text").allTextContents();
    expect(texts).toEqual([
      // The inbox's greeting comes first; it is shown by the widget, not stored.
      "こんにちは！ご用件をどうぞ。",
      "注文した商品がまだ届きません",
      "ご不便をおかけしています。注文番号を教えていただけますか？",
      "注文番号は A-1234 です。よろしくお願いします。",
      "倉庫に確認しますので少々お待ちください。",
    ]);
    expect(await frame.getByText("社内メモ").count()).toBe(0);
    // Same visitor, same conversation: nothing new was opened by the reload.
    expect(await server.ctx.db.conversation.count({ where: { inboxId } })).toBe(1);
  });

  it("links the name and email the visitor leaves; the agent's customer panel shows the email", async () => {
    const frame = chat();
    await frame.getByRole("button", { name: "メールアドレスを残す" }).click();
    await frame.getByRole("textbox", { name: "お名前" }).fill("佐藤 健");
    await frame.getByRole("textbox", { name: "メールアドレス" }).fill("ken.sato@example.jp");
    await frame.getByRole("button", { name: "保存" }).click();
    await frame.getByText("ken.sato@example.jp にご返信します").waitFor();

    // A new email joins the visitor's own contact without any conversation changing, so no live
    // event tells the open view (see the report); the agent sees it on the next load.
    await expect.poll(() => server.ctx.db.contactIdentity.count({ where: { kind: "email", address: "ken.sato@example.jp" } })).toBe(1);
    await agent.page.reload();
    const identities = agent.page.locator(".customer-panel .identity-list");
    await expect.poll(() => identities.textContent()).toContain("ken.sato@example.jp");
    await agent.page.locator(".customer-panel h2", { hasText: "佐藤 健" }).waitFor();
    await agent.page.screenshot({ path: "/tmp/e2e-widget-agent.png" });
    await visitor.page.screenshot({ path: "/tmp/e2e-widget-visitor.png" });
    expect(agent.errors, agent.errors.join("\n")).toEqual([]);
    expect(visitor.errors, visitor.errors.join("\n")).toEqual([]);
  });
});

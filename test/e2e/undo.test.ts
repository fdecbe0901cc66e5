import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";

// Undo toasts, held replies, the snooze picker and the conversation shortcuts (issue 10), in Chromium.
let server: TestServer;
let browser: Browser;
let admin: TrackedPage;
let kenji: TrackedPage;
let inbox: string;
const run = Math.random().toString(36).slice(2, 8);
let seq = 0;
const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/undo-${name}.png` });
const poll = { timeout: 20_000 };

function customerWrites(text: string) {
  seq += 1;
  return ingestInboundMessage(server.ctx, {
    inboxId: inbox,
    message: {
      providerMessageId: `undo-${run}-${seq}`,
      from: { kind: "email", address: `c${seq}-${run}@example.com`, displayName: `Customer ${seq}` },
      text,
      subject: `${text} ${run}`,
    },
  });
}
const conversation = (id: string) => server.ctx.db.conversation.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  server = await startTestServer();
  // Capture delivery: a delivered reply keeps the mail it would have sent, so "nothing delivered" is checkable.
  inbox = await server.createInbox("email", "Support mail", { address: `support-${run}@undo.example`, delivery: "capture" });
  await createUser(server.ctx, "system", {
    email: `kenji-${run}@undo.example`,
    name: "佐藤 健二",
    role: "agent",
    password: "kenji-password-1",
    locale: "ja",
  });
  browser = await launchBrowser();
  admin = await openPage(browser);
  kenji = await openPage(browser, { locale: "ja-JP" });
  await signIn(admin.page, server.url, ADMIN.email, ADMIN.password);
  await signIn(kenji.page, server.url, `kenji-${run}@undo.example`, "kenji-password-1");
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("undo", () => {
  it("resolve → Undo → open again, and the timeline says it was undone", async () => {
    const c = await customerWrites("Resolve me");
    const { page } = admin;
    await page.goto(`${server.url}/conversations/${c.conversationId}`);
    await page.getByRole("button", { name: "Resolve", exact: true }).click();
    const toast = page.locator(".toast-region[role=status] .toast");
    await expect.poll(() => toast.textContent(), poll).toContain("Resolved");
    await expect.poll(async () => (await conversation(c.conversationId)).status, poll).toBe("resolved");
    await shot(page, "resolved-en");
    await toast.getByRole("button", { name: /Undo/ }).click();
    await expect.poll(async () => (await conversation(c.conversationId)).status, poll).toBe("open");
    await expect.poll(() => page.locator(".event-line", { hasText: "(undo)" }).count(), poll).toBe(1);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("send → Undo → the text is back in the composer and nothing was delivered", async () => {
    const c = await customerWrites("Undo my reply");
    const { page } = admin;
    await page.goto(`${server.url}/conversations/${c.conversationId}`);
    const text = `Thanks, we are on it ${run}`;
    const box = page.locator(".composer textarea");
    await box.fill(text);
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect.poll(() => box.inputValue(), poll).toBe("");
    await expect.poll(() => page.locator(".message-held").first().textContent(), poll).toMatch(/Sending in \d+ s/);
    await expect.poll(() => page.locator(".toast").textContent(), poll).toMatch(/Sending in \d+ s/);
    await shot(page, "held-en");
    // Out of the text box, z is the toast's Undo.
    await page.locator(".conv-header h1").click();
    await page.keyboard.press("z");
    await expect.poll(() => box.inputValue(), poll).toBe(text);
    await expect.poll(() => page.locator(".message-held").count(), poll).toBe(0);
    expect(await server.ctx.db.message.count({ where: { conversationId: c.conversationId, text } })).toBe(0);
    // Past the 5 s window: still nothing went out.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(await server.ctx.db.message.count({ where: { conversationId: c.conversationId, direction: "outbound" } })).toBe(0);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("a reply that is not undone goes out after the window", async () => {
    const c = await customerWrites("Send it");
    const { page } = admin;
    await page.goto(`${server.url}/conversations/${c.conversationId}`);
    const text = `Here is the answer ${run}`;
    await page.locator(".composer textarea").fill(text);
    await page.keyboard.press("Control+Enter");
    const row = () => server.ctx.db.message.findFirst({ where: { conversationId: c.conversationId, text } });
    await expect.poll(async () => (await row())?.sendAt, poll).toBeInstanceOf(Date);
    // Capture delivery records the mail as delivered.
    await expect.poll(async () => (await row())?.deliveryStatus, { timeout: 30_000 }).toBe("delivered");
    await expect.poll(() => page.locator(".message-held").count(), poll).toBe(0);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("snoozes to a picked date and time (s opens the picker), shown in Japanese under ja; Undo clears it", async () => {
    const c = await customerWrites("Snooze me");
    const { page } = kenji;
    await page.goto(`${server.url}/conversations/${c.conversationId}`);
    await page.locator("h1").click();
    await page.keyboard.press("s");
    const dialog = page.locator("dialog.snooze-dialog");
    await expect.poll(() => dialog.isVisible(), poll).toBe(true);
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const value = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, "0")}-${String(tomorrow.getDate()).padStart(2, "0")}T14:30`;
    await dialog.locator("input[type=datetime-local]").fill(value);
    await expect.poll(() => dialog.locator("output").textContent(), poll).toMatch(/^\d{4}\/\d{2}\/\d{2} 14:30$/);
    await shot(page, "snooze-picker-ja");
    const expected = await page.evaluate((v) => new Date(v).toISOString(), value);
    await dialog.getByRole("button", { name: "スヌーズ", exact: true }).click();
    await expect.poll(async () => (await conversation(c.conversationId)).snoozedUntil?.toISOString(), poll).toBe(expected);
    const toast = page.locator(".toast");
    await expect.poll(() => toast.textContent(), poll).toContain("までスヌーズしました");
    await shot(page, "snoozed-ja");
    await toast.getByRole("button", { name: /元に戻す/ }).click();
    await expect.poll(async () => (await conversation(c.conversationId)).status, poll).toBe("open");
    expect((await conversation(c.conversationId)).snoozedUntil).toBeNull();
    await expect.poll(() => page.locator(".event-line", { hasText: "元に戻しました" }).count(), poll).toBe(1);
    expect(kenji.errors, kenji.errors.join("\n")).toEqual([]);
  });

  it("snoozes until the customer replies, and their reply wakes it", async () => {
    const c = await customerWrites("Wait for me");
    const { page } = admin;
    await page.goto(`${server.url}/conversations/${c.conversationId}`);
    await page.getByLabel("Status").selectOption("snooze:reply");
    await expect.poll(async () => (await conversation(c.conversationId)).status, poll).toBe("snoozed");
    expect((await conversation(c.conversationId)).snoozedUntil).toBeNull();
    await expect.poll(() => page.locator(".event-line", { hasText: "until the customer replies" }).count(), poll).toBe(1);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("shortcuts: t focuses the tag editor, p the priority, u the next unread conversation, ? lists them", async () => {
    const first = await customerWrites("First unread");
    const second = await customerWrites("Second unread");
    const { page } = admin;
    await page.goto(`${server.url}/inbox/all/${second.conversationId}`);
    await page.locator(".conv-header h1").click();
    await page.keyboard.press("t");
    await expect.poll(() => page.evaluate(() => document.activeElement?.className), poll).toContain("tag-input");
    await page.keyboard.press("Escape");
    await page.locator(".conv-header h1").click();
    await page.keyboard.press("p");
    await expect.poll(() => page.evaluate(() => document.activeElement?.className), poll).toContain("priority-select");
    await page.locator(".conv-header h1").click();
    const unread = await page
      .locator("a.conv-item.unread[data-conversation-id]")
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.conversationId ?? ""));
    expect(unread).toContain(first.conversationId);
    await page.keyboard.press("u");
    await expect.poll(() => page.url(), poll).not.toContain(second.conversationId);
    expect(unread).toContain(new URL(page.url()).pathname.split("/").at(-1));
    await page.locator(".conv-header h1").click();
    await page.keyboard.press("?");
    const help = page.locator("dialog.help-dialog");
    await expect.poll(() => help.textContent(), poll).toContain("Next unread conversation");
    expect(await help.textContent()).toContain("Snooze (pick a time)");
    await shot(page, "help-en");
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("the undo window is the agent's setting in the account menu (en + ja)", async () => {
    const { page } = kenji;
    await page.goto(`${server.url}/inbox/all`);
    await page.locator(".agent-menu summary").click();
    const select = page.locator(".send-delay-setting select");
    await expect.poll(() => select.inputValue(), poll).toBe("5");
    await shot(page, "send-delay-ja");
    await select.selectOption("10");
    const user = () => server.ctx.db.user.findUniqueOrThrow({ where: { email: `kenji-${run}@undo.example` } });
    await expect.poll(async () => (await user()).sendDelaySeconds, poll).toBe(10);
    await expect.poll(() => select.inputValue(), poll).toBe("10");
    // Kept after a reload: the menu reads the saved value back.
    await page.reload();
    await page.locator(".agent-menu summary").click();
    await expect.poll(() => select.inputValue(), poll).toBe("10");
    expect(kenji.errors, kenji.errors.join("\n")).toEqual([]);
  });
});

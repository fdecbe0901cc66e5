import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";
import { createCannedResponse } from "~/server/domain/canned/canned-responses.ts";
import { sendReply } from "~/server/domain/messages/send-reply.ts";
import { loadActor, type Actor } from "~/server/domain/access.ts";

// What a new team hits on day one (issue 10), in a real Chromium against a real server.
let server: TestServer;
let browser: Browser;
let admin: TrackedPage;
let adminActor: Actor;
let inbox: string;
let seq = 0;
const SHOTS = process.env.E2E_SCREENSHOTS;

function customerWrites(address: string, name: string, text: string) {
  return ingestInboundMessage(server.ctx, {
    inboxId: inbox,
    message: { providerMessageId: `day-one-${++seq}`, from: { kind: "email", address, displayName: name }, text, subject: text },
  });
}

beforeAll(async () => {
  server = await startTestServer();
  // No outgoing SMTP: replies fail, which the list must show.
  inbox = await server.createInbox("email", "Support mail", { address: "support@day-one.example" });
  const adminId = (await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id;
  adminActor = (await loadActor(server.ctx, adminId))!;
  await createUser(server.ctx, "system", {
    email: "kenji@day-one.example",
    name: "佐藤 健二",
    role: "agent",
    password: "kenji-password-1",
    locale: "ja",
  });
  await createUser(server.ctx, "system", { email: "maya@day-one.example", name: "Maya Chen", role: "agent", password: "maya-password-1" });
  await createCannedResponse(server.ctx, adminActor, {
    shortcut: "shipping",
    title: "Shipping times",
    body: "We ship within 2 days, {{contact.name}}.",
  });
  browser = await launchBrowser();
  admin = await openPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("day one in the workspace", () => {
  it("lands on Unassigned while Mine is empty and conversations wait", async () => {
    await customerWrites("first@example.com", "First Customer", "Hello?");
    await signIn(admin.page, server.url, ADMIN.email, ADMIN.password);
    expect(new URL(admin.page.url()).pathname).toBe("/inbox/unassigned");
  });

  it("inserts a canned response once, a space after the word before it, whatever the agent changes next", async () => {
    const c = await customerWrites("leo@example.com", "Leo Martin", "When do you ship?");
    const { page } = admin;
    await page.goto(`${server.url}/conversations/${c.conversationId}`);
    const box = page.locator(".composer textarea");
    // This inbox has no outgoing SMTP: the composer says so before anything is written.
    expect(await page.locator(".composer .outbound-notice").textContent()).toContain("cannot send replies yet");
    await box.fill("Hi!");
    await page.click(".canned-picker summary");
    await page.locator(".canned-item", { hasText: "Shipping times" }).click();
    const once = "Hi! We ship within 2 days, Leo Martin.";
    await expect.poll(() => box.inputValue()).toBe(once);
    // Each change revalidates the page's data; the canned text must not come back with it.
    const priority = page.locator(".conv-controls label", { hasText: "Priority" }).locator("select");
    await priority.selectOption("high");
    await expect
      .poll(async () => (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })).priority)
      .toBe("high");
    await priority.selectOption("low");
    await expect
      .poll(async () => (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })).priority)
      .toBe("low");
    await page.waitForLoadState("networkidle");
    expect(await box.inputValue()).toBe(once);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("picks a canned response with /, and Ctrl+Enter never sends the /shortcut", async () => {
    const c = await customerWrites("ana@example.com", "Ana Lima", "Shipping?");
    const { page } = admin;
    await page.goto(`${server.url}/conversations/${c.conversationId}`);
    const box = page.locator(".composer textarea");
    await box.click();
    await box.pressSequentially("/sh");
    const option = page.locator('.mention-picker [role="option"]', { hasText: "/shipping" });
    await option.waitFor();
    expect(await option.getAttribute("aria-selected")).toBe("true");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/slash-picker.png` });
    await box.press("Control+Enter");
    await expect.poll(() => box.inputValue()).toBe("We ship within 2 days, Ana Lima.");
    expect(await server.ctx.db.message.count({ where: { conversationId: c.conversationId, direction: "outbound" } })).toBe(0);
    // Nothing matches: the picker says so and Ctrl+Enter still does not send.
    await box.fill("");
    await box.pressSequentially("/nothing");
    await page.locator(".inline-empty", { hasText: "No canned response starts with /nothing" }).waitFor();
    await box.press("Control+Enter");
    expect(await server.ctx.db.message.count({ where: { conversationId: c.conversationId, direction: "outbound" } })).toBe(0);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("finds a teammate by email and shows the picked mention as plain @name", async () => {
    const c = await customerWrites("rio@example.com", "Rio Tanaka", "Need help");
    const { page } = admin;
    await page.goto(`${server.url}/conversations/${c.conversationId}`);
    const box = page.locator(".composer textarea");
    // The `n` hotkey works once the page has hydrated: press it until the composer is in note mode.
    await expect
      .poll(async () => {
        await page.locator(".timeline").click({ position: { x: 5, y: 5 } });
        await page.keyboard.press("n");
        return box.getAttribute("placeholder");
      })
      .toContain("internal note");
    await box.fill("");
    await box.pressSequentially("please check @ken");
    await page.locator('.mention-picker [role="option"]', { hasText: "佐藤 健二" }).waitFor();
    await box.press("Enter");
    await expect.poll(() => box.inputValue()).toBe("please check @佐藤 健二 ");
    await box.pressSequentially("thanks");
    await box.press("Control+Enter");
    await expect.poll(() => server.ctx.db.message.count({ where: { conversationId: c.conversationId, kind: "note" } })).toBe(1);
    const note = await server.ctx.db.message.findFirstOrThrow({ where: { conversationId: c.conversationId, kind: "note" } });
    const kenji = await server.ctx.db.user.findUniqueOrThrow({ where: { email: "kenji@day-one.example" } });
    expect(note.text).toBe("please check @佐藤 健二 thanks");
    expect((note.meta as { mentions?: { id: string }[] }).mentions?.map((m) => m.id)).toEqual([kenji.id]);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("credits a colleague's reply to them in the list, not to 'You', and marks a failed delivery", async () => {
    const mine = await customerWrites("own@example.com", "Own Reply", "Question one");
    const theirs = await customerWrites("their@example.com", "Their Reply", "Question two");
    const maya = (await loadActor(
      server.ctx,
      (
        await server.ctx.db.user.findUniqueOrThrow({ where: { email: "maya@day-one.example" } })
      ).id,
    ))!;
    await sendReply(server.ctx, adminActor, { conversationId: mine.conversationId, text: "My answer" });
    await sendReply(server.ctx, maya, { conversationId: theirs.conversationId, text: "Maya's answer" });
    // The inbox has no outgoing SMTP server: both deliveries fail.
    await expect
      .poll(() => server.ctx.db.message.count({ where: { direction: "outbound", deliveryStatus: "failed" } }), { timeout: 20_000 })
      .toBe(2);
    const { page } = admin;
    await page.goto(`${server.url}/inbox/all`);
    const row = (id: string) => page.locator(`a.conv-item[data-conversation-id="${id}"] .preview`);
    await expect.poll(() => row(mine.conversationId).textContent()).toBe("Not deliveredYou: My answer");
    await expect.poll(() => row(theirs.conversationId).textContent()).toBe("Not deliveredMaya: Maya's answer");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/list-authors-failed.png` });
    // The sidebar labels its numbers.
    const all = page.locator(".sidenav .nav-link", { hasText: "All" });
    expect(await all.locator(".count").getAttribute("title")).toMatch(/^\d+ in total$/);
  });

  it("shows a slow switch as pending in the list and the pane", async () => {
    const c = await customerWrites("slow@example.com", "Slow Load", "Loading slowly");
    const { page } = admin;
    await page.goto(`${server.url}/inbox/all`);
    // Hold the conversation's data request: the switch is slower than the 150 ms before feedback.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/inbox\/all\/[^/]+\.data/, async (route) => {
      await held;
      await route.continue();
    });
    await page.locator(`a.conv-item[data-conversation-id="${c.conversationId}"]`).click();
    await page.locator(`a.conv-item.pending[data-conversation-id="${c.conversationId}"][aria-busy="true"]`).waitFor();
    expect(await page.locator(".inbox.pending-conversation").getAttribute("aria-busy")).toBe("true");
    release();
    await page.locator("article.msg", { hasText: "Loading slowly" }).waitFor();
    expect(await page.locator(".conv-item.pending").count()).toBe(0);
    await page.unroute(/\/inbox\/all\/[^/]+\.data/);
  });

  it("titles pages in the agent's language", async () => {
    const { page } = admin;
    await page.goto(`${server.url}/inbox/all`);
    expect(await page.title()).toMatch(/^(\(\d+\) )?All conversations · Switchboard$/);
    const ja = await openPage(browser, { locale: "ja-JP" });
    try {
      await signIn(ja.page, server.url, "kenji@day-one.example", "kenji-password-1");
      await ja.page.goto(`${server.url}/inbox/all`);
      expect(await ja.page.title()).toMatch(/^(\(\d+\) )?すべての会話 · Switchboard$/);
    } finally {
      await ja.context.close();
    }
  });

  it("counts what waits for the agent in the tab title, live and across navigations", async () => {
    const { page } = admin;
    await page.goto(`${server.url}/inbox/all`);
    const waiting = async () => Number((await page.title()).match(/^\((\d+)\) /)?.[1] ?? 0);
    await expect.poll(waiting).toBeGreaterThan(0);
    const before = await waiting();
    await customerWrites(`tab-${Date.now()}@example.com`, "Tab Title", "Anyone there?");
    await expect.poll(waiting).toBe(before + 1);
    await page.locator(".sidenav a", { hasText: "Unassigned" }).click();
    await page.waitForURL(/\/inbox\/unassigned/);
    await expect.poll(() => page.title()).toBe(`(${before + 1}) Unassigned · Switchboard`);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("keeps the app when the network drops: an offline bar, the draft kept, the click waits, then catches up", async () => {
    const first = await customerWrites("offline-a@example.com", "Offline A", "Before the outage");
    const second = await customerWrites("offline-b@example.com", "Offline B", "Second conversation");
    const tracked = await openPage(browser);
    const { page, context } = tracked;
    try {
      await signIn(page, server.url, ADMIN.email, ADMIN.password);
      await page.goto(`${server.url}/inbox/all/${first.conversationId}`);
      await page.locator("article.msg", { hasText: "Before the outage" }).waitFor();
      const composer = page.locator("textarea").first();
      await composer.fill("Half-written answer");
      await context.setOffline(true);
      const bar = page.locator(".offline-bar[role=status]");
      await bar.waitFor();
      await page.locator(`a.conv-item[data-conversation-id="${second.conversationId}"]`).click();
      await expect.poll(() => bar.textContent(), { timeout: 15_000 }).toMatch(/opens as soon as the connection is back/);
      expect(page.url()).toContain(first.conversationId);
      expect(await composer.inputValue()).toBe("Half-written answer");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/offline-bar.png` });
      // Meanwhile the customer writes; back online, the click goes on and the screen catches up.
      await customerWrites("offline-b@example.com", "Offline B", "Written while the agent was offline");
      await context.setOffline(false);
      await page.waitForURL(new RegExp(second.conversationId), { timeout: 15_000 });
      await page.locator("article.msg", { hasText: "Second conversation" }).waitFor({ timeout: 15_000 });
      // The mail sent meanwhile opened a new conversation, which the list shows although its event was missed.
      await page.locator("a.conv-item", { hasText: "Written while the agent was offline" }).waitFor({ timeout: 15_000 });
      expect(await bar.count()).toBe(0);
      expect(tracked.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|net::/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("words a notification in the Japanese agent's language", async () => {
    const c = await customerWrites("notify-ja@example.com", "山田 花子", "通知のテスト");
    const kenji = (await server.ctx.db.user.findUniqueOrThrow({ where: { email: "kenji@day-one.example" } })).id;
    const ja = await openPage(browser, { locale: "ja-JP" });
    try {
      await signIn(ja.page, server.url, "kenji@day-one.example", "kenji-password-1");
      const res = await server.api("PATCH", `/api/v1/conversations/${c.conversationId}`, { assigneeId: kenji }, await server.apiToken());
      expect(res.status).toBe(200);
      await ja.page.locator(".notification-bell summary").click();
      const line = ja.page.locator(".notification-title", { hasText: "あなたに割り当てました" });
      await line.first().waitFor({ timeout: 15_000 });
      expect(await line.first().textContent()).not.toMatch(/assigned/);
    } finally {
      await ja.context.close();
    }
  });

  it("answers /favicon.ico without an error", async () => {
    const res = await admin.page.request.get(`${server.url}/favicon.ico`);
    expect(res.status()).toBe(200);
  });
});

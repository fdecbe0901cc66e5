import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startTestServer, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

// Two agents in separate Chromium contexts: a colleague's unsent draft shows live and on load, and a
// mention reaches the other agent as a desktop notification while their tab is in the background.
let server: TestServer;
let browser: Browser;
let alice: TrackedPage;
let bob: TrackedPage;
let conversation = "";

const ALICE = { email: "alice@notify.example", name: "Alice Aoki", password: "alice-password-1" };
const BOB = { email: "bob@notify.example", name: "Bob Baker", password: "bob-password-12" };

/**
 * Records every `new Notification(...)` (the browser's API, not ours) and lets the test put the tab
 * in the background: headless Chromium always reports a visible page.
 */
function spyOnNotifications() {
  const w = window as unknown as Record<string, unknown>;
  const Real = window.Notification;
  const notes: { title: string; body?: string; tag?: string; instance?: Notification }[] = [];
  let hidden = false;
  w.__notes = notes;
  w.__setHidden = (h: boolean) => {
    hidden = h;
    document.dispatchEvent(new Event("visibilitychange"));
  };
  Object.defineProperty(Document.prototype, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
  class Spy extends Real {
    constructor(title: string, options?: NotificationOptions) {
      const entry: (typeof notes)[number] = { title, body: options?.body, tag: options?.tag };
      notes.push(entry);
      super(title, options);
      entry.instance = this;
    }
  }
  w.Notification = Spy;
}

const composerBox = (page: Page) => page.locator(".composer textarea");
const draftsLine = (page: Page) => page.locator(".teammate-drafts");
const desktopState = (page: Page) => page.locator(".desktop-notify").getAttribute("data-state");
const notes = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __notes: { title: string; body?: string; tag?: string }[] }).__notes.map(({ title, body, tag }) => ({
      title,
      body,
      tag,
    })),
  );

async function openConversation(page: Page) {
  await page.goto(`${server.url}/inbox/all/${conversation}`);
  await composerBox(page).waitFor();
}

async function bell(page: Page) {
  const count = page.locator(".notification-bell .bell-count");
  return (await count.count()) ? Number(await count.textContent()) : 0;
}

async function mentionAlice(text: string) {
  const { page } = bob;
  await page.locator(".composer-tab", { hasText: "Note" }).click();
  await composerBox(page).fill("");
  await composerBox(page).click();
  await page.keyboard.type("@Al");
  await page.locator(".mention-picker", { hasText: ALICE.name }).waitFor();
  await page.keyboard.press("Enter");
  await page.keyboard.type(text);
  await composerBox(page).press("Control+Enter");
  await page.locator("article.msg.note", { hasText: text }).waitFor();
}

beforeAll(async () => {
  server = await startTestServer();
  const token = await server.apiToken();
  for (const u of [ALICE, BOB]) {
    const res = await server.api("POST", "/api/v1/users", { ...u, role: "agent" }, token);
    expect(res.status).toBe(201);
  }
  const inboxId = await server.createInbox("email", "Support", { address: "support@notify.example" });
  const r = await ingestInboundMessage(server.ctx, {
    inboxId,
    message: {
      providerMessageId: "notify-1",
      from: { kind: "email", address: "kana@example.jp", displayName: "中村 佳奈" },
      text: "返品の手続きを教えてください。",
      subject: "返品について",
    },
  });
  conversation = r.conversationId;
  browser = await launchBrowser();
  alice = await openPage(browser);
  bob = await openPage(browser);
  await alice.context.grantPermissions(["notifications"], { origin: server.url });
  await alice.page.addInitScript(spyOnNotifications);
  await signIn(alice.page, server.url, ALICE.email, ALICE.password);
  await signIn(bob.page, server.url, BOB.email, BOB.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("teammates' drafts and desktop notifications", () => {
  it("shows a colleague's draft live, on load, and drops it when they clear it", async () => {
    await openConversation(alice.page);
    await openConversation(bob.page);
    expect(await draftsLine(alice.page).count()).toBe(0);

    await composerBox(bob.page).fill("返品ラベルをお送りします。");
    await expect.poll(() => draftsLine(alice.page).textContent()).toBe("Bob Baker has a draft reply");
    // Bob never sees his own draft announced.
    expect(await draftsLine(bob.page).count()).toBe(0);
    await alice.page.screenshot({ path: "/tmp/e2e-notify-draft.png" });

    // On load too (from the conversation loader), and only who and which kind, never the text.
    await alice.page.reload();
    await expect.poll(() => draftsLine(alice.page).textContent()).toBe("Bob Baker has a draft reply");
    expect(await alice.page.content()).not.toContain("返品ラベル");

    await composerBox(bob.page).fill("");
    await expect.poll(() => draftsLine(alice.page).count()).toBe(0);
    expect(await server.ctx.db.draft.count({ where: { conversationId: conversation } })).toBe(0);
  });

  it("asks for desktop notifications only from the menu, remembers the choice, and shows the state", async () => {
    // Nothing was requested on load: the browser permission is granted, but the agent has not chosen.
    await alice.page.click(".notification-bell summary");
    await expect.poll(() => desktopState(alice.page)).toBe("not-asked");
    await alice.page.locator(".desktop-notify button", { hasText: "Enable desktop notifications" }).click();
    await expect.poll(() => desktopState(alice.page)).toBe("on");
    expect(await alice.page.locator(".desktop-notify [role=status]").textContent()).toContain("Desktop notifications are on");
    await alice.page.screenshot({ path: "/tmp/e2e-notify-desktop.png" });

    await alice.page.reload();
    await alice.page.click(".notification-bell summary");
    await expect.poll(() => desktopState(alice.page)).toBe("on");
    await alice.page.click(".notification-bell summary");

    // Bob's browser never granted anything, so his menu offers the switch instead.
    await bob.page.click(".notification-bell summary");
    expect(["not-asked", "blocked"]).toContain(await desktopState(bob.page));
    await bob.page.click(".notification-bell summary");
  });

  it("shows a desktop notification for a mention only while the tab is hidden; clicking it opens the conversation", async () => {
    await alice.page.goto(`${server.url}/inbox/all`);
    await alice.page.locator("a.conv-item").first().waitFor();

    // Visible tab: the bell counts, no desktop notification.
    const before = await bell(alice.page);
    await mentionAlice("確認お願いします。");
    await expect.poll(() => bell(alice.page)).toBe(before + 1);
    expect(await notes(alice.page)).toEqual([]);

    await alice.page.evaluate(() => (window as unknown as { __setHidden: (h: boolean) => void }).__setHidden(true));
    await mentionAlice("ラベルの件も見てください。");
    await expect.poll(() => notes(alice.page).then((n) => n.length)).toBe(1);
    const latest = await server.ctx.db.notification.findFirstOrThrow({
      where: { user: { email: ALICE.email } },
      orderBy: { createdAt: "desc" },
    });
    expect(await notes(alice.page)).toEqual([{ title: latest.title, body: "You were mentioned", tag: latest.id }]);

    await alice.page.evaluate(() => {
      const n = (window as unknown as { __notes: { instance?: Notification }[] }).__notes[0].instance!;
      n.onclick?.(new Event("click"));
    });
    await alice.page.waitForURL(new RegExp(`/conversations/${conversation}$`));
    await alice.page.locator("article.msg.note", { hasText: "ラベルの件" }).waitFor();
    await expect.poll(async () => (await server.ctx.db.notification.findUniqueOrThrow({ where: { id: latest.id } })).readAt).not.toBeNull();

    expect(alice.errors, alice.errors.join("\n")).toEqual([]);
    expect(bob.errors, bob.errors.join("\n")).toEqual([]);
  });
});

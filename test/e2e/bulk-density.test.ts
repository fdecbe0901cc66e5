import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";
import { seriousViolations } from "~/test/support/axe.ts";

// The conversation list (issue 10): bulk actions on a selection, compact density, the tab title count
// and the j/k cursor, in a real Chromium against a real server, in English and Japanese.
let server: TestServer;
let browser: Browser;
let en: TrackedPage;
let ja: TrackedPage;
let inbox: string;
let seq = 0;
// Retry-safe: every try writes its own customers and tags.
const run = Math.random().toString(36).slice(2, 7);
const WAIT = { timeout: 20_000, interval: 100 };

function customerWrites(name: string, text = `Question ${run}`) {
  return ingestInboundMessage(server.ctx, {
    inboxId: inbox,
    message: {
      providerMessageId: `bulk-${run}-${++seq}`,
      from: { kind: "email", address: `c${seq}-${run}@example.com`, displayName: name },
      subject: `${text} ${seq}`,
      text,
    },
  });
}
const rows = (page: Page) => page.locator(".conv-items > li[data-index]");
const rowOf = (page: Page, id: string) => page.locator(`.conv-items > li:has([data-conversation-id="${id}"])`);
const conversation = (id: string) =>
  server.ctx.db.conversation.findUniqueOrThrow({ where: { id }, select: { assigneeId: true, tags: true, status: true } });

/** Rows wholly inside the list's scroll area and the window. */
const visibleRows = (page: Page) =>
  page.evaluate(() => {
    const list = document.querySelector(".conv-items")!.getBoundingClientRect();
    const bottom = Math.min(list.bottom, window.innerHeight);
    return [...document.querySelectorAll(".conv-items > li[data-index]")].filter((li) => {
      const r = li.getBoundingClientRect();
      return r.top >= list.top - 1 && r.bottom <= bottom + 1;
    }).length;
  });

beforeAll(async () => {
  server = await startTestServer();
  inbox = await server.createInbox("email", "Support mail", { address: "support@bulk.example" });
  await createUser(server.ctx, "system", {
    email: `maya-${run}@bulk.example`,
    name: `Maya ${run}`,
    role: "agent",
    password: "maya-password-1",
  });
  await createUser(server.ctx, "system", {
    email: `kenji-${run}@bulk.example`,
    name: "佐藤 健二",
    role: "admin",
    password: "kenji-password-1",
    locale: "ja",
  });
  for (let i = 0; i < 16; i++) await customerWrites(`Customer ${i} ${run}`);
  browser = await launchBrowser();
  en = await openPage(browser);
  ja = await openPage(browser, { locale: "ja-JP" });
  await signIn(en.page, server.url, ADMIN.email, ADMIN.password);
  await signIn(ja.page, server.url, `kenji-${run}@bulk.example`, "kenji-password-1");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the conversation list", () => {
  it("selects three rows (click, shift-click) and assigns, tags and resolves them in one go", async () => {
    const { page } = en;
    await page.goto(`${server.url}/inbox/all`);
    await expect.poll(() => rows(page).count(), WAIT).toBeGreaterThanOrEqual(16);
    const ids = await Promise.all([0, 1, 2].map((i) => rows(page).nth(i).locator("a").getAttribute("data-conversation-id")));
    await rows(page).nth(0).locator(".row-check").click();
    await rows(page)
      .nth(2)
      .locator(".row-check")
      .click({ modifiers: ["Shift"] });
    await expect.poll(() => page.locator(".bulk-count").textContent(), WAIT).toBe("3 selected");

    await page.locator(".bulk-bar select[aria-label='Assign…']").selectOption({ label: `Maya ${run}` });
    await expect.poll(() => page.locator(".bulk-message").textContent(), WAIT).toBe("3 updated");
    for (const id of ids) {
      await expect.poll(() => rowOf(page, id!).locator(".row3").textContent(), WAIT).toContain(`Maya ${run}`);
      expect((await conversation(id!)).assigneeId).not.toBeNull();
    }
    // The selection stays for the next action.
    await page.fill(".bulk-tag input", `vip-${run}`);
    await page.click(".bulk-tag button");
    for (const id of ids) await expect.poll(() => rowOf(page, id!).locator(".badge").allTextContents(), WAIT).toContain(`vip-${run}`);
    if (process.env.E2E_SCREENSHOTS !== "0") await page.screenshot({ path: "/tmp/bulk-en.png" });

    await page.locator(".bulk-bar select[aria-label='Status…']").selectOption("resolved");
    for (const id of ids) await expect.poll(async () => (await conversation(id!)).status, WAIT).toBe("resolved");
    // Resolved conversations leave the active list, and the selection with them.
    for (const id of ids) await expect.poll(() => rowOf(page, id!).count(), WAIT).toBe(0);
    await expect.poll(() => page.locator(".bulk-bar").count(), WAIT).toBe(0);
    expect(en.errors, en.errors.join("\n")).toEqual([]);
  });

  it("shows the bulk bar in Japanese, and x toggles the row under the j/k cursor, a roving tab stop", async () => {
    const { page } = ja;
    await page.goto(`${server.url}/inbox/all`);
    await expect.poll(() => rows(page).count(), WAIT).toBeGreaterThanOrEqual(10);
    // The server-rendered rows show before the hotkeys are attached: press j until the page has
    // hydrated and the first row took the cursor, then once more for the second.
    await expect
      .poll(async () => {
        await page.keyboard.press("j");
        return rows(page)
          .nth(0)
          .locator("a")
          .evaluate((a) => a === document.activeElement);
      }, WAIT)
      .toBe(true);
    await page.keyboard.press("j");
    const second = rows(page).nth(1);
    await expect.poll(() => second.locator("a").evaluate((a) => a === document.activeElement), WAIT).toBe(true);
    expect(await second.locator("a").getAttribute("class")).toContain("cursor");
    expect(await second.locator("a").getAttribute("tabindex")).toBe("0");
    expect(await rows(page).nth(0).locator("a").getAttribute("tabindex")).toBe("-1");
    // x checks row 1; two rows on, Shift+X checks the range 1–3; then x checks row 4.
    await page.keyboard.press("x");
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("Shift+X");
    await page.keyboard.press("j");
    await page.keyboard.press("x");
    await expect.poll(() => page.locator(".bulk-count").textContent(), WAIT).toBe("4件選択中");
    expect(await rows(page).nth(0).locator(".row-check").isChecked()).toBe(false);
    await page.screenshot({ path: "/tmp/bulk-ja.png" });
    expect(await seriousViolations(page)).toEqual([]);
    await page.click(".bulk-bar button:has-text('選択を解除')");
    await expect.poll(() => page.locator(".bulk-bar").count(), WAIT).toBe(0);
    expect(ja.errors, ja.errors.join("\n")).toEqual([]);
  });

  it("compact density shows at least 12 rows on a 900 px screen, is saved on the agent, and keeps the header to one row", async () => {
    const { page } = en;
    await page.goto(`${server.url}/inbox/all`);
    await expect.poll(() => rows(page).count(), WAIT).toBeGreaterThanOrEqual(13);
    const comfortable = await visibleRows(page);
    expect(comfortable).toBeLessThan(12);
    await page.click(".density-toggle button");
    await expect.poll(() => page.locator(".inbox").getAttribute("data-density"), WAIT).toBe("compact");
    await expect.poll(() => visibleRows(page), WAIT).toBeGreaterThanOrEqual(12);
    const admin = await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email }, select: { listDensity: true } });
    expect(admin.listDensity).toBe("compact");
    // Another browser of the same agent gets it too: the server holds it, not localStorage.
    const other = await openPage(browser);
    await signIn(other.page, server.url, ADMIN.email, ADMIN.password);
    await other.page.goto(`${server.url}/inbox/all`);
    expect(await other.page.locator(".inbox").getAttribute("data-density")).toBe("compact");
    await other.context.close();

    await rows(page).nth(0).locator("a").click();
    await expect.poll(() => page.locator(".conv-header").count(), WAIT).toBe(1);
    await page.screenshot({ path: "/tmp/compact-en.png" });
    expect(await seriousViolations(page)).toEqual([]);
    const header = await page.locator(".conv-header").boundingBox();
    const title = await page.locator(".conv-header .title-row").boundingBox();
    const controls = await page.locator(".conv-header .conv-controls").boundingBox();
    // One row: the title and the controls share a line.
    expect(Math.abs(title!.y + title!.height / 2 - (controls!.y + controls!.height / 2))).toBeLessThan(8);
    expect(header!.height).toBeLessThan(60);

    await ja.page.goto(`${server.url}/inbox/all`);
    await ja.page.click(".density-toggle button");
    await expect.poll(() => visibleRows(ja.page), WAIT).toBeGreaterThanOrEqual(12);
    await rows(ja.page).nth(0).locator("a").click();
    await expect.poll(() => ja.page.locator(".conv-header").count(), WAIT).toBe(1);
    await ja.page.screenshot({ path: "/tmp/compact-ja.png" });
    expect(await seriousViolations(ja.page)).toEqual([]);
    await page.click(".density-toggle button");
    await expect.poll(() => page.locator(".inbox").getAttribute("data-density"), WAIT).toBe("comfortable");
    expect(en.errors, en.errors.join("\n")).toEqual([]);
    expect(ja.errors, ja.errors.join("\n")).toEqual([]);
  });

  it("puts the unread count in the tab title, live as customers write", async () => {
    const { page } = en;
    await page.goto(`${server.url}/inbox/unassigned`);
    const count = async () => Number(/^\((\d+)\) /.exec(await page.title())?.[1] ?? 0);
    await expect.poll(() => page.title(), WAIT).toMatch(/^\(\d+\) Unassigned · Switchboard$/);
    const before = await count();
    await customerWrites(`Late customer ${run}`);
    await expect.poll(count, WAIT).toBe(before + 1);
    expect(await page.title()).toBe(`(${before + 1}) Unassigned · Switchboard`);
    expect(en.errors, en.errors.join("\n")).toEqual([]);
  });
});

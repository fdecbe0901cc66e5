import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { sendReply } from "~/server/domain/messages/send-reply.ts";
import { updateConversation } from "~/server/domain/conversations/update-conversation.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";
import { loadActor } from "~/server/domain/access.ts";
import { createSegment } from "~/server/domain/segments/create-segment.ts";

// The report pages (issue 13) in a real Chromium, in English and Japanese: every page renders its
// numbers, a filter changes them, the CSV downloads with a BOM, the tables say what the charts show.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const SHOTS = process.env.E2E_SCREENSHOTS;
const run = randomBytes(3).toString("hex");

let server: TestServer;
let browser: Browser;

const JA_USER = { email: `kaori-${run}@reports.example`, password: "kaori-password-1" };
const PAGES = [
  { path: "/reports", ready: '[data-testid="kpi-messages-in"]' },
  { path: "/reports/top-issues", ready: '[data-testid="top-terms-table"]' },
  { path: "/reports/team", ready: '[data-testid="agents-table"]' },
  { path: "/reports/busiest-hours", ready: '[data-testid="heatmap"]' },
  { path: "/reports/customers", ready: '[data-testid="retention"]' },
  { path: "/reports/adoption", ready: '[data-testid="adoption-table"]' },
];

const REFUND_TAG = "refund";
const SEGMENT = `山田さん ${run}`;

beforeAll(async () => {
  server = await startTestServer();
  const mail = await server.createInbox("email", "Support mail", { address: `support-${run}@reports.example` });
  const chat = await server.createInbox("web_chat", "Site chat", {});
  const admin = (await loadActor(server.ctx, (await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id))!;
  const customers = [
    {
      inbox: mail,
      from: { kind: "email" as const, address: `hanako-${run}@example.jp`, displayName: "山田 花子" },
      text: "返金の手続きをお願いします。",
    },
    {
      inbox: mail,
      from: { kind: "email" as const, address: `taro-${run}@example.jp`, displayName: "佐藤 太郎" },
      text: "返金はいつになりますか。",
    },
    { inbox: chat, from: { kind: "web_chat" as const, address: `visitor-${run}`, displayName: "Visitor" }, text: "Where is my invoice?" },
  ];
  for (const [i, c] of customers.entries()) {
    const { conversationId } = await ingestInboundMessage(server.ctx, {
      inboxId: c.inbox,
      message: { providerMessageId: `report-${run}-${i}`, from: c.from, subject: "お問い合わせ", text: c.text },
    });
    if (i < 2) {
      // Tagged before the reply, so the reply's report event carries the tag (the top tags).
      await updateConversation(server.ctx, admin, conversationId, { tags: [REFUND_TAG] });
      await sendReply(server.ctx, admin, { conversationId, text: "ご連絡ありがとうございます。確認いたします。" });
    }
  }
  // A segment shared with everyone: the one customer named 山田 (issue 14, segments as a report filter).
  await createSegment(server.ctx, admin, {
    name: SEGMENT,
    filter: { all: [{ field: "name", op: "contains", value: "山田" }] },
    shared: true,
  });
  await createUser(server.ctx, "system", { ...JA_USER, name: "鈴木 香織", role: "viewer", locale: "ja" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ["violations"] })).violations;
  })) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** The numbers of a table's body, row by row (row header first). */
async function tableRows(page: Page, testId: string): Promise<string[][]> {
  return page
    .locator(`[data-testid="${testId}"] tbody tr`)
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("th, td")].map((c) => (c.textContent ?? "").trim())));
}

const number = (s: string | null) => Number((s ?? "").replace(/[^\d.-]/g, ""));

describe.each([
  { lang: "en", user: ADMIN, browserLocale: "en-US", heading: "Overview", csv: "Download CSV", day: "Day" },
  { lang: "ja", user: JA_USER, browserLocale: "ja-JP", heading: "概要", csv: "CSV をダウンロード", day: "日" },
])("reports ($lang)", ({ lang, user, browserLocale, heading, csv }) => {
  let tab: TrackedPage;

  beforeAll(async () => {
    tab = await openPage(browser, { locale: browserLocale });
    await signIn(tab.page, server.url, user.email, user.password);
  });
  afterAll(async () => {
    await tab?.context.close();
  });

  it("opens every report from the main nav, with screenshots", async () => {
    const { page } = tab;
    await page.locator('nav.sidenav a[href="/reports"]').click();
    await page.waitForURL(/\/reports$/);
    await page.locator("h1", { hasText: heading }).waitFor();
    for (const p of PAGES) {
      await page.goto(`${server.url}${p.path}`);
      await page.locator(p.ready).waitFor();
      await page.waitForLoadState("networkidle");
      expect(await page.locator("html").getAttribute("lang")).toBe(lang);
      expect(await page.locator(".report-header a[href='/docs/metrics']").count()).toBe(1);
      if (SHOTS)
        await page.screenshot({
          path: `${SHOTS}/reports${p.path.replace("/reports", "").replace("/", "-") || "-overview"}-${lang}.png`,
          fullPage: true,
        });
    }
    expect(tab.errors, tab.errors.join("\n")).toEqual([]);
  });

  it("the overview counts what happened, with no serious accessibility problem", async () => {
    const { page } = tab;
    await page.goto(`${server.url}/reports?range=7`);
    expect(number(await page.locator('[data-testid="kpi-messages-in"] .kpi-value').textContent())).toBe(3);
    expect(number(await page.locator('[data-testid="kpi-messages-out"] .kpi-value').textContent())).toBe(2);
    expect(number(await page.locator('[data-testid="kpi-conversations"] .kpi-value').textContent())).toBe(3);
    // Nothing happened the week before: the comparison says so in words.
    expect(await page.locator('[data-testid="kpi-messages-in"] .kpi-delta').textContent()).toBe(
      lang === "en" ? "▲ Up 3 from 0" : "▲ 0 から 3 増加",
    );
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("a filter narrows the numbers through the URL and follows to the next report", async () => {
    const { page } = tab;
    await page.goto(`${server.url}/reports?range=7`);
    await page.locator('select[name="channel"]').selectOption("web_chat");
    await Promise.all([page.waitForURL(/channel=web_chat/), page.locator(".report-filters button[type=submit]").click()]);
    await expect
      .poll(async () => number(await page.locator('[data-testid="kpi-messages-in"] .kpi-value').textContent()), { timeout: 15_000 })
      .toBe(1);
    expect(await page.locator('select[name="channel"]').inputValue()).toBe("web_chat");
    for (const href of await page.locator(".report-tabs a").evaluateAll((links) => links.map((l) => l.getAttribute("href")))) {
      expect(href).toContain("channel=web_chat");
    }
  });

  it("a segment picked in the filter bar narrows the numbers to its customers", async () => {
    const { page } = tab;
    await page.goto(`${server.url}/reports?range=7`);
    await page.locator('select[name="segmentId"]').selectOption({ label: SEGMENT });
    await Promise.all([page.waitForURL(/segmentId=/), page.locator(".report-filters button[type=submit]").click()]);
    await expect
      .poll(async () => number(await page.locator('[data-testid="kpi-messages-in"] .kpi-value').textContent()), { timeout: 15_000 })
      .toBe(1);
    expect(number(await page.locator('[data-testid="kpi-conversations"] .kpi-value').textContent())).toBe(1);
    await page
      .locator(".report-tabs a", { hasText: lang === "en" ? "Customers" : "顧客" })
      .first()
      .click();
    await page.locator('[data-testid="retention"]').waitFor();
    expect(page.url()).toContain("segmentId=");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/reports-segment-${lang}.png`, fullPage: true });
    expect(tab.errors, tab.errors.join("\n")).toEqual([]);
  });

  it("the overview's volume table mirrors its chart", async () => {
    const { page } = tab;
    await page.goto(`${server.url}/reports?range=7`);
    const card = page.locator(".report-card", { has: page.locator('[data-testid="volume-in-table"]') });
    await card.locator("button[aria-controls]").click();
    await page.locator('[data-testid="volume-in-table"]').waitFor();
    const rows = await tableRows(page, "volume-in-table");
    expect(rows).toHaveLength(7);
    // The totals add up to the headline number; the chart draws one bar per non-zero day and channel.
    expect(rows.reduce((sum, r) => sum + number(r[r.length - 1]), 0)).toBe(3);
    const nonZero = rows.flatMap((r) => r.slice(1, -1)).filter((c) => number(c) > 0).length;
    expect(nonZero).toBeGreaterThan(0);
    await expect.poll(() => card.locator(".recharts-bar-rectangle").count(), { timeout: 15_000 }).toBe(nonZero);
  });

  it("the busiest hours follow the filters; each top term links to its conversations", async () => {
    const { page } = tab;
    await page.goto(`${server.url}/reports/busiest-hours?range=7&channel=web_chat`);
    await page.locator('[data-testid="heatmap"]').waitFor();
    const counts = await page
      .locator('[data-testid="heatmap"] td[data-count]')
      .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute("data-count"))));
    expect(counts).toHaveLength(168);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    await page.goto(`${server.url}/reports/top-issues?range=7`);
    const link = page.locator('[data-testid="top-terms-table"] tbody a', { hasText: "返金" }).first();
    await link.waitFor();
    await Promise.all([page.waitForURL(/\/search\?q=/), link.click()]);
    await page.locator("li.search-hit").first().waitFor();
    expect(await page.locator("li.search-hit").count()).toBe(2);
  });

  it("each top tag opens search with the tag and the period only, listing its conversations", async () => {
    const { page } = tab;
    await page.goto(`${server.url}/reports/top-issues?range=7`);
    const link = page.locator('[data-testid="top-tags-table"] tbody a', { hasText: REFUND_TAG }).first();
    await link.waitFor();
    await Promise.all([page.waitForURL(/\/search\?tag=refund/), link.click()]);
    await page.locator("li.search-hit").first().waitFor();
    expect(await page.locator("li.search-hit").count()).toBe(2);
    await expect.poll(() => page.locator("li.search-hit").first().textContent(), { timeout: 15_000 }).toMatch(/返金/);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/search-tag-only-${lang}.png`, fullPage: true });
  });

  it("downloads the overview as CSV with a BOM and a header row", async () => {
    const { page } = tab;
    await page.goto(`${server.url}/reports?range=30`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: csv }).click()]);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
    expect(header.split(",").length).toBeGreaterThan(1);
    expect(lines.length).toBeGreaterThan(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { seriousViolations } from "~/test/support/axe.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";
import { addNote } from "~/server/domain/messages/add-note.ts";
import { loadActor } from "~/server/domain/access.ts";

// axe-core over every kind of screen, in English and Japanese: no serious or critical violation.
const SHOTS = process.env.E2E_SCREENSHOTS;

let server: TestServer;
let browser: Browser;
let conversationId = "";
let contactId = "";
let chatInbox = "";
const run = Date.now().toString(36);

beforeAll(async () => {
  server = await startTestServer();
  const inbox = await server.createInbox("email", "Support mail", { address: `support-${run}@a11y.example` });
  chatInbox = await server.createInbox("web_chat", "Site chat", {});
  const c = await ingestInboundMessage(server.ctx, {
    inboxId: inbox,
    message: {
      providerMessageId: `a11y-${run}`,
      from: { kind: "email", address: `hanako-${run}@example.jp`, displayName: "山田 花子" },
      subject: "請求書について",
      text: "先月の請求書が届いていません。確認をお願いします。",
    },
  });
  conversationId = c.conversationId;
  contactId = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).contactId;
  // Enough history that the timeline scrolls (a scroll region must be reachable by keyboard).
  const admin = (await loadActor(server.ctx, (await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id))!;
  for (let i = 1; i <= 25; i++) await addNote(server.ctx, admin, { conversationId, text: `確認メモ ${i}: 請求書の再送を手配しました。` });
  await createUser(server.ctx, "system", {
    email: `kenji-${run}@a11y.example`,
    name: "佐藤 健二",
    role: "admin",
    password: "kenji-password-1",
    locale: "ja",
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const languages = [
  { lang: "en", browserLocale: "en-US", email: ADMIN.email, password: ADMIN.password },
  { lang: "ja", browserLocale: "ja-JP", email: `kenji-${run}@a11y.example`, password: "kenji-password-1" },
] as const;

describe.each(languages)("accessibility ($lang)", ({ lang, browserLocale, email, password }) => {
  let tab: TrackedPage;

  beforeAll(async () => {
    tab = await openPage(browser, { locale: browserLocale });
  });
  afterAll(async () => {
    await tab?.context.close();
  });

  /** The serious and critical violations of one page, each prefixed with the page's name. */
  async function check(name: string, path: string, ready: string): Promise<string[]> {
    await tab.page.goto(`${server.url}${path}`);
    await tab.page.locator(ready).first().waitFor();
    await tab.page.waitForLoadState("networkidle");
    if (SHOTS) await tab.page.screenshot({ path: `${SHOTS}/a11y-${name}-${lang}.png` });
    expect(await tab.page.locator("html").getAttribute("lang")).toBe(lang);
    return (await seriousViolations(tab.page)).map((v) => `${name}: ${v}`);
  }

  it("login page", async () => {
    expect(await check("login", "/login", 'input[name="email"]')).toEqual([]);
  });

  it("widget page", async () => {
    expect(await check("widget", `/widget/${chatInbox}`, "textarea:visible")).toEqual([]);
  });

  it("inbox, conversation, customer and admin pages", async () => {
    await signIn(tab.page, server.url, email, password);
    const found = [
      ...(await check("inbox", "/inbox/all", ".conv-item")),
      ...(await check("conversation", `/inbox/all/${conversationId}`, ".composer textarea")),
      ...(await check("customer", `/contacts/${contactId}`, "main h1, main h2")),
      ...(await check("customers", "/customers", ".customer-table")),
      ...(await check("admin", "/admin/inboxes", "main form, main table")),
    ];
    expect(found).toEqual([]);
    expect(tab.errors, tab.errors.join("\n")).toEqual([]);
  });
});

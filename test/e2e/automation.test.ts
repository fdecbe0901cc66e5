import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";

/**
 * Issue 12 in a real Chromium: an admin builds an SLA policy, an automation rule and a macro in the
 * admin screens; a customer mails the SMTP listener; the rule tags the conversation and raises its
 * priority ("Rule “…”" on the timeline), the SLA countdown turns amber, and the agent runs the macro
 * with its keyboard shortcut. Every admin screen is also opened in Japanese.
 */
let server: TestServer;
let browser: Browser;
let admin: TrackedPage;
let inboxId: string;
const SHOTS = process.env.E2E_SCREENSHOTS;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

async function customerMails(subject: string, body: string) {
  const messageId = `${Date.now()}-${Math.random().toString(36).slice(2)}@customer.example`;
  const raw = [
    "From: Aiko Tanaka <aiko@customer.example>",
    "To: support@e2e-rules.example",
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ].join("\r\n");
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: server.smtpPort(), secure: false, ignoreTLS: true });
  await transport
    .sendMail({ envelope: { from: "aiko@customer.example", to: ["support@e2e-rules.example"] }, raw })
    .finally(() => transport.close());
  return vi.waitFor(
    async () => {
      const m = await server.ctx.db.message.findFirst({
        where: { inboxId, providerMessageId: messageId },
        select: { conversationId: true },
      });
      expect(m).toBeTruthy();
      return m!.conversationId;
    },
    { timeout: 30_000, interval: 100 },
  );
}

beforeAll(async () => {
  server = await startTestServer();
  inboxId = await server.createInbox("email", "Support mail", { address: "support@e2e-rules.example" });
  browser = await launchBrowser();
  admin = await openPage(browser);
  await signIn(admin.page, server.url, ADMIN.email, ADMIN.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("automation, SLA and macros in the browser", () => {
  it("an admin builds a rule, an SLA policy and a macro; a customer mail triggers them; the agent runs the macro by shortcut", async () => {
    const { page } = admin;

    // SLA: a 1-minute first response target, amber after 10% (6 seconds).
    await page.goto(`${server.url}/admin/sla-policies`);
    const sla = page.locator("form[aria-label='New SLA policy']");
    await sla.getByLabel("Name", { exact: true }).fill("Fast lane");
    await sla.getByLabel("First response (minutes)", { exact: true }).fill("1");
    await sla.getByLabel("Warn at (% of the target)", { exact: true }).fill("10");
    await sla.getByRole("button", { name: "Save" }).click();
    await page.locator("tr[data-policy-id]", { hasText: "Fast lane" }).waitFor();

    // The rule: when a customer message arrives, if the text contains 返金, tag refund and set priority high.
    await page.goto(`${server.url}/admin/automation`);
    await page.getByRole("button", { name: "+ New rule" }).click();
    const editor = page.locator("form.rule-editor");
    await editor.getByRole("button", { name: "Save" }).click();
    // The server's 400 names the fields; each message shows next to its own field.
    await editor.locator("#rule-name-error").waitFor();
    await editor.locator("[data-action-row='0'] .field-error").waitFor();
    expect(await editor.locator("#rule-name-error").textContent()).toMatch(/characters|Too small/);
    await shot(page, "automation-errors-en");
    // That 400 was the point; nothing else may fail.
    expect(admin.errors.splice(0)).toEqual([expect.stringMatching(/HTTP 400 POST .*\/admin\/automation/)]);

    await editor.getByLabel("Name", { exact: true }).fill("Refund desk");
    await editor.getByRole("button", { name: "+ Add condition" }).click();
    const condition = editor.locator("[data-condition-row='0']");
    await condition.getByLabel("Field", { exact: true }).selectOption("text");
    await condition.getByLabel("Operator", { exact: true }).selectOption("contains");
    await condition.getByLabel("Values", { exact: true }).fill("返金");
    await editor.locator("[data-action-row='0']").getByLabel("Tags", { exact: true }).fill("refund");
    await editor.getByRole("button", { name: "+ Add action" }).click();
    const second = editor.locator("[data-action-row='1']");
    await second.getByLabel("Action", { exact: true }).selectOption("set_priority");
    await second.getByLabel("Priority", { exact: true }).selectOption("high");
    await shot(page, "automation-editor-en");
    await editor.getByRole("button", { name: "Save" }).click();
    await page.locator("tr[data-rule-id]", { hasText: "Refund desk" }).waitFor();
    await expect.poll(() => page.locator("form.rule-editor").count(), { timeout: 15_000 }).toBe(0);
    await shot(page, "automation-list-en");
    const rule = await server.ctx.db.automationRule.findUniqueOrThrow({ where: { name: "Refund desk" } });
    expect(rule).toMatchObject({
      event: "customer_message",
      match: "all",
      conditions: [{ field: "text", op: "contains", values: ["返金"] }],
      actions: [
        { type: "add_tags", tags: ["refund"] },
        { type: "set_priority", priority: "high" },
      ],
    });

    // The macro: escalate = tag escalated + priority urgent.
    await page.goto(`${server.url}/admin/macros`);
    await page.getByRole("button", { name: "+ New macro" }).click();
    const macro = page.locator("form.rule-editor");
    await macro.getByLabel("Name", { exact: true }).fill("Escalate");
    await macro.locator("[data-action-row='0']").getByLabel("Tags", { exact: true }).fill("escalated");
    await macro.getByRole("button", { name: "+ Add action" }).click();
    await macro.locator("[data-action-row='1']").getByLabel("Action", { exact: true }).selectOption("set_priority");
    await macro.locator("[data-action-row='1']").getByLabel("Priority", { exact: true }).selectOption("urgent");
    await shot(page, "macros-editor-en");
    await macro.getByRole("button", { name: "Save" }).click();
    await page.locator("tr[data-macro-id]", { hasText: "Escalate" }).waitFor();
    await shot(page, "macros-list-en");

    // A customer mails; the rule acts.
    const conversationId = await customerMails("ご注文について", "先日の注文の返金をお願いします。");
    await expect
      .poll(
        async () => server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { tags: true, priority: true } }),
        {
          timeout: 15_000,
        },
      )
      .toEqual({ tags: ["refund"], priority: "high" });

    await page.goto(`${server.url}/conversations/${conversationId}`);
    await page.getByText("Rule “Refund desk” changed the tags").waitFor();
    await page.getByText(/Rule “Refund desk” set the priority/).waitFor();
    // Amber once 10% of the minute has passed (the countdown and the clock job both get there).
    await page.locator(".conv-header [data-sla-state='warning']").waitFor({ timeout: 30_000 });
    await shot(page, "conversation-rule-sla-en");

    // `m` opens the picker; typing filters; Enter runs the macro; the header shows the result at once.
    // Out of the composer (shortcuts are ignored while typing).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("m");
    const picker = page.locator("dialog.macro-dialog[open]");
    await picker.waitFor();
    await picker.getByLabel("Filter macros", { exact: true }).fill("esc");
    await shot(page, "macro-picker-en");
    await picker.getByLabel("Filter macros", { exact: true }).press("Enter");
    await page.getByRole("status").filter({ hasText: "Ran macro “Escalate”." }).waitFor();
    await page.locator(".conv-header", { hasText: "escalated" }).waitFor();
    await expect
      .poll(() =>
        page
          .locator(".conv-header select[name='priority'], .conv-header select")
          .evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value)),
      )
      .toContain("urgent");
    expect(
      await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { tags: true, priority: true } }),
    ).toEqual({
      tags: ["refund", "escalated"],
      priority: "urgent",
    });
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("business hours: a lunch break, a closed date and Japanese holidays, assigned to the inbox", async () => {
    const { page } = admin;
    await page.goto(`${server.url}/admin/business-hours`);
    await page.getByRole("button", { name: "+ New business hours" }).click();
    const editor = page.locator("form.rule-editor");
    await editor.getByLabel("Name", { exact: true }).fill("Tokyo office");
    await editor.getByRole("combobox", { name: "Time zone", exact: true }).selectOption("Asia/Tokyo");
    await editor.getByLabel("Closed date", { exact: true }).fill("2026-12-31");
    await editor.getByRole("button", { name: "+ Add closed date" }).click();
    await editor.getByLabel("Also closed on Japanese public holidays", { exact: true }).check();
    // Saturday morning too.
    await editor.getByRole("button", { name: "Add hours to Saturday" }).click();
    await editor.getByLabel("Saturday closes at", { exact: true }).fill("12:00");
    await shot(page, "business-hours-editor-en");
    await editor.getByRole("button", { name: "Save" }).click();
    await page.locator("tr[data-hours-id]", { hasText: "Tokyo office" }).waitFor();
    const saved = await server.ctx.db.businessHours.findUniqueOrThrow({ where: { name: "Tokyo office" } });
    expect(saved).toMatchObject({ timezone: "Asia/Tokyo", holidays: ["2026-12-31"], japaneseHolidays: true });
    const intervals = saved.intervals as { day: number; start: string; end: string }[];
    expect(intervals.filter((i) => i.day === 1)).toEqual([
      { day: 1, start: "09:00", end: "12:00" },
      { day: 1, start: "13:00", end: "18:00" },
    ]);
    expect(intervals.filter((i) => i.day === 6)).toEqual([{ day: 6, start: "09:00", end: "12:00" }]);

    await page.getByLabel("Inbox: Support mail", { exact: true }).selectOption({ label: "Tokyo office" });
    await expect
      .poll(async () => (await server.ctx.db.inbox.findUniqueOrThrow({ where: { id: inboxId } })).businessHoursId, { timeout: 15_000 })
      .toBe(saved.id);
    await shot(page, "business-hours-en");
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("deletes a macro only after the admin confirms", async () => {
    const { page } = admin;
    const macro = await server.ctx.db.macro.create({ data: { name: "Throwaway macro", actions: [{ type: "add_tag", tag: "x" }] } });
    await page.goto(`${server.url}/admin/macros`);
    const del = page.getByRole("button", { name: "Delete Throwaway macro", exact: true });
    page.once("dialog", (d) => void d.dismiss());
    await del.click();
    expect(await server.ctx.db.macro.count({ where: { id: macro.id } })).toBe(1);
    page.once("dialog", (d) => void d.accept());
    await del.click();
    await page.locator(`tr[data-macro-id="${macro.id}"]`).waitFor({ state: "detached" });
    expect(await server.ctx.db.macro.count({ where: { id: macro.id } })).toBe(0);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("a rule sets a contact attribute, picked with a typed value input, in English and Japanese", async () => {
    const defined = await server.api(
      "POST",
      "/api/v1/attributes",
      { entity: "contact", key: "tier", label: "Tier", labelJa: "ランク", type: "single_select", options: ["gold", "silver"] },
      await server.apiToken(),
    );
    expect(defined.status, JSON.stringify(defined.body)).toBe(201);
    const { page } = admin;
    await page.goto(`${server.url}/admin/automation`);
    await page.getByRole("button", { name: "+ New rule" }).click();
    const editor = page.locator("form.rule-editor");
    await editor.getByLabel("Name", { exact: true }).fill("Gold tier");
    const row = editor.locator("[data-action-row='0']");
    await row.getByLabel("Action", { exact: true }).selectOption("set_attribute");
    await row.getByLabel("Attribute", { exact: true }).selectOption({ label: "Tier" });
    await row.getByLabel("Value", { exact: true }).selectOption("gold");
    await shot(page, "automation-set-attribute-en");
    await editor.getByRole("button", { name: "Save" }).click();
    await page.locator("tr[data-rule-id]", { hasText: "Gold tier" }).waitFor();
    const rule = await server.ctx.db.automationRule.findUniqueOrThrow({ where: { name: "Gold tier" } });
    expect(rule.actions).toEqual([{ type: "set_attribute", of: "contact", key: "tier", value: "gold" }]);

    await createUser(server.ctx, "system", {
      email: "ren@e2e.example",
      name: "蓮",
      role: "admin",
      password: "admin-password-1",
      locale: "ja",
    });
    const ja = await openPage(browser, { locale: "ja-JP" });
    try {
      await signIn(ja.page, server.url, "ren@e2e.example", "admin-password-1");
      await ja.page.goto(`${server.url}/admin/automation`);
      await ja.page.getByRole("button", { name: "Gold tier を編集" }).click();
      const jaRow = ja.page.locator("form.rule-editor [data-action-row='0']");
      await expect.poll(() => jaRow.getByLabel("属性", { exact: true }).inputValue(), { timeout: 15_000 }).toBe("contact:tier");
      expect(await jaRow.getByLabel("値", { exact: true }).inputValue()).toBe("gold");
      await shot(ja.page, "automation-set-attribute-ja");
      expect(ja.errors, ja.errors.join("\n")).toEqual([]);
    } finally {
      await ja.context.close();
    }
    await server.api("DELETE", `/api/v1/automation-rules/${rule.id}`, undefined, await server.apiToken());
  });

  it("every admin screen in Japanese", async () => {
    await createUser(server.ctx, "system", {
      email: "hanako@e2e.example",
      name: "花子",
      role: "admin",
      password: "admin-password-1",
      locale: "ja",
    });
    const ja = await openPage(browser, { locale: "ja-JP" });
    await signIn(ja.page, server.url, "hanako@e2e.example", "admin-password-1");
    const { page } = ja;

    await page.goto(`${server.url}/admin/automation`);
    await page.getByRole("heading", { name: "自動化ルール" }).waitFor();
    await page.getByRole("button", { name: "Refund desk を編集" }).click();
    const editor = page.locator("form.rule-editor");
    expect(await editor.getByLabel("イベント", { exact: true }).inputValue()).toBe("customer_message");
    await editor.getByRole("option", { name: "顧客からメッセージを受信したとき" }).first().waitFor({ state: "attached" });
    expect(await editor.locator("[data-condition-row='0']").getByLabel("項目", { exact: true }).inputValue()).toBe("text");
    await shot(page, "automation-editor-ja");

    await page.goto(`${server.url}/admin/macros`);
    await page.getByRole("heading", { name: "マクロ" }).waitFor();
    await page.getByRole("button", { name: "+ 新しいマクロ" }).click();
    await page.locator("form.rule-editor").getByText("アクションを追加").waitFor();
    await shot(page, "macros-ja");

    await page.goto(`${server.url}/admin/business-hours`);
    await page.getByRole("button", { name: "+ 営業時間を追加" }).click();
    // A Japanese admin's new schedule starts in Tokyo time with Japanese holidays.
    expect(await page.locator("form.rule-editor").getByRole("combobox", { name: "タイムゾーン", exact: true }).inputValue()).toBe(
      "Asia/Tokyo",
    );
    expect(await page.locator("form.rule-editor").getByLabel("日本の祝日も休業", { exact: true }).isChecked()).toBe(true);
    await shot(page, "business-hours-ja");

    await page.goto(`${server.url}/admin/sla-policies`);
    await page.getByRole("button", { name: "Fast lane を編集" }).click();
    await page.getByRole("heading", { name: "SLA ポリシーを編集" }).waitFor();
    await shot(page, "sla-policies-ja");
    expect(ja.errors, ja.errors.join("\n")).toEqual([]);
  });
});

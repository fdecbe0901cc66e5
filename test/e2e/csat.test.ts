import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { launchBrowser, openPage, signIn } from "~/test/support/browser.ts";
import { ADMIN, startTestServer, type TestServer } from "~/test/support/server.ts";

// The public survey page on a phone in English and Japanese (issue 12), and the agent's view of the answer.
let server: TestServer;
let browser: Browser;
const SHOTS = process.env.E2E_SCREENSHOTS;
const run = randomBytes(3).toString("hex");
let inboxId: string;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  inboxId = await server.createInbox("email", `Support ${run}`, { address: `support-${run}@e2e.example` });
  expect((await server.api("PATCH", `/api/v1/inboxes/${inboxId}`, { csat: { enabled: true } }, await server.apiToken())).status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function resolvedSurvey(text: string) {
  const { conversationId } = await ingestInboundMessage(server.ctx, {
    inboxId,
    message: {
      providerMessageId: `csat-${run}-${text.length}@e2e.example`,
      from: { kind: "email", address: `c-${run}-${text.length}@e2e.example` },
      subject: "Order",
      text,
    },
  });
  const res = await server.api("PATCH", `/api/v1/conversations/${conversationId}`, { status: "resolved" }, await server.apiToken());
  expect(res.status).toBe(200);
  const survey = await server.ctx.db.csatSurvey.findFirstOrThrow({ where: { conversationId } });
  return { conversationId, survey };
}

describe("CSAT survey page", () => {
  it("rates in the customer's language, shows thanks, switches language, and the agent sees the rating", async () => {
    for (const [text, locale, title, thanks, other] of [
      ["My parcel never arrived", "en", "How did we do?", "Thank you for your feedback!", "日本語"],
      ["荷物が届きません", "ja", "ご対応はいかがでしたか？", "ご回答ありがとうございました！", "English"],
    ] as const) {
      const { conversationId, survey } = await resolvedSurvey(text);
      expect(survey.locale).toBe(locale);
      const tracked = await openPage(browser, { width: 390, locale: "en-US" });
      const { page } = tracked;
      await page.goto(`${server.url}/survey/${survey.token}`);
      await page.getByRole("heading", { name: title }).waitFor();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/csat-survey-${locale}.png`, fullPage: true });
      await page.locator('label.survey-option:has(input[value="4"])').click();
      await page.locator('textarea[name="comment"]').fill(locale === "ja" ? "丁寧な対応でした" : "Friendly and quick");
      await page.locator("button.survey-submit").click();
      await page.getByRole("heading", { name: thanks }).waitFor();
      expect(await page.locator('input[name="rating"][value="4"]').isChecked()).toBe(true);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/csat-thanks-${locale}.png`, fullPage: true });
      // A second answer updates the first.
      await page.locator('label.survey-option:has(input[value="5"])').click();
      await page.locator("button.survey-submit").click();
      await expect
        .poll(async () => (await server.ctx.db.csatSurvey.findUniqueOrThrow({ where: { id: survey.id } })).rating, { timeout: 15_000 })
        .toBe(5);
      await page.getByRole("link", { name: other }).click();
      // The URL changes before React commits the new language (the router renders in a transition).
      await page.locator(`main[lang="${locale === "ja" ? "en" : "ja"}"]`).waitFor();
      expect(page.url()).toMatch(/lang=/);
      expect(tracked.errors, tracked.errors.join("\n")).toEqual([]);
      await tracked.context.close();

      await server.ctx.db.user.update({ where: { email: ADMIN.email }, data: { locale } });
      const agent = await openPage(browser, { locale: locale === "ja" ? "ja-JP" : "en-US" });
      await signIn(agent.page, server.url, ADMIN.email, ADMIN.password);
      await agent.page.goto(`${server.url}/conversations/${conversationId}`);
      await agent.page.locator(".csat-badge", { hasText: "5/5" }).waitFor();
      await agent.page.locator(".event-line", { hasText: "★★★★★" }).first().waitFor();
      if (SHOTS) await agent.page.screenshot({ path: `${SHOTS}/csat-conversation-${locale}.png` });
      expect(agent.errors, agent.errors.join("\n")).toEqual([]);
      await agent.context.close();
    }
  });

  it("resolve without survey from the keyboard; the customer page and the admin toggle", async () => {
    const { conversationId: rated } = await resolvedSurvey("Rated conversation for the customer page");
    const survey = await server.ctx.db.csatSurvey.findFirstOrThrow({ where: { conversationId: rated } });
    expect(
      (await fetch(`${server.url}/survey/${survey.token}/answer`, { method: "POST", body: new URLSearchParams({ rating: "3" }) })).status,
    ).toBe(200);
    const { contactId } = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: rated } });
    const { conversationId } = await ingestInboundMessage(server.ctx, {
      inboxId,
      message: {
        providerMessageId: `quiet-${run}@e2e.example`,
        from: { kind: "email", address: `quiet-${run}@e2e.example` },
        subject: "No survey",
        text: "Just a note",
      },
    });
    for (const locale of ["en", "ja"] as const) {
      await server.ctx.db.user.update({ where: { email: ADMIN.email }, data: { locale } });
      const agent = await openPage(browser, { locale: locale === "ja" ? "ja-JP" : "en-US" });
      await signIn(agent.page, server.url, ADMIN.email, ADMIN.password);
      await agent.page.goto(`${server.url}/contacts/${contactId}`);
      await agent.page.locator(".csat-card", { hasText: "3/5" }).waitFor();
      if (SHOTS) await agent.page.screenshot({ path: `${SHOTS}/csat-contact-${locale}.png` });
      await agent.page.goto(`${server.url}/admin/inboxes`);
      await agent.page.locator(`tr[data-inbox-id="${inboxId}"] .csat-settings input[name="enabled"]:checked`).waitFor();
      if (SHOTS) await agent.page.locator(`tr[data-inbox-id="${inboxId}"]`).screenshot({ path: `${SHOTS}/csat-admin-${locale}.png` });
      expect(agent.errors, agent.errors.join("\n")).toEqual([]);
      await agent.context.close();
    }
    const agent = await openPage(browser);
    await signIn(agent.page, server.url, ADMIN.email, ADMIN.password);
    await agent.page.goto(`${server.url}/conversations/${conversationId}`);
    const button = agent.page.getByRole("button", { name: "アンケートを送らずに解決" });
    await button.focus();
    await agent.page.keyboard.press("Enter");
    await expect
      .poll(async () => (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).status, { timeout: 15_000 })
      .toBe("resolved");
    expect(await server.ctx.db.csatSurvey.count({ where: { conversationId } })).toBe(0);
    expect(agent.errors, agent.errors.join("\n")).toEqual([]);
    await agent.context.close();
  });

  it("the chat widget shows the survey inline and takes the rating", async () => {
    const chatInbox = await server.createInbox("web_chat", `Website ${run}`, {});
    await server.api("PATCH", `/api/v1/inboxes/${chatInbox}`, { csat: { enabled: true } }, await server.apiToken());
    const visitor = await openPage(browser, { width: 400, locale: "en-US" });
    await visitor.page.goto(`${server.url}/widget/${chatInbox}`);
    const input = visitor.page.getByRole("textbox", { name: "Type a message…" });
    await input.fill("Where is my order?");
    await input.press("Enter");
    await visitor.page
      .locator(".msg-mine", { hasText: "Where is my order?" })
      .getByText(/^You · /)
      .waitFor();
    const conversation = await server.ctx.db.conversation.findFirstOrThrow({ where: { inboxId: chatInbox } });
    expect(
      (await server.api("PATCH", `/api/v1/conversations/${conversation.id}`, { status: "resolved" }, await server.apiToken())).status,
    ).toBe(200);
    const survey = visitor.page.locator("form.survey");
    await survey.waitFor();
    await survey.getByRole("radio", { name: "4" }).click();
    await survey.locator("textarea").fill("Quick help");
    await survey.getByRole("button", { name: "Send rating" }).click();
    await survey.getByText("Thank you! You rated us 4/5.").waitFor();
    if (SHOTS) await visitor.page.screenshot({ path: `${SHOTS}/csat-widget-en.png` });
    expect(await server.ctx.db.csatSurvey.findFirstOrThrow({ where: { conversationId: conversation.id } })).toMatchObject({
      rating: 4,
      comment: "Quick help",
    });
    expect(visitor.errors, visitor.errors.join("\n")).toEqual([]);
    await visitor.context.close();
  });

  it("an unknown token shows a clear not-found page", async () => {
    const tracked = await openPage(browser, { width: 390 });
    const res = await tracked.page.goto(`${server.url}/survey/${"z".repeat(43)}`);
    expect(res?.status()).toBe(404);
    await tracked.page.getByRole("heading", { name: "Survey not found" }).waitFor();
    if (SHOTS) await tracked.page.screenshot({ path: `${SHOTS}/csat-not-found.png` });
    await tracked.context.close();
  });
});

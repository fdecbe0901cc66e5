import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { createDepartment } from "~/server/domain/admin/create-department.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";
import { createContact } from "~/server/domain/contacts/create-contact.ts";
import { loadActor } from "~/server/domain/access.ts";

// Admin pages in a real Chromium: department settings, agent capacity, inbox setup info, IMAP
// health and Slack channels shared with customers.
let server: TestServer;
let browser: Browser;
let admin: TrackedPage;

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

describe("admin pages", () => {
  it("edits a department's assignment settings and members, and an agent's capacity", async () => {
    const dept = await createDepartment(server.ctx, "system", { name: "サポート", restricted: false, autoAssign: false });
    const agent = await createUser(server.ctx, "system", {
      email: "kenji@e2e.example",
      name: "Kenji",
      role: "agent",
      password: "agent-password-1",
    });
    const { page } = admin;
    await page.goto(`${server.url}/admin/departments`);
    const row = page.locator(`details[data-department-id="${dept.id}"]`);
    await row.locator("summary").click();
    await row.locator('input[name="autoAssign"]').check();
    await row.locator('input[name="reassignOfflineAfterMinutes"]').fill("30");
    await row.locator("label.check", { hasText: "Kenji" }).locator("input").check();
    await row.locator('button[type="submit"]').click();
    await row.locator('[role="status"]', { hasText: "Saved." }).waitFor();
    const saved = await server.ctx.db.department.findUniqueOrThrow({ where: { id: dept.id }, include: { members: true } });
    expect(saved).toMatchObject({ autoAssign: true, reassignOfflineAfterMinutes: 30 });
    expect(saved.members.map((m) => m.userId)).toEqual([agent.id]);

    await page.goto(`${server.url}/admin/users`);
    const capacity = page.locator(`form[data-capacity-for="${agent.id}"]`);
    await capacity.locator('input[name="capacity"]').fill("3");
    await capacity.locator("button").click();
    await capacity.locator('[role="status"]').waitFor();
    expect((await server.ctx.db.user.findUniqueOrThrow({ where: { id: agent.id } })).capacity).toBe(3);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("shows setup info and IMAP health, and links a Slack channel to a customer", async () => {
    const email = await server.createInbox("email", "Support mail", { address: "support@e2e.example" });
    await server.ctx.db.inbox.update({
      where: { id: email },
      data: { state: { imap: { status: "error", error: "Invalid credentials", nextRetryAt: new Date().toISOString() } } },
    });
    const sms = await server.createInbox("twilio_sms", "SMS", {
      accountSid: `AC${"a".repeat(32)}`,
      authToken: "secret-token",
      phoneNumber: "+815012345678",
    });
    const slack = await server.createInbox("slack", "Acme Slack", { signingSecret: "s".repeat(32), botToken: "xoxb-test" });
    const adminUser = await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    const contact = await createContact(server.ctx, (await loadActor(server.ctx, adminUser.id))!, {
      name: "山田 花子",
      email: "hanako@example.jp",
    });
    const { page } = admin;
    await page.goto(`${server.url}/admin/inboxes`);
    const mail = page.locator(`tr[data-inbox-id="${email}"]`);
    expect(await mail.locator("[data-imap-status]").getAttribute("data-imap-status")).toBe("error");
    expect(await mail.locator(".imap-health").textContent()).toContain("Invalid credentials");
    const smsText = await page.locator(`tr[data-inbox-id="${sms}"] .setup-info`).textContent();
    expect(smsText).toContain(`/webhooks/twilio/${sms}/sms`);
    expect(smsText).toContain(`/webhooks/twilio/${sms}/status`);
    const slackRow = page.locator(`tr[data-inbox-id="${slack}"]`);
    expect(await slackRow.locator(".setup-info").textContent()).toContain('"display_information"');

    await slackRow.locator('input[type="text"]').fill("C0123ABCD");
    await slackRow.locator('input[type="search"]').fill("山田");
    await slackRow.locator("button", { hasText: "Link to 山田 花子" }).click();
    await slackRow.locator('.slack-link[data-channel-id="C0123ABCD"]', { hasText: "山田 花子" }).waitFor();
    expect(await server.ctx.db.channelLink.findMany({ where: { inboxId: slack }, select: { externalId: true, contactId: true } })).toEqual([
      { externalId: "C0123ABCD", contactId: contact.id },
    ]);
    await slackRow.locator(".slack-link button", { hasText: "Unlink" }).click();
    await expect.poll(() => server.ctx.db.channelLink.count({ where: { inboxId: slack } })).toBe(0);
    await expect.poll(() => slackRow.locator(".slack-link").count()).toBe(0);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });
});

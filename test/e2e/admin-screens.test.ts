import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { startFakeTwilio, type FakeTwilio } from "~/test/support/fake-twilio.ts";
import { startWebhookReceiver } from "~/test/support/webhook-receiver.ts";
import { connectAgent } from "~/test/support/socket.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";
import { createContact } from "~/server/domain/contacts/create-contact.ts";
import { loadActor } from "~/server/domain/access.ts";
import { signWebhook } from "~/server/domain/webhooks/sign-webhook.ts";

// The admin editing screens of issue 15 in a real Chromium: an inbox (rename, replace a secret, test
// the connection against the fake Twilio), a user (role change, deactivation that drops their live
// socket), a webhook (secret shown once, a test delivery in the log) and a customer's export and erasure.
// E2E_SCREENSHOTS=<dir> saves each screen in English and Japanese.
const SHOTS = process.env.E2E_SCREENSHOTS;
const JA_ADMIN = { email: "kanri@e2e.example", password: "kanri-password-1" };

let server: TestServer;
let browser: Browser;
let admin: TrackedPage;
let ja: TrackedPage;
let twilio: FakeTwilio;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  twilio = await startFakeTwilio();
  receiver = await startWebhookReceiver();
  server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
  await createUser(server.ctx, "system", { ...JA_ADMIN, name: "管理者", role: "admin", locale: "ja" });
  browser = await launchBrowser();
  admin = await openPage(browser);
  await signIn(admin.page, server.url, ADMIN.email, ADMIN.password);
  ja = await openPage(browser, { locale: "ja" });
  await signIn(ja.page, server.url, JA_ADMIN.email, JA_ADMIN.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await twilio?.close();
  await receiver?.close();
});

/** The same screen for the Japanese admin, for the screenshots. */
async function shootBoth(name: string, path: string, prepare?: (page: TrackedPage["page"]) => Promise<void>) {
  if (!SHOTS) return;
  await admin.page.screenshot({ path: `${SHOTS}/${name}-en.png`, fullPage: true });
  await ja.page.goto(`${server.url}${path}`);
  await prepare?.(ja.page);
  await ja.page.screenshot({ path: `${SHOTS}/${name}-ja.png`, fullPage: true });
}

describe("admin editing screens", () => {
  it("edits an inbox: rename, replace its secret, test the connection against the provider", async () => {
    const inboxId = await server.createInbox("twilio_sms", "SMS", {
      accountSid: twilio.accountSid,
      authToken: "wrong-token",
      phoneNumber: "+815012345678",
      apiBaseUrl: twilio.url,
    });
    const { page } = admin;
    await page.goto(`${server.url}/admin/inboxes`);
    const row = page.locator(`tr[data-inbox-id="${inboxId}"]`);
    const test = row.locator(`form[data-test-connection="${inboxId}"]`);
    await test.locator("button").click();
    await expect.poll(() => test.locator('[role="alert"]').textContent(), { timeout: 15_000 }).toContain("HTTP 401");

    const edit = row.locator(`details[data-inbox-edit="${inboxId}"]`);
    await edit.locator("summary").click();
    // The stored token is never on the page: only that it is set.
    expect(await page.content()).not.toContain("wrong-token");
    await edit.locator('[data-secret="authToken"]').getByRole("button").click();
    await edit.locator('input[name="authToken"]').fill(twilio.authToken);
    await edit.locator('input[name="name"]').fill("SMS 東京");
    await edit.locator('button[type="submit"]').click();
    await edit.locator('[role="status"]', { hasText: "Saved." }).waitFor();
    await test.locator("button").click();
    await expect.poll(() => test.locator('[role="status"]').textContent(), { timeout: 15_000 }).toContain("Fake Twilio account");

    const saved = await server.ctx.db.inbox.findUniqueOrThrow({ where: { id: inboxId } });
    expect(saved.name).toBe("SMS 東京");
    expect(saved.config).toMatchObject({ accountSid: twilio.accountSid, phoneNumber: "+815012345678", apiBaseUrl: twilio.url });
    const audit = await server.ctx.db.auditLog.findMany({ where: { targetId: inboxId }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "inbox.created",
      "inbox.connection_tested",
      "inbox.updated",
      "inbox.secrets_replaced",
      "inbox.connection_tested",
    ]);
    expect(audit.at(-1)!.after).toMatchObject({ ok: true });
    expect(JSON.stringify(audit)).not.toContain(twilio.authToken);
    await shootBoth("inbox-edit", "/admin/inboxes", async (p) => {
      await p.locator(`details[data-inbox-edit="${inboxId}"] summary`).click();
    });
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("edits a user's role, then deactivates them: their open socket is disconnected", async () => {
    const rin = await createUser(server.ctx, "system", {
      email: "rin@e2e.example",
      name: "Rin",
      role: "agent",
      password: "rin-password-12",
    });
    const socket = await connectAgent(server.url, { cookie: await server.login("rin@e2e.example", "rin-password-12"), label: "rin" });
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    const { page } = admin;
    await page.goto(`${server.url}/admin/users`);
    const row = page.locator(`tr[data-user-id="${rin.id}"]`);
    await row.getByRole("button", { name: "Edit" }).click();
    const form = page.locator(`form[data-user-form="${rin.id}"]`);
    await form.locator('select[name="role"]').selectOption("viewer");
    await form.locator('input[name="name"]').fill("Rin Sato");
    await form.locator('button[type="submit"]').click();
    await form.locator('[role="status"]', { hasText: "Saved." }).waitFor();
    expect(await server.ctx.db.user.findUniqueOrThrow({ where: { id: rin.id } })).toMatchObject({ role: "viewer", name: "Rin Sato" });

    await page.getByRole("button", { name: "Deactivate" }).click();
    const dialog = page.locator("dialog[open]");
    await expect.poll(() => dialog.textContent(), { timeout: 15_000 }).toContain("signed out everywhere");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/user-deactivate-en.png` });
    await dialog.getByRole("button", { name: "Deactivate" }).click();
    expect(await disconnected).toBe("io server disconnect");
    await row.locator(".badge", { hasText: "Deactivated" }).waitFor();
    expect((await server.ctx.db.user.findUniqueOrThrow({ where: { id: rin.id } })).disabledAt).not.toBeNull();
    await shootBoth("users", "/admin/users", async (p) => {
      await p.locator(`tr[data-user-id="${rin.id}"]`).getByRole("button").click();
    });
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("creates a webhook whose secret is shown once, and sends a test event into the delivery log", async () => {
    const { page } = admin;
    await page.goto(`${server.url}/admin/webhooks`);
    const create = page.getByTestId("new-webhook");
    await create.locator('input[name="url"]').fill(`${receiver.url}/hooks`);
    await create.locator('input[value="conversation.created"]').check();
    await create.locator('input[value="contact.created"]').check();
    await create.locator('button[type="submit"]').click();
    const secret = (await page.getByTestId("webhook-secret").locator("pre").textContent())!;
    expect(secret.length).toBeGreaterThan(20);
    const endpoint = await server.ctx.db.webhookEndpoint.findFirstOrThrow({ where: { url: `${receiver.url}/hooks` } });
    expect(endpoint.events.sort()).toEqual(["contact.created", "conversation.created"]);

    // Shown once: a reload no longer has it.
    await page.reload();
    expect(await page.content()).not.toContain(secret);
    const row = page.locator(`[data-webhook-id="${endpoint.id}"]`);
    await row.getByRole("link", { name: "Delivery log" }).click();
    await row.getByText("No deliveries yet.").waitFor();
    await row.getByRole("button", { name: "Send test event" }).click();
    await receiver.waitFor((r) => r.some((w) => w.json.type === "webhook.test"), 15_000);
    const delivered = receiver.received.find((w) => w.json.type === "webhook.test")!;
    const t = /t=(\d+)/.exec(String(delivered.headers["x-switchboard-signature"]))![1]!;
    expect(delivered.headers["x-switchboard-signature"]).toBe(signWebhook(secret, delivered.body, Number(t)));
    // The log refreshes itself while the delivery waits.
    const logged = row.locator('tr[data-status="succeeded"]');
    await logged.waitFor({ timeout: 15_000 });
    expect(await logged.textContent()).toContain("webhook.test");
    expect(await logged.textContent()).toContain("200");
    await shootBoth("webhooks", `/admin/webhooks?log=${endpoint.id}`);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("exports a customer's data and erases them from the customer page", async () => {
    const adminUser = await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    const contact = await createContact(server.ctx, (await loadActor(server.ctx, adminUser.id))!, {
      name: "山田 花子",
      email: "hanako@example.jp",
    });
    const { page } = admin;
    await page.goto(`${server.url}/contacts/${contact.id}`);
    const card = page.getByTestId("privacy-card");
    const [download] = await Promise.all([page.waitForEvent("download"), card.getByRole("link", { name: "Export data" }).click()]);
    const zipFile = (await download.path())!;
    expect((await readFile(zipFile)).subarray(0, 2).toString()).toBe("PK");
    const exported = JSON.parse(execFileSync("unzip", ["-p", zipFile, "contact.json"]).toString());
    expect(JSON.stringify(exported.contact)).toContain("hanako@example.jp");

    await card.getByRole("button", { name: "Erase…" }).click();
    const dialog = page.locator("dialog[open]");
    const confirm = dialog.getByRole("button", { name: "Erase for good" });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.locator('input[name="confirmName"]').fill("山田 花子");
    await shootBoth("customer-erase", `/contacts/${contact.id}`, async (p) => {
      await p.getByTestId("privacy-card").getByRole("button").click();
    });
    await confirm.click();
    await page.getByTestId("erased-notice").waitFor();
    expect(await page.locator("h1").textContent()).toBe("Erased contact");
    // A fresh load (the first load's hydration data stays in the DOM until then) holds nothing of theirs.
    await page.reload();
    await page.getByTestId("erased-notice").waitFor();
    expect(await page.content()).not.toContain("hanako@example.jp");
    expect(await page.content()).not.toContain("山田 花子");
    const erased = await server.ctx.db.contact.findUniqueOrThrow({ where: { id: contact.id } });
    expect(erased.erasedAt).not.toBeNull();
    expect(await server.ctx.db.contactIdentity.count({ where: { contactId: contact.id } })).toBe(0);
    const actions = (await server.ctx.db.auditLog.findMany({ where: { targetId: contact.id } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["contact.exported", "contact.erased"]));
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/customer-erased-en.png` });
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
    expect(ja.errors, ja.errors.join("\n")).toEqual([]);
  });
});

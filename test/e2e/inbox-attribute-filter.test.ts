import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";

/**
 * The inbox's attribute filter in a real Chromium (issue 14): a condition on a contact attribute
 * narrows the list, travels in the URL, shows as a removable chip, and reads in Japanese.
 */
let server: TestServer;
let browser: Browser;
let admin: TrackedPage;
const run = randomBytes(3).toString("hex");
const SHOTS = process.env.E2E_SCREENSHOTS;
const names = { taro: `山田 太郎 ${run}`, hanako: `佐藤 花子 ${run}`, ken: `Ken Suzuki ${run}` };

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  admin = await openPage(browser);
  await signIn(admin.page, server.url, ADMIN.email, ADMIN.password);
  const token = await server.apiToken();
  const res = await server.api(
    "POST",
    "/api/v1/attributes",
    { entity: "contact", key: "plan", label: "Plan", labelJa: "プラン", type: "single_select", options: ["gold", "silver"] },
    token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const inbox = await server.createInbox("email", "Support", { address: `attr-${run}@e2e.example` });
  const people = [
    [names.taro, `taro-${run}@example.jp`, "gold"],
    [names.hanako, `hanako-${run}@example.jp`, "silver"],
    [names.ken, `ken-${run}@example.com`, "gold"],
  ] as const;
  for (const [name, address, plan] of people) {
    const { conversationId } = await ingestInboundMessage(server.ctx, {
      inboxId: inbox,
      message: { providerMessageId: `<${address}>`, from: { kind: "email", address, displayName: name }, subject: "hello", text: "hello" },
    });
    const { contactId } = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect((await server.api("PATCH", `/api/v1/contacts/${contactId}`, { attributes: { plan } }, token)).status).toBe(200);
  }
  await createUser(server.ctx, "system", {
    email: `kenji-${run}@e2e.example`,
    name: "佐藤 健二",
    role: "agent",
    password: "kenji-password-1",
    locale: "ja",
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const listed = (tracked: TrackedPage) => async () => {
  const rows = await tracked.page.locator(".conv-items li").allTextContents();
  return Object.entries(names)
    .filter(([, name]) => rows.some((r) => r.includes(name)))
    .map(([key]) => key);
};

describe("inbox attribute filter", () => {
  it("narrows the list by a contact attribute, keeps it in the URL and removes it from its chip", async () => {
    const { page } = admin;
    await page.goto(`${server.url}/inbox/all`);
    await expect.poll(listed(admin), { timeout: 15_000 }).toEqual(["taro", "hanako", "ken"]);

    await page.getByRole("button", { name: "Attributes" }).click();
    const form = page.getByRole("form", { name: "Filter by attribute" });
    await form.getByLabel("Attribute").selectOption({ label: "Plan" });
    await form.getByLabel("Operator").selectOption("is");
    await form.getByLabel("Value").selectOption("gold");
    await form.getByRole("button", { name: "Add filter" }).click();
    await expect.poll(listed(admin), { timeout: 15_000 }).toEqual(["taro", "ken"]);
    await expect
      .poll(() => page.locator(".attr-chip").allTextContents(), { timeout: 15_000 })
      .toEqual([expect.stringContaining("Contact · Plan is gold")]);
    expect(new URL(page.url()).searchParams.get("filter")).toContain("contact.attribute.plan");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/inbox-attribute-filter-en.png` });

    // Another status tab keeps the filter; a reload shows the same list.
    await page.reload();
    await expect.poll(listed(admin), { timeout: 15_000 }).toEqual(["taro", "ken"]);

    await page.getByRole("button", { name: /Remove filter: Contact · Plan is gold/ }).click();
    await expect.poll(listed(admin), { timeout: 15_000 }).toEqual(["taro", "hanako", "ken"]);
    expect(new URL(page.url()).searchParams.get("filter")).toBeNull();
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("reads in Japanese and names a filter it cannot use", async () => {
    const kenji = await openPage(browser, { locale: "ja" });
    await signIn(kenji.page, server.url, `kenji-${run}@e2e.example`, "kenji-password-1");
    const filter = encodeURIComponent(JSON.stringify({ all: [{ field: "contact.attribute.plan", op: "is_not", value: "gold" }] }));
    await kenji.page.goto(`${server.url}/inbox/all?filter=${filter}`);
    await expect.poll(listed(kenji), { timeout: 15_000 }).toEqual(["hanako"]);
    await expect
      .poll(() => kenji.page.locator(".attr-chip").allTextContents(), { timeout: 15_000 })
      .toEqual([expect.stringContaining("顧客 · プラン")]);
    await kenji.page.getByRole("button", { name: /属性/ }).first().click();
    await kenji.page.getByRole("form", { name: "属性で絞り込む" }).waitFor();
    if (SHOTS) await kenji.page.screenshot({ path: `${SHOTS}/inbox-attribute-filter-ja.png` });

    const unknown = encodeURIComponent(JSON.stringify({ all: [{ field: "contact.attribute.nope", op: "is_set" }] }));
    await kenji.page.goto(`${server.url}/inbox/all?filter=${unknown}`);
    await expect
      .poll(() => kenji.page.getByRole("alert").first().textContent(), { timeout: 15_000 })
      .toContain("no such contact attribute nope");
    expect(kenji.errors, kenji.errors.join("\n")).toEqual([]);
    await kenji.page.context().close();
  });
});

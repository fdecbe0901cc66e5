import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";
import { createContact } from "~/server/domain/contacts/create-contact.ts";
import { loadActor } from "~/server/domain/access.ts";

// Merging duplicates (conversations, customers) and managing canned responses, in a real Chromium.
let server: TestServer;
let browser: Browser;
let admin: TrackedPage;
let seq = 0;
const SHOTS = process.env.E2E_SCREENSHOTS;

function customerWrites(inboxId: string, address: string, name: string, text: string, subject: string) {
  return ingestInboundMessage(server.ctx, {
    inboxId,
    message: { providerMessageId: `merge-${++seq}`, from: { kind: "email", address, displayName: name }, text, subject },
  });
}

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

describe("merging and canned responses", () => {
  it("merges a conversation into another of the same customer and lands on the target", async () => {
    const sales = await server.createInbox("email", "Sales", { address: "sales@e2e.example" });
    const support = await server.createInbox("email", "Support", { address: "support@e2e.example" });
    const dup = await customerWrites(sales, "leo@example.com", "Leo Martin", "Second mail about my invoice", "Invoice again");
    const target = await customerWrites(support, "leo@example.com", "Leo Martin", "Where is my invoice?", "Invoice");
    expect(dup.conversationId).not.toBe(target.conversationId);
    const { page } = admin;
    await page.goto(`${server.url}/conversations/${dup.conversationId}`);
    await page.locator(".conv-header button", { hasText: "Merge into…" }).click();
    const dialog = page.locator("dialog.merge-dialog[open]");
    await dialog.locator(`[data-merge-target="${target.conversationId}"] input`).check();
    await dialog.locator("button", { hasText: "Continue" }).click();
    expect(await dialog.locator(".merge-explain").textContent()).toContain("The customer is not messaged");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/merge-conversation.png` });
    const number = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: target.conversationId } })).number;
    await dialog.locator('button[type="submit"]', { hasText: `Merge into #${number}` }).click();
    await page.waitForURL(new RegExp(`/conversations/${target.conversationId}$`));
    await page.locator("article.msg", { hasText: "Second mail about my invoice" }).waitFor();
    const merged = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: dup.conversationId } });
    expect(merged).toMatchObject({ mergedIntoId: target.conversationId, status: "closed" });
    // Nothing was sent to the customer.
    expect(await server.ctx.db.outboxJob.count()).toBe(0);
    expect(admin.errors, admin.errors.join("\n")).toEqual([]);
  });

  it("merges a customer into another found by search, in Japanese, and shows the survivor", async () => {
    const adminUser = await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    const actor = (await loadActor(server.ctx, adminUser.id))!;
    const keep = await createContact(server.ctx, actor, { name: "山田 花子", email: "hanako@example.jp" });
    const dup = await createContact(server.ctx, actor, { name: "ハナコ", phone: "+819012345678" });
    await createUser(server.ctx, "system", {
      email: "kenji@e2e.example",
      name: "Kenji",
      role: "agent",
      password: "agent-password-1",
      locale: "ja",
    });
    const agent = await openPage(browser, { locale: "ja-JP" });
    await signIn(agent.page, server.url, "kenji@e2e.example", "agent-password-1");
    const { page } = agent;
    await page.goto(`${server.url}/contacts/${dup.id}`);
    await page.locator("button", { hasText: "別のお客様に統合…" }).click();
    const dialog = page.locator("dialog.merge-dialog[open]");
    await dialog.locator('input[type="search"]').fill("山田");
    await dialog.locator(`[data-candidate-id="${keep.id}"] button`).click();
    expect(await dialog.locator(".merge-explain").textContent()).toContain(
      "ハナコ のメールアドレス・電話番号などの識別情報、会話、ドキュメントは 山田 花子 に移ります",
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/merge-contact.png` });
    await dialog.locator('button[type="submit"]', { hasText: "山田 花子 に統合" }).click();
    await page.waitForURL(new RegExp(`/contacts/${keep.id}$`));
    await page.locator(".identity-list, .page", { hasText: "+819012345678" }).first().waitFor();
    expect((await server.ctx.db.contact.findUniqueOrThrow({ where: { id: dup.id } })).mergedIntoId).toBe(keep.id);
    expect(await server.ctx.db.contactIdentity.count({ where: { contactId: keep.id } })).toBe(2);
    expect(agent.errors, agent.errors.join("\n")).toEqual([]);
    await agent.context.close();
  });

  it("creates, edits and deletes a canned response", async () => {
    const { page } = admin;
    await page.goto(`${server.url}/canned`);
    await page.locator(".empty-state", { hasText: "No canned responses yet." }).waitFor();
    expect(await page.locator(".canned-variables").first().textContent()).toContain("{{contact.name}}");
    const form = page.locator("form", { hasText: "New canned response" });
    await form.locator('input[name="shortcut"]').fill("thanks");
    await form.locator('input[name="title"]').fill("Thank you");
    await form.locator('textarea[name="body"]').fill("Hi {{contact.firstName}}, thank you! — {{agent.name}}");
    await form.locator('button[type="submit"]').click();
    await page.locator(".canned-item", { hasText: "/thanks" }).waitFor();
    const { id } = await server.ctx.db.cannedResponse.findFirstOrThrow({ where: { shortcut: "thanks" } });
    const row = page.locator(`.canned-item[data-canned-id="${id}"]`);
    // The same shortcut twice is refused with the server's message, and nothing is lost.
    await form.locator('input[name="shortcut"]').fill("Thanks");
    await form.locator('input[name="title"]').fill("Again");
    await form.locator('textarea[name="body"]').fill("Duplicate");
    await form.locator('button[type="submit"]').click();
    await form.locator('[role="alert"]', { hasText: "already uses this shortcut" }).waitFor();
    expect(await form.locator('textarea[name="body"]').inputValue()).toBe("Duplicate");

    await row.locator("button", { hasText: "Edit" }).click();
    await row.locator('input[name="title"]').fill("ありがとうございます");
    await row.locator('button[type="submit"]', { hasText: "Save" }).click();
    await row.locator(".canned-title", { hasText: "ありがとうございます" }).waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/canned.png` });
    expect(await server.ctx.db.cannedResponse.findMany({ select: { shortcut: true, title: true, body: true } })).toEqual([
      { shortcut: "thanks", title: "ありがとうございます", body: "Hi {{contact.firstName}}, thank you! — {{agent.name}}" },
    ]);

    page.once("dialog", (d) => void d.accept());
    await row.locator("button", { hasText: "Delete" }).click();
    await expect.poll(() => server.ctx.db.cannedResponse.count()).toBe(0);
    await expect.poll(() => page.locator(".canned-item").count()).toBe(0);
    // 409 for the duplicate shortcut above is expected.
    expect(admin.errors.filter((e) => !/HTTP 409/.test(e) && !/status of 409/.test(e))).toEqual([]);
  });
});

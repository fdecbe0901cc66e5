import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

/**
 * Contacts through REST API v1: create with normalised addresses, search by name, email or a phone
 * number in any written form, read one, and the customer timeline across conversations and
 * channels, walked page by page with the cursor.
 */
let server: TestServer;
let admin: string;
let agent: string;
let contactId: string;
let emailInbox: string;
let restrictedInbox: string;
let seq = 0;

const get = (path: string, token = agent) => server.api("GET", path, undefined, token);
const ingestEmail = (inboxId: string, text: string, subject = text) =>
  ingestInboundMessage(server.ctx, {
    inboxId,
    message: { providerMessageId: `<m${++seq}@example.jp>`, from: { kind: "email", address: "taro.yamada@example.jp" }, subject, text },
  });

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  const user = await server.api(
    "POST",
    "/api/v1/users",
    { email: "agent@test.local", name: "Agent", role: "agent", password: "agent password 123" },
    admin,
  );
  agent = await server.apiToken(user.body.id);
  // No email adapter is needed to store inbound mail, so the inbox row is written directly.
  emailInbox = (await server.ctx.db.inbox.create({ data: { kind: "email", name: "Support", config: { address: "support@example.test" } } }))
    .id;
  const legal = await server.api("POST", "/api/v1/departments", { name: "法務", restricted: true }, admin);
  restrictedInbox = (
    await server.ctx.db.inbox.create({
      data: { kind: "email", name: "Legal", departmentId: legal.body.id, config: { address: "legal@example.test" } },
    })
  ).id;
});
afterAll(async () => {
  await server?.stop();
});

describe("contacts", () => {
  it("creates a contact with its email and phone normalised", async () => {
    const res = await server.api(
      "POST",
      "/api/v1/contacts",
      { name: "山田 太郎", email: "  Taro.Yamada@Example.JP ", phone: "090-1234-5678" },
      agent,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    contactId = res.body.id;
    expect(res.body.identities).toEqual(
      expect.arrayContaining([
        { kind: "email", address: "taro.yamada@example.jp" },
        { kind: "phone", address: "+819012345678" },
      ]),
    );
    await server.api("POST", "/api/v1/contacts", { name: "佐藤 花子", email: "hanako@example.jp", phone: "+81 3-1234-5678" }, agent);
  });

  it("refuses a second contact with the same address in another spelling (409)", async () => {
    const res = await server.api("POST", "/api/v1/contacts", { name: "Another", phone: "+81 90 1234 5678" }, agent);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/already exists/);
  });

  it.each([
    ["name", "山田"],
    ["name, other case", "YAMADA"],
    ["email", "Taro.Yamada@example.jp"],
    ["part of the email", "taro.yamada"],
    ["national phone", "090-1234-5678"],
    ["phone without separators", "09012345678"],
    ["international phone", "+81 90 1234 5678"],
    ["international without plus", "81-90-1234-5678"],
    ["full-width phone", "０９０－１２３４－５６７８"],
    ["phone in parentheses", "(090) 1234-5678"],
    ["phone with ideographic spaces", "090　1234　5678"],
  ])("finds the contact by %s (%s)", async (_label, query) => {
    const res = await get(`/api/v1/contacts?query=${encodeURIComponent(query)}`);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((c: { id: string }) => c.id);
    expect(ids, `query ${query}`).toContain(contactId);
    expect(ids).toHaveLength(1);
  });

  it("finds nothing for an unrelated query", async () => {
    const res = await get(`/api/v1/contacts?query=${encodeURIComponent("鈴木")}`);
    expect(res.body.items).toEqual([]);
  });

  it("reads one contact with identities and conversations; 404 for an unknown id", async () => {
    await ingestEmail(emailInbox, "請求書について");
    const res = await get(`/api/v1/contacts/${contactId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: contactId, name: "山田 太郎" });
    expect(res.body.identities.map((i: { address: string }) => i.address).sort()).toEqual(["+819012345678", "taro.yamada@example.jp"]);
    expect(res.body.conversations).toEqual([expect.objectContaining({ subject: "請求書について", channel: "email" })]);
    expect((await get("/api/v1/contacts/nope")).status).toBe(404);
  });
});

describe("contact timeline", () => {
  it("walks every message newest first with the cursor, without duplicates or gaps", async () => {
    for (let i = 0; i < 11; i++) await ingestEmail(emailInbox, `メッセージ ${i}`, `件名 ${i % 3}`);
    const expected = await server.ctx.db.message.findMany({
      where: { contactId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    expect(expected.length).toBeGreaterThan(10);

    const seen: string[] = [];
    const pages: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await get(
        `/api/v1/contacts/${contactId}/timeline?limit=4${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(res.status).toBe(200);
      pages.push(res.body.items.length);
      for (const item of res.body.items) seen.push(item.message.id);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 20);

    expect(seen).toEqual(expected.map((m) => m.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages.slice(0, -1).every((n) => n === 4)).toBe(true);
  });

  it("carries the conversation of each message and crosses conversations", async () => {
    const res = await get(`/api/v1/contacts/${contactId}/timeline?limit=50`);
    const conversations = new Set(res.body.items.map((i: { conversationId: string }) => i.conversationId));
    expect(conversations.size).toBeGreaterThan(1);
    expect(res.body.items[0]).toMatchObject({
      conversationNumber: expect.any(Number),
      conversationSubject: expect.any(String),
      message: { direction: "inbound", channel: "email", text: "メッセージ 10" },
    });
  });

  it("leaves out messages of a restricted department for agents who are not members", async () => {
    await ingestEmail(restrictedInbox, "契約書の件");
    const forAdmin = await get(`/api/v1/contacts/${contactId}/timeline?limit=200`, admin);
    const forAgent = await get(`/api/v1/contacts/${contactId}/timeline?limit=200`);
    const texts = (r: typeof forAdmin) => r.body.items.map((i: { message: { text: string } }) => i.message.text);
    expect(texts(forAdmin)).toContain("契約書の件");
    expect(texts(forAgent)).not.toContain("契約書の件");
    expect(texts(forAgent)).toHaveLength(texts(forAdmin).length - 1);
  });

  it("rejects a forged cursor with 400 and an unknown contact with 404", async () => {
    expect((await get(`/api/v1/contacts/${contactId}/timeline?cursor=garbage`)).status).toBe(400);
    expect((await get(`/api/v1/contacts/nope/timeline`)).status).toBe(404);
  });
});

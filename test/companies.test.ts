import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { startTestServer, type TestServer } from "./support/server.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

/**
 * Companies through REST API v1 (issue 14): domains, automatic linking of contacts by email domain
 * (never by a free-mail domain), linking and unlinking by hand, the company page's people and
 * conversations, one timeline across them, and names normalised on write.
 */
let server: TestServer;
let admin: string;
let emailInbox: string;
let seq = 0;
const run = randomBytes(3).toString("hex");
const domain = `acme-${run}.example`;

const api = (method: string, path: string, body?: unknown) => server.api(method, path, body, admin);
async function ingest(address: string, text: string, displayName?: string) {
  const { conversationId } = await ingestInboundMessage(server.ctx, {
    inboxId: emailInbox,
    message: { providerMessageId: `<c${++seq}-${run}@example.jp>`, from: { kind: "email", address, displayName }, subject: text, text },
  });
  const { contactId } = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { contactId: true } });
  return { contactId };
}

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  emailInbox = (await server.ctx.db.inbox.create({ data: { kind: "email", name: "Support", config: { address: "support@example.test" } } }))
    .id;
});
afterAll(async () => {
  await server?.stop();
});

async function companyOf(contactId: string) {
  return (await api("GET", `/api/v1/contacts/${contactId}`)).body.company?.id ?? null;
}

describe("companies", () => {
  let companyId: string;
  let earlyContact: string;

  it("links contacts who wrote before the company existed once it is created with their domain", async () => {
    earlyContact = (await ingest(`early@${domain}`, "before the company")).contactId;
    const res = await api("POST", "/api/v1/companies", {
      name: "  ＡＣＭＥ　物流 ",
      domains: [`@${domain.toUpperCase()}`, `www.${domain}`],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    companyId = res.body.id;
    expect(res.body).toMatchObject({ name: "ACME 物流", domains: [domain], attributes: {}, contactCount: 1 });
    expect(await companyOf(earlyContact)).toBe(companyId);
  });

  it("links a new sender at one of its domains, and normalises the display name", async () => {
    const { contactId } = await ingest(`taro@${domain}`, "hello", "  山田　太郎 ");
    expect(await companyOf(contactId)).toBe(companyId);
    expect((await api("GET", `/api/v1/contacts/${contactId}`)).body.name).toBe("山田 太郎");
    const created = await api("POST", "/api/v1/contacts", { name: "ﾊﾅｺ", email: `hanako@${domain}` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "ハナコ", companyId });
  });

  it.each(["gmail.com", "yahoo.co.jp", "outlook.com", "icloud.com", "docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp"])(
    "refuses the free-mail domain %s as a company domain",
    async (free) => {
      const res = await api("PATCH", `/api/v1/companies/${companyId}`, { domains: [domain, free] });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`${free} is a free-mail domain`);
    },
  );

  it("never links a free-mail sender, even one whose colleagues use the company domain", async () => {
    const { contactId } = await ingest(`acme.person.${run}@docomo.ne.jp`, "from my phone");
    expect(await companyOf(contactId)).toBeNull();
    const gmail = await api("POST", "/api/v1/contacts", { name: "Free", email: `free.${run}@gmail.com` });
    expect(gmail.body.companyId).toBeNull();
  });

  it("refuses a domain another company already has (409) and malformed domains (400)", async () => {
    const other = await api("POST", "/api/v1/companies", { name: "Other", domains: [domain] });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain(`${domain} already belongs to ACME 物流`);
    expect((await api("POST", "/api/v1/companies", { name: "Bad", domains: ["not a domain"] })).status).toBe(400);
    expect((await api("POST", "/api/v1/companies", { name: "   " })).status).toBe(400);
  });

  it("links and unlinks a contact by hand; an unlinked contact stays unlinked on its next message", async () => {
    const { contactId } = await ingest(`acme.person.${run}@docomo.ne.jp`, "again");
    const linked = await api("PATCH", `/api/v1/contacts/${contactId}`, { companyId });
    expect(linked.status).toBe(200);
    expect(linked.body.company.id).toBe(companyId);
    const unlinked = await api("PATCH", `/api/v1/contacts/${earlyContact}`, { companyId: null });
    expect(unlinked.body.company).toBeNull();
    await ingest(`early@${domain}`, "still here");
    expect(await companyOf(earlyContact)).toBeNull();
    expect((await api("PATCH", `/api/v1/contacts/${earlyContact}`, { companyId: "nope" })).status).toBe(404);
    await api("PATCH", `/api/v1/contacts/${earlyContact}`, { companyId });
  });

  it("shows people and conversations, and one timeline across them, page by page", async () => {
    const page = await api("GET", `/api/v1/companies/${companyId}`);
    expect(page.status).toBe(200);
    expect(page.body.people.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["山田 太郎", "ハナコ", "early"]));
    const subjects = page.body.conversations.map((c: { subject: string }) => c.subject);
    expect(subjects).toEqual(expect.arrayContaining(["hello", "from my phone", "before the company"]));
    const texts: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api("GET", `/api/v1/companies/${companyId}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      texts.push(...res.body.items.map((i: { message: { text: string } }) => i.message.text));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(texts).toEqual(["still here", "again", "from my phone", "hello", "before the company"]);
  });

  it("lists and searches companies, renames, and deletes one leaving its people", async () => {
    const list = await api("GET", `/api/v1/companies?query=${encodeURIComponent(domain)}`);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([companyId]);
    const renamed = await api("PATCH", `/api/v1/companies/${companyId}`, { name: "Acme", notes: "Key account" });
    expect(renamed.body).toMatchObject({ name: "Acme", notes: "Key account", domains: [domain] });
    expect((await api("DELETE", `/api/v1/companies/${companyId}`)).status).toBe(200);
    expect(await companyOf(earlyContact)).toBeNull();
    expect((await api("GET", `/api/v1/companies/${companyId}`)).status).toBe(404);
  });
});

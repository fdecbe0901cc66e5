import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverSlackEvent, startFakeSlack, type FakeSlack } from "./support/fake-slack.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/** The admin API that links shared Slack channels to customers, and what a link changes. */
const SECRET = "slack-channels-test-secret";
let server: TestServer;
let slack: FakeSlack;
let admin: string;
let inboxId: string;
let contactId: string;
let companyId: string;
const path = (channel: string, inbox = inboxId) => `/api/v1/inboxes/${inbox}/slack-channels/${channel}`;

beforeAll(async () => {
  slack = await startFakeSlack();
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  inboxId = await server.createInbox("slack", "Customers", { signingSecret: SECRET, botToken: slack.botToken, apiUrl: slack.apiUrl });
  contactId = (await server.api("POST", "/api/v1/contacts", { name: "山田 花子", email: "hanako@example.jp" }, admin)).body.id;
  companyId = (await server.ctx.db.company.create({ data: { name: "Example KK" } })).id;
});
afterAll(async () => {
  await server?.stop();
  await slack?.close();
});

describe("PUT/GET/DELETE /api/v1/inboxes/:inboxId/slack-channels/:channelId", () => {
  it("links a channel to a contact, re-links it to a company, and lists links", async () => {
    const toContact = await server.api("PUT", path("C0AAA1111"), { contactId }, admin);
    expect(toContact.status).toBe(200);
    expect(toContact.body).toMatchObject({ inboxId, channelId: "C0AAA1111", contactId, companyId: null });
    const toCompany = await server.api("PUT", path("C0AAA1111"), { companyId }, admin);
    expect(toCompany.body).toMatchObject({ contactId: null, companyId });
    const list = await server.api("GET", `/api/v1/inboxes/${inboxId}/slack-channels`, undefined, admin);
    expect(list.body.items).toEqual([expect.objectContaining({ channelId: "C0AAA1111", companyId })]);
  });

  it("refuses bad input with a clear 4xx and changes nothing", async () => {
    const both = await server.api("PUT", path("C0BBB2222"), { contactId, companyId }, admin);
    expect(both).toMatchObject({ status: 400, body: { error: { message: "Send exactly one of contactId or companyId" } } });
    expect((await server.api("PUT", path("C0BBB2222"), {}, admin)).status).toBe(400);
    expect((await server.api("PUT", path("not-a-channel"), { contactId }, admin)).status).toBe(400);
    expect((await server.api("PUT", path("C0BBB2222"), { contactId: "missing" }, admin)).status).toBe(404);
    expect((await server.api("PUT", path("C0BBB2222", "no-such-inbox"), { contactId }, admin)).status).toBe(404);
    const mail = await server.ctx.db.inbox.create({ data: { kind: "email", name: "Mail" } });
    const notSlack = await server.api("PUT", path("C0BBB2222", mail.id), { contactId }, admin);
    expect(notSlack).toMatchObject({ status: 400, body: { error: { message: "Only Slack inboxes have linked channels" } } });
    expect(await server.ctx.db.channelLink.count({ where: { externalId: "C0BBB2222" } })).toBe(0);
  });

  it("is for admins only", async () => {
    const created = await server.api(
      "POST",
      "/api/v1/users",
      { email: "agent@test.local", name: "Agent", password: "agent password 123", role: "agent" },
      admin,
    );
    expect(created.status).toBe(201);
    const agent = await server.apiToken(created.body.id);
    expect((await server.api("PUT", path("C0CCC3333"), { contactId }, agent)).status).toBe(403);
    expect((await server.api("PUT", path("C0CCC3333"), { contactId })).status).toBe(401);
  });

  it("makes messages in the channel customer conversations until unlinked", async () => {
    await server.api("PUT", path("C0DDD4444"), { contactId }, admin);
    slack.addUser({ id: "U0HANAKO1", team: "T0CUST01", name: "Hanako" });
    const url = `${server.url}/webhooks/slack/${inboxId}/events`;
    const event = (ts: string, id: string) => ({
      type: "event_callback",
      team_id: "T0HOST01",
      event_id: id,
      event: { type: "message", channel: "C0DDD4444", user: "U0HANAKO1", team: "T0CUST01", ts, text: "こんにちは" },
    });
    await deliverSlackEvent(url, SECRET, event("1790000000.000001", "EvL1"));
    const first = await vi.waitFor(
      async () => {
        const row = await server.ctx.db.message.findFirst({ where: { inboxId, providerMessageId: "C0DDD4444:1790000000.000001" } });
        expect(row).not.toBeNull();
        return row!;
      },
      { timeout: 20_000 },
    );
    // Owner from the link: the Slack person joins the linked contact.
    expect(first.contactId).toBe(contactId);

    expect((await server.api("DELETE", path("C0DDD4444"), undefined, admin)).status).toBe(204);
    expect((await server.api("DELETE", path("C0DDD4444"), undefined, admin)).status).toBe(404);
    await deliverSlackEvent(url, SECRET, event("1790000001.000001", "EvL2"));
    await vi.waitFor(async () => expect(await server.ctx.db.inboundEvent.count({ where: { inboxId, status: "done" } })).toBe(2), {
      timeout: 20_000,
    });
    expect(await server.ctx.db.message.count({ where: { inboxId } })).toBe(1);
  });
});

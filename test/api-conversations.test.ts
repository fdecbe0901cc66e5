import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { startFakeTwilio, type FakeTwilio } from "./support/fake-twilio.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

/**
 * Conversations through REST API v1: list filters and cursor, one conversation with its messages,
 * changes through the status state machine, replies delivered (or failed) through the outbox and
 * the real Twilio SMS adapter talking to a local fake of Twilio's REST API, notes, and the viewer role.
 */
let server: TestServer;
let twilio: FakeTwilio;
let admin: string;
let agent: string;
let viewer: string;
let agentId: string;
let salesId: string;
let inboxId: string;
const conversations: string[] = [];

const api = (method: string, path: string, body?: unknown, token = admin) => server.api(method, `/api/v1${path}`, body, token);
const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();
const waitFor = <T>(fn: () => Promise<T>) => vi.waitFor(fn, { timeout: 15_000, interval: 50 });
const messageOf = async (conversationId: string, messageId: string) =>
  (await api("GET", `/conversations/${conversationId}`)).body.messages.find((m: { id: string }) => m.id === messageId);

beforeAll(async () => {
  twilio = await startFakeTwilio();
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  salesId = (await api("POST", "/departments", { name: "営業" })).body.id;
  const user = (email: string, role: string, departmentIds: string[] = []) =>
    api("POST", "/users", { email, name: email.split("@")[0], role, password: "long enough password", departmentIds });
  agentId = (await user("agent@test.local", "agent", [salesId])).body.id;
  agent = await server.apiToken(agentId);
  viewer = await server.apiToken((await user("viewer@test.local", "viewer")).body.id);
  inboxId = await server.createInbox("twilio_sms", "SMS", {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    phoneNumber: "+815012345678",
    apiBaseUrl: twilio.url,
  });
  for (let i = 0; i < 5; i++) {
    const r = await ingestInboundMessage(server.ctx, {
      inboxId,
      message: { providerMessageId: `SM${i}`, from: { kind: "phone", address: `+81901234567${i}` }, text: `お問い合わせ ${i}` },
    });
    conversations.push(r.conversationId);
  }
  const [mine, sales, pending, resolved] = conversations;
  expect((await api("PATCH", `/conversations/${mine}`, { assigneeId: agentId })).status).toBe(200);
  expect((await api("PATCH", `/conversations/${sales}`, { departmentId: salesId })).status).toBe(200);
  expect((await api("PATCH", `/conversations/${pending}`, { status: "pending" })).status).toBe(200);
  expect((await api("PATCH", `/conversations/${resolved}`, { status: "resolved" })).status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
  await twilio?.close();
});

describe("GET /conversations", () => {
  it("filters by status, department, assignee and view", async () => {
    const [mine, sales, pending, resolved, plain] = conversations as [string, string, string, string, string];
    expect(ids((await api("GET", "/conversations?status=pending")).body.items)).toEqual([pending]);
    expect(ids((await api("GET", "/conversations?status=resolved")).body.items)).toEqual([resolved]);
    expect(ids((await api("GET", "/conversations?status=active")).body.items)).toEqual([mine, sales, pending, plain].sort());
    expect(ids((await api("GET", `/conversations?departmentId=${salesId}`)).body.items)).toEqual([sales]);
    expect(ids((await api("GET", `/conversations?assigneeId=${agentId}`)).body.items)).toEqual([mine]);
    expect(ids((await api("GET", "/conversations?view=mine", undefined, agent)).body.items)).toEqual([mine]);
    expect(ids((await api("GET", "/conversations?view=unassigned")).body.items)).toEqual([sales, pending, resolved, plain].sort());
  });

  it("pages newest activity first with the cursor, without duplicates or gaps", async () => {
    const seen: { id: string; lastActivityAt: string }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: { status: number; body: any } = await api("GET", `/conversations?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen.map((c) => c.id).sort()).toEqual([...conversations].sort());
    const times = seen.map((c) => Date.parse(c.lastActivityAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("gives each row its contact, subject, status, department, assignee and last message", async () => {
    const { body } = await api("GET", `/conversations?assigneeId=${agentId}`);
    expect(body.items[0]).toMatchObject({
      id: conversations[0],
      contactId: expect.any(String),
      contactName: expect.any(String),
      subject: "お問い合わせ 0",
      status: "open",
      channel: "twilio_sms",
      departmentId: null,
      assigneeId: agentId,
      lastMessage: {
        text: "お問い合わせ 0",
        direction: "inbound",
        kind: "message",
        createdAt: expect.any(String),
        authorUserId: null,
        deliveryStatus: null,
      },
    });
    const sales = (await api("GET", `/conversations?departmentId=${salesId}`)).body.items[0];
    expect(sales.departmentId).toBe(salesId);
  });
});

describe("GET and PATCH /conversations/:id", () => {
  it("returns the conversation with its messages", async () => {
    const res = await api("GET", `/conversations/${conversations[0]}`);
    expect(res.status).toBe(200);
    expect(res.body.conversation).toMatchObject({
      id: conversations[0],
      assignee: { id: agentId },
      inbox: { id: inboxId, kind: "twilio_sms" },
    });
    const texts = res.body.messages.map((m: { kind: string; text: string }) => `${m.kind}:${m.text}`);
    expect(texts[0]).toBe("message:お問い合わせ 0");
    expect(texts.some((t: string) => t.startsWith("event:") && t.includes("assigned"))).toBe(true);
  });

  it("moves status only along the state machine (409 with a message otherwise)", async () => {
    const resolved = conversations[3]!;
    const bad = await api("PATCH", `/conversations/${resolved}`, { status: "pending" });
    expect(bad.status).toBe(409);
    expect(bad.body.error.message).toBe("A resolved conversation cannot become pending");
    expect((await api("PATCH", `/conversations/${resolved}`, { status: "closed" })).body.status).toBe("closed");
    const reopen = await api("PATCH", `/conversations/${resolved}`, { status: "open" });
    expect(reopen.status).toBe(409);
    expect(reopen.body.error.message).toMatch(/closed conversation cannot become open/);
    const snooze = await api("PATCH", `/conversations/${conversations[4]}`, { status: "snoozed" });
    expect(snooze.status).toBe(400);
    expect(snooze.body.error.message).toMatch(/snoozedUntil/);
  });

  it("changes assignee, department, priority and tags, and rejects bad values", async () => {
    const id = conversations[4]!;
    const res = await api(
      "PATCH",
      `/conversations/${id}`,
      { assigneeId: agentId, departmentId: salesId, priority: "urgent", tags: ["請求", "VIP", "vip"] },
      agent,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ assigneeId: agentId, departmentId: salesId, priority: "urgent", tags: ["請求", "vip"] });
    expect((await api("PATCH", `/conversations/${id}`, { assigneeId: null })).body.assigneeId).toBeNull();
    expect((await api("PATCH", `/conversations/${id}`, { priority: "extreme" })).status).toBe(400);
    expect((await api("PATCH", `/conversations/${id}`, { assigneeId: "nobody" })).status).toBe(400);
    expect((await api("PATCH", `/conversations/${id}`, { color: "red" })).status).toBe(400);
    expect((await api("PATCH", `/conversations/${id}`, { priority: "low" }, viewer)).status).toBe(403);
  });
});

describe("replies and notes", () => {
  it("queues a reply (202) and the outbox delivers it through Twilio", async () => {
    const id = conversations[0]!;
    const res = await api("POST", `/conversations/${id}/messages`, { text: "ご連絡ありがとうございます" }, agent);
    expect(res.status).toBe(202);
    const messageId = res.body.messageId;
    const sent = await waitFor(async () => {
      const m = await messageOf(id, messageId);
      expect(m.deliveryStatus).toBe("sent");
      return m;
    });
    expect(sent).toMatchObject({ direction: "outbound", kind: "message", author: { id: agentId } });
    expect(twilio.messages.filter((m) => m.body === "ご連絡ありがとうございます")).toEqual([
      expect.objectContaining({ to: "+819012345670", from: "+815012345678" }),
    ]);
  });

  it("records a provider refusal as failed with the reason, and a retry sends it", async () => {
    const id = conversations[4]!;
    twilio.failNext(400, 21211);
    const res = await api("POST", `/conversations/${id}/messages`, { text: "再送テスト" }, agent);
    expect(res.status).toBe(202);
    const failed = await waitFor(async () => {
      const m = await messageOf(id, res.body.messageId);
      expect(m.deliveryStatus).toBe("failed");
      return m;
    });
    expect(failed.deliveryError).toEqual(expect.any(String));
    expect(failed.deliveryError.length).toBeGreaterThan(5);
    expect((await api("POST", `/messages/${res.body.messageId}/retry`, undefined, viewer)).status).toBe(403);
    expect((await api("POST", `/messages/${res.body.messageId}/retry`, undefined, agent)).status).toBe(202);
    await waitFor(async () => expect((await messageOf(id, res.body.messageId)).deliveryStatus).toBe("sent"));
    expect(twilio.messages.filter((m) => m.body === "再送テスト")).toHaveLength(1);
    const again = await api("POST", `/messages/${res.body.messageId}/retry`, undefined, agent);
    expect(again.status).toBe(409);
  });

  it("refuses an empty reply and a reply to a closed conversation", async () => {
    expect((await api("POST", `/conversations/${conversations[0]}/messages`, { text: "   " })).status).toBe(400);
    const closed = await api("POST", `/conversations/${conversations[3]}/messages`, { text: "hello" });
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toMatch(/closed/);
  });

  it("lets a viewer add notes but not reply, and notes never reach the provider", async () => {
    const id = conversations[2]!;
    const before = twilio.messages.length;
    const reply = await api("POST", `/conversations/${id}/messages`, { text: "viewer reply" }, viewer);
    expect(reply.status).toBe(403);
    expect(reply.body.error.message).toMatch(/Viewers/);
    const note = await api("POST", `/conversations/${id}/notes`, { text: "社内メモ: 折り返し電話済み" }, viewer);
    expect(note.status).toBe(201);
    await server.worker!.drain();
    const stored = await messageOf(id, note.body.messageId);
    expect(stored).toMatchObject({ kind: "note", direction: "internal", deliveryStatus: null, text: "社内メモ: 折り返し電話済み" });
    expect(twilio.messages.length).toBe(before);
    expect(await server.ctx.db.outboxJob.count({ where: { messageId: note.body.messageId } })).toBe(0);
    expect(await server.ctx.db.message.count({ where: { conversationId: id, text: "viewer reply" } })).toBe(0);
  });

  it("stores a note and a draft holding a NUL byte instead of answering 500 (issue 17, finding 5)", async () => {
    const id = conversations[2]!;
    const note = await api("POST", `/conversations/${id}/notes`, { text: "memo\u0000 with NUL" }, agent);
    expect(note.status).toBe(201);
    expect(await messageOf(id, note.body.messageId)).toMatchObject({ kind: "note", text: "memo with NUL" });
    const draft = await api("PUT", `/conversations/${id}/drafts/note`, { text: "draft\u0000 with NUL" }, agent);
    expect(draft.status).toBe(200);
    const drafts = await api("GET", `/conversations/${id}/drafts`, undefined, agent);
    expect(drafts.body.mine).toContainEqual(expect.objectContaining({ text: "draft with NUL" }));
  });
});

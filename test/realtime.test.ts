import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { connectAgent, emitWithAck, recordEvents, waitForConnect, waitForEvent, type AgentSocket } from "./support/socket.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { createSession, invalidateSession } from "~/server/auth/session.ts";
import { createApiToken, revokeApiToken } from "~/server/auth/api-token.ts";
import { sessionCookieName } from "~/server/auth/cookie.ts";

/**
 * Socket.IO for agents, with a real server on port 0 and real socket.io-client sockets: handshake
 * authentication, events after an inbound message, command acks, presence, restricted departments
 * and connection-state recovery after a network drop.
 */
let server: TestServer;
let publicInbox: string;
let legalInbox: string;
let adminToken: string;
let alice: { id: string; token: string; cookie: string };
let bob: { id: string; token: string };
const open: AgentSocket[] = [];
let seq = 0;

const customerWrites = (inboxId: string, text: string, from = `+81901234${String(++seq).padStart(4, "0")}`) =>
  ingestInboundMessage(server.ctx, {
    inboxId,
    message: { providerMessageId: `rt-${++seq}`, from: { kind: "phone", address: from }, text, threading: { threadKey: from } },
  });
const connect = async (opts: Parameters<typeof connectAgent>[1]) => {
  const socket = await connectAgent(server.url, opts);
  open.push(socket);
  return socket;
};

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  adminToken = await server.apiToken();
  const legal = await server.api("POST", "/api/v1/departments", { name: "Legal", restricted: true }, adminToken);
  expect(legal.status).toBe(201);
  const user = async (email: string, departmentIds: string[]) => {
    const res = await server.api(
      "POST",
      "/api/v1/users",
      { email, name: email.split("@")[0], role: "agent", password: "long enough password", departmentIds },
      adminToken,
    );
    return { id: res.body.id as string, token: await server.apiToken(res.body.id) };
  };
  const a = await user("alice@test.local", [legal.body.id]);
  const { token } = await createSession(server.ctx, a.id);
  alice = { ...a, cookie: `${sessionCookieName(server.ctx.env)}=${token}` };
  bob = await user("bob@test.local", []);
  // Inbound storage needs no channel adapter: plain inbox rows.
  publicInbox = (await server.ctx.db.inbox.create({ data: { kind: "twilio_sms", name: "Public" } })).id;
  legalInbox = (await server.ctx.db.inbox.create({ data: { kind: "twilio_sms", name: "Legal", departmentId: legal.body.id } })).id;
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(async () => {
  await server?.stop();
});

describe("handshake", () => {
  it("rejects a connection without credentials or with a bad token", async () => {
    await expect(connectAgent(server.url)).rejects.toThrow(/unauthorized/);
    await expect(connectAgent(server.url, { token: `sb_${"a".repeat(52)}` })).rejects.toThrow(/unauthorized/);
    await expect(connectAgent(server.url, { cookie: "sb_session=forged.value" })).rejects.toThrow(/unauthorized/);
  });

  it("refuses a revoked API token or a signed-out session on the next connect, although both were just accepted", async () => {
    const { id, token } = await createApiToken(server.ctx, bob.id, "revoked soon");
    const { session, token: sessionToken } = await createSession(server.ctx, alice.id);
    const cookie = `${sessionCookieName(server.ctx.env)}=${sessionToken}`;
    (await connectAgent(server.url, { token })).close();
    (await connectAgent(server.url, { cookie })).close();
    expect(await revokeApiToken(server.ctx, bob.id, id)).toBe(true);
    await invalidateSession(server.ctx, session.id);
    await expect(connectAgent(server.url, { token })).rejects.toThrow(/unauthorized/);
    await expect(connectAgent(server.url, { cookie })).rejects.toThrow(/unauthorized/);
  });

  it("accepts a session cookie and an API token", async () => {
    expect((await connect({ cookie: alice.cookie, label: "alice" })).connected).toBe(true);
    expect((await connect({ token: bob.token, label: "bob" })).connected).toBe(true);
  });
});

describe("events", () => {
  it("announces an inbound message with its conversation's new list row, in one event, to every agent who may see it", async () => {
    const a = await connect({ cookie: alice.cookie, label: "alice" });
    const b = await connect({ token: bob.token, label: "bob" });
    const updates = recordEvents(a, "conversation:updated");
    const match = (e: { message: { text: string } }) => e.message.text === "配送状況を教えてください";
    const waits = [waitForEvent(a, "message:created", match), waitForEvent(b, "message:created", match)];
    const from = "+819055550101";
    const result = await customerWrites(publicInbox, "配送状況を教えてください", from);
    const [forAlice, forBob] = await Promise.all(waits);
    expect(forAlice).toEqual(forBob);
    expect(forAlice).toMatchObject({
      conversationId: result.conversationId,
      contactId: expect.any(String),
      message: { id: result.messageId, direction: "inbound", kind: "message", channel: "twilio_sms", text: "配送状況を教えてください" },
      conversation: {
        id: result.conversationId,
        status: "open",
        channel: "twilio_sms",
        lastMessage: { text: "配送状況を教えてください", direction: "inbound" },
      },
    });
    expect(forAlice!.changes).toContain("created");
    expect(Date.parse(forAlice!.message.createdAt)).not.toBeNaN();
    // Events reach one socket in order: once the next message is there, a second frame would have come before it.
    const sentinel = waitForEvent(a, "message:created", (e) => e.message.text === "next one");
    await customerWrites(publicInbox, "next one", from);
    // A message into an open conversation changes its activity, not its status (webhooks and rules read this).
    expect(await sentinel).toMatchObject({ conversationId: result.conversationId, changes: ["lastActivityAt"] });
    expect(updates.filter((e) => e.conversation.id === result.conversationId)).toEqual([]);
  });

  it("acks conversation:join with ok, and with an error for a conversation the agent may not see", async () => {
    const visible = await customerWrites(publicInbox, "hello");
    const hidden = await customerWrites(legalInbox, "confidential");
    const b = await connect({ token: bob.token, label: "bob" });
    expect(await emitWithAck(b, "conversation:join", { conversationId: visible.conversationId })).toEqual({ ok: true, data: undefined });
    const refused = await emitWithAck(b, "conversation:join", { conversationId: hidden.conversationId });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/not found/i) });
    expect(await emitWithAck(b, "conversation:join", { conversationId: "" })).toMatchObject({ ok: false });
    const a = await connect({ cookie: alice.cookie, label: "alice" });
    expect(await emitWithAck(a, "conversation:join", { conversationId: hidden.conversationId })).toMatchObject({ ok: true });
  });

  it("shows who views and who types a conversation", async () => {
    const { conversationId } = await customerWrites(publicInbox, "presence");
    const a = await connect({ cookie: alice.cookie, label: "alice" });
    const b = await connect({ token: bob.token, label: "bob" });
    expect((await emitWithAck(a, "conversation:join", { conversationId })).ok).toBe(true);
    const both = waitForEvent(a, "presence:changed", (e) => e.conversationId === conversationId && e.viewers.length === 2);
    expect((await emitWithAck(b, "conversation:join", { conversationId })).ok).toBe(true);
    expect((await both).viewers.map((v) => v.userId).sort()).toEqual([alice.id, bob.id].sort());
    const typing = waitForEvent(a, "presence:changed", (e) => e.conversationId === conversationId && e.typing.length === 1);
    expect((await emitWithAck(b, "typing:set", { conversationId, kind: "reply", typing: true })).ok).toBe(true);
    expect((await typing).typing).toEqual([{ userId: bob.id, name: "bob", kind: "reply" }]);
    const stopped = waitForEvent(a, "presence:changed", (e) => e.conversationId === conversationId && e.typing.length === 0);
    await emitWithAck(b, "typing:set", { conversationId, kind: "reply", typing: false });
    await stopped;
    const left = waitForEvent(a, "presence:changed", (e) => e.conversationId === conversationId && e.viewers.length === 1);
    b.close();
    expect((await left).viewers).toEqual([{ userId: alice.id, name: "alice" }]);
  });

  it("keeps a restricted department's events from agents outside it", async () => {
    const a = await connect({ cookie: alice.cookie, label: "alice (member)" });
    const b = await connect({ token: bob.token, label: "bob (outsider)" });
    const admin = await connect({ token: adminToken, label: "admin" });
    const bobSaw = recordEvents(b, "message:created");
    const bobUpdates = recordEvents(b, "conversation:updated");
    const secret = (e: { message: { text: string } }) => e.message.text === "契約解除について";
    const waits = [waitForEvent(a, "message:created", secret), waitForEvent(admin, "message:created", secret)];
    const hidden = await customerWrites(legalInbox, "契約解除について");
    await Promise.all(waits);
    // Events reach one socket in order: once bob has the next public event, the secret one would have come before it.
    const sentinel = waitForEvent(b, "message:created", (e) => e.conversation?.lastMessage?.text === "public after");
    await customerWrites(publicInbox, "public after");
    await sentinel;
    expect(bobSaw.map((e) => e.message.text)).not.toContain("契約解除について");
    expect(bobSaw.some((e) => e.conversationId === hidden.conversationId)).toBe(false);
    expect(bobUpdates.some((e) => e.conversation.id === hidden.conversationId)).toBe(false);
  });
});

describe("connection-state recovery", () => {
  it("delivers what a briefly disconnected client missed", async () => {
    const { conversationId } = await customerWrites(publicInbox, "before the drop");
    const a = await connect({ cookie: alice.cookie, label: "alice" });
    const b = await connect({ token: bob.token, label: "bob" });
    await emitWithAck(b, "conversation:join", { conversationId });
    const joined = waitForEvent(b, "presence:changed", (e) => e.conversationId === conversationId && e.viewers.length === 2);
    await emitWithAck(a, "conversation:join", { conversationId });
    await joined; // alice has now received a broadcast, so she holds an offset to resume from
    expect(a.recovered).toBe(false);

    // Drop alice's network without letting her reconnect yet; bob's presence update proves the server noticed.
    a.io.reconnection(false);
    const dropped = waitForEvent(b, "presence:changed", (e) => e.conversationId === conversationId && e.viewers.length === 1);
    a.io.engine.close();
    await dropped;
    expect(a.connected).toBe(false);

    const missed = await customerWrites(publicInbox, "sent while alice was offline", "+819087654321");
    const arrives = waitForEvent(a, "message:created", (e) => e.message.id === missed.messageId);
    const back = waitForConnect(a);
    a.connect();
    await back;
    expect(a.recovered).toBe(true);
    expect((await arrives).message.text).toBe("sent while alice was offline");
    // Rooms came back too: bob sees alice viewing again after a presence refresh.
    const again = waitForEvent(a, "presence:changed", (e) => e.conversationId === conversationId && e.viewers.length === 2);
    await emitWithAck(b, "typing:set", { conversationId, kind: "note", typing: true });
    await again;
  });
});

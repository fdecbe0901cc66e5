import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import "./support/console-guard.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { connectAgent, waitForEvent, type AgentSocket } from "./support/socket.ts";
import {
  connectVisitor,
  createSession,
  nextMessage,
  request,
  type VisitorSession,
  type VisitorSocket,
} from "~/integrations/web-chat/testing/visitor-client.ts";
import type { WidgetMessage } from "~/integrations/web-chat/messages.ts";

/**
 * The web chat through the real server: visitor sessions over HTTP, the `/visitor` Socket.IO namespace
 * with real socket.io-client sockets, agents on the agent namespace, replies through the outbox.
 */
let server: TestServer;
let token: string;
let inboxId: string;
let agent: AgentSocket & { label: string };
const sockets: { close(): void }[] = [];
const waitFor = <T>(fn: () => Promise<T> | T) => vi.waitFor(fn, { timeout: 20_000, interval: 50 });
const clientId = (n: string) => `client-${n}-${Math.random().toString(36).slice(2, 10)}`;

async function visitor(session?: VisitorSession, opts?: { ackReplies?: boolean }) {
  const s = session ?? (await createSession(server.url, inboxId));
  const socket = await connectVisitor(server.url, inboxId, s.token, opts);
  sockets.push(socket);
  return { session: s, socket };
}

async function say(socket: VisitorSocket, text: string, id = clientId("m")) {
  const ack = await request<WidgetMessage>(socket, "message:send", { clientId: id, text });
  if (!ack.ok) throw new Error(`message:send refused: ${ack.error}`);
  return ack.data;
}

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  inboxId = await server.createInbox("web_chat", "Website", { title: "Help <Shop>", greeting: "こんにちは！", color: "#0E7490" });
  agent = await connectAgent(server.url, { token, label: "agent" });
  sockets.push(agent);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

describe("web chat widget pages", () => {
  it("serves the chat page with a strict CSP that lets any site frame it when no origins are set", async () => {
    const res = await fetch(`${server.url}/widget/${inboxId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();
    const html = await res.text();
    expect(html).toContain("<title>Help &lt;Shop&gt;</title>");
    expect(html).not.toContain("<Shop>");
    const config = JSON.parse(/<script type="application\/json" id="sb-config">(.*?)<\/script>/s.exec(html)![1]!);
    // `closed`: no business hours on this inbox, so never closed (issue 12).
    expect(config).toEqual({ inboxId, title: "Help <Shop>", greeting: "こんにちは！", color: "#0e7490", enabled: true, closed: null });
  });

  it("restricts framing to the configured origins", async () => {
    const restricted = await server.createInbox("web_chat", "Shop", { allowedOrigins: ["https://shop.example.com/some/page"] });
    const res = await fetch(`${server.url}/widget/${restricted}`);
    expect(res.headers.get("content-security-policy")).toMatch(/; frame-ancestors 'self' https:\/\/shop\.example\.com$/);
  });

  it("rejects an invalid config with a clear message", async () => {
    const res = await server.api(
      "POST",
      "/api/v1/inboxes",
      { kind: "web_chat", name: "Bad", config: { color: "blue", allowedOrigins: ["not a url"] } },
      token,
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/hex color/);
    expect(JSON.stringify(res.body)).toMatch(/not a web origin/);
  });

  it("serves the loader, the chat script and the socket.io client as JavaScript", async () => {
    for (const path of ["/widget.js", "/widget/assets/chat.js", "/widget/socket.io.js"]) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe("application/javascript; charset=utf-8");
      expect(res.headers.get("cross-origin-resource-policy"), path).toBe("cross-origin");
    }
    const loader = await (await fetch(`${server.url}/widget.js`)).text();
    expect(loader).toContain("data-inbox");
    expect((await fetch(`${server.url}/widget/assets/chat.css`)).headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("answers 404 for an unknown or non-chat inbox", async () => {
    expect((await fetch(`${server.url}/widget/nope`)).status).toBe(404);
    const sms = await server.ctx.db.inbox.create({ data: { kind: "email", name: "Mail", config: {} } });
    expect((await fetch(`${server.url}/widget/${sms.id}`)).status).toBe(404);
  });
});

describe("a disabled chat inbox", () => {
  it("still shows the page, but refuses sessions and sockets with a clear message", async () => {
    const off = await server.createInbox("web_chat", "Closed", {});
    const session = await createSession(server.url, off);
    await server.ctx.db.inbox.update({ where: { id: off }, data: { enabled: false } });
    const page = await (await fetch(`${server.url}/widget/${off}`)).text();
    expect(page).toContain('"enabled":false');
    const res = await fetch(`${server.url}/widget/${off}/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: "{}",
    });
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toBe("This chat is currently unavailable");
    await expect(connectVisitor(server.url, off, session.token)).rejects.toThrow("This chat is currently unavailable");
  });
});

describe("web chat visitors", () => {
  let first: { session: VisitorSession; socket: VisitorSocket };
  let conversationId: string;
  let firstMessage: WidgetMessage;

  it("issues a visitor token, resumes it, and replaces a forged one with a new visitor", async () => {
    const s = await createSession(server.url, inboxId);
    expect(s.resumed).toBe(false);
    expect(s.visitorId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const again = await createSession(server.url, inboxId, s.token);
    expect(again).toEqual({ token: s.token, visitorId: s.visitorId, resumed: true });
    const forged = await createSession(server.url, inboxId, `v1.${s.visitorId}.${"A".repeat(43)}`);
    expect(forged.resumed).toBe(false);
    expect(forged.visitorId).not.toBe(s.visitorId);
  });

  it("refuses widget calls from another site's page", async () => {
    const res = await fetch(`${server.url}/widget/${inboxId}/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: "{}",
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/may not use the chat/);
    const s = await createSession(server.url, inboxId);
    await expect(connectVisitor(server.url, inboxId, s.token, { origin: "https://evil.example" })).rejects.toThrow(/may not open the chat/);
  });

  it("delivers a visitor's message to agents live, once per client id", async () => {
    first = await visitor();
    const id = clientId("hello");
    const seen = waitForEvent(agent, "message:created", (e) => e.message.text === "請求書について質問があります");
    firstMessage = await say(first.socket, "請求書について質問があります", id);
    const event = await seen;
    conversationId = event.conversationId;
    expect(event.contactId).toEqual(expect.any(String));
    expect(event.message).toMatchObject({
      id: firstMessage.id,
      direction: "inbound",
      kind: "message",
      channel: "web_chat",
      text: "請求書について質問があります",
      createdAt: expect.any(String),
    });
    expect(firstMessage).toMatchObject({ direction: "inbound", clientId: id, text: "請求書について質問があります" });

    const retry = await say(first.socket, "請求書について質問があります", id);
    expect(retry.id).toBe(firstMessage.id);
    expect(await server.ctx.db.message.count({ where: { conversationId } })).toBe(1);
    const conversation = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation.threadKey).toBe(first.session.visitorId);
  });

  it("rejects empty and oversized messages with a clear error", async () => {
    expect(await request(first.socket, "message:send", { clientId: clientId("e"), text: "   " })).toEqual({
      ok: false,
      error: "Type a message first",
    });
    const long = await request(first.socket, "message:send", { clientId: clientId("l"), text: "あ".repeat(5001) });
    expect(long).toEqual({ ok: false, error: "A message may be at most 5000 characters" });
    expect(await request(first.socket, "message:send", { text: "no id" })).toMatchObject({ ok: false });
  });

  it("stores a message holding a NUL byte instead of failing it (issue 17, finding 5)", async () => {
    const other = await visitor();
    const sent = await say(other.socket, "注文\u0000番号");
    expect(await server.ctx.db.message.findUniqueOrThrow({ where: { id: sent.id }, select: { text: true } })).toEqual({ text: "注文番号" });
    other.socket.close();
  });

  it("shows earlier messages after a reload (new socket, same token)", async () => {
    const resumed = await createSession(server.url, inboxId, first.session.token);
    const reloaded = await visitor(resumed);
    const history = await request<{ messages: WidgetMessage[]; hasMore: boolean }>(reloaded.socket, "history:get", {});
    expect(history).toMatchObject({ ok: true, data: { hasMore: false } });
    if (!history.ok) throw new Error(history.error);
    expect(history.data.messages.map((m) => [m.id, m.direction, m.text, m.clientId])).toEqual([
      [firstMessage.id, "inbound", "請求書について質問があります", firstMessage.clientId],
    ]);
    reloaded.socket.close();
  });

  it("never lets a visitor read another visitor's conversation", async () => {
    const other = await visitor();
    const history = await request<{ messages: WidgetMessage[] }>(other.socket, "history:get", {});
    expect(history).toEqual({ ok: true, data: { messages: [], hasMore: false } });
    // Paging from the first visitor's message id reveals nothing either.
    expect(await request(other.socket, "history:get", { before: firstMessage.id })).toEqual({
      ok: true,
      data: { messages: [], hasMore: false },
    });

    const forged = `v1.${first.session.visitorId}.${"A".repeat(43)}`;
    await expect(connectVisitor(server.url, inboxId, forged)).rejects.toThrow("unauthorized");
    const otherInbox = await server.createInbox("web_chat", "Other site", {});
    await expect(connectVisitor(server.url, otherInbox, first.session.token)).rejects.toThrow("unauthorized");
  });

  it("brings an agent's reply to the widget live and marks it delivered; notes never reach the widget", async () => {
    const other = await visitor();
    await say(other.socket, "別の訪問者です");
    const note = await server.api("POST", `/api/v1/conversations/${conversationId}/notes`, { text: "内部メモ: 顧客には見せない" }, token);
    expect(note.status).toBe(201);

    const arrived = nextMessage(first.socket, (m) => m.direction === "outbound");
    const reply = await server.api(
      "POST",
      `/api/v1/conversations/${conversationId}/messages`,
      { text: "お問い合わせありがとうございます" },
      token,
    );
    expect(reply.status).toBe(202);
    const message = await arrived;
    expect(message).toMatchObject({ id: reply.body.messageId, text: "お問い合わせありがとうございます", authorName: expect.any(String) });
    await waitFor(async () => {
      const row = await server.ctx.db.message.findUniqueOrThrow({ where: { id: reply.body.messageId } });
      expect(row.deliveryStatus).toBe("delivered");
      expect(row.providerMessageId).toBe(`chat-out:${reply.body.messageId}`);
    });
    // Events arrive in order, so by the time the reply came the note would have too.
    expect(first.socket.received.map((m) => m.text)).toEqual(["お問い合わせありがとうございます"]);
    expect(other.socket.received).toEqual([]);

    const history = await request<{ messages: WidgetMessage[] }>(first.socket, "history:get", {});
    if (!history.ok) throw new Error(history.error);
    expect(history.data.messages.map((m) => m.text)).toEqual(["請求書について質問があります", "お問い合わせありがとうございます"]);
  });

  it("keeps a reply for an offline visitor (sent) and shows it on the next visit", async () => {
    const away = await visitor();
    const seen = waitForEvent(agent, "message:created", (e) => e.message.text === "あとで見ます");
    await say(away.socket, "あとで見ます");
    const { conversationId: id } = await seen;
    away.socket.close();
    const reply = await server.api("POST", `/api/v1/conversations/${id}/messages`, { text: "承知しました" }, token);
    await waitFor(async () => {
      const row = await server.ctx.db.message.findUniqueOrThrow({ where: { id: reply.body.messageId } });
      expect(row.deliveryStatus).toBe("sent");
    });
    const back = await visitor(away.session);
    const history = await request<{ messages: WidgetMessage[] }>(back.socket, "history:get", {});
    if (!history.ok) throw new Error(history.error);
    expect(history.data.messages.map((m) => m.text)).toEqual(["あとで見ます", "承知しました"]);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import "./support/console-guard.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
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
 * Web chat through the real server: files both ways, the name + email form linking the visitor to a
 * known contact (one timeline), and the widget's rate limits.
 */
let server: TestServer;
let token: string;
let inboxId: string;
const sockets: VisitorSocket[] = [];
const waitFor = <T>(fn: () => Promise<T> | T) => vi.waitFor(fn, { timeout: 20_000, interval: 50 });
const clientId = () => `client-${Math.random().toString(36).slice(2, 12)}`;
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

async function visitor() {
  const session = await createSession(server.url, inboxId);
  const socket = await connectVisitor(server.url, inboxId, session.token);
  sockets.push(socket);
  return { session, socket };
}

function upload(session: VisitorSession, body: Buffer, filename: string, id = clientId()) {
  return fetch(`${server.url}/widget/${inboxId}/upload?clientId=${id}&filename=${encodeURIComponent(filename)}`, {
    method: "POST",
    headers: { origin: server.url, "x-visitor-token": session.token, "content-type": "application/octet-stream" },
    body: new Uint8Array(body),
  });
}

function profile(session: VisitorSession, body: unknown) {
  return fetch(`${server.url}/widget/${inboxId}/profile`, {
    method: "POST",
    headers: { origin: server.url, "x-visitor-token": session.token, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function say(socket: VisitorSocket, text: string) {
  const ack = await request<WidgetMessage>(socket, "message:send", { clientId: clientId(), text });
  if (!ack.ok) throw new Error(ack.error);
  return ack.data;
}

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  inboxId = await server.createInbox("web_chat", "Website", {});
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

describe("web chat files", () => {
  it("stores a visitor's file as a message, once per client id, and serves it only to that visitor", async () => {
    const a = await visitor();
    const id = clientId();
    const echoed = nextMessage(a.socket, (m) => m.attachments.length > 0);
    const res = await upload(a.session, PNG, "スクリーンショット.png", id);
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: WidgetMessage };
    expect(message).toMatchObject({
      direction: "inbound",
      clientId: id,
      attachments: [{ filename: "スクリーンショット.png", contentType: "image/png", size: PNG.length }],
    });
    expect((await echoed).id).toBe(message.id);

    const again = await upload(a.session, PNG, "スクリーンショット.png", id);
    expect(again.status).toBe(200);
    expect(await server.ctx.db.message.count({ where: { inboxId, providerMessageId: `chat:${a.session.visitorId}:${id}` } })).toBe(1);

    const file = await fetch(server.url + message.attachments[0]!.url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);

    // Another visitor cannot re-sign the link for themselves, nor tamper with it.
    const b = await visitor();
    const forged = new URL(server.url + message.attachments[0]!.url);
    forged.searchParams.set("v", b.session.visitorId);
    expect((await fetch(forged)).status).toBe(403);
  });

  it("refuses files whose bytes are not an allowed type, and anonymous uploads", async () => {
    const a = await visitor();
    const html = await upload(a.session, Buffer.from("<html><script>alert(1)</script></html>\u0000"), "invoice.pdf");
    expect(html.status).toBe(415);
    expect((await html.json()).error.message).toMatch(/cannot be sent here/);
    const empty = await upload(a.session, Buffer.alloc(0), "empty.txt");
    expect(empty.status).toBe(400);
    const anonymous = await fetch(`${server.url}/widget/${inboxId}/upload?clientId=${clientId()}`, {
      method: "POST",
      headers: { origin: server.url },
      body: PNG,
    });
    expect(anonymous.status).toBe(401);
  });

  it("shows an agent's file in the widget through a link only that visitor can open", async () => {
    const a = await visitor();
    await say(a.socket, "見積書をお願いします");
    const conversation = await waitFor(() => server.ctx.db.conversation.findFirstOrThrow({ where: { threadKey: a.session.visitorId } }));
    const up = await fetch(`${server.url}/api/v1/uploads?filename=quote.txt`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
      body: "お見積り: 10,000円",
    });
    expect(up.status).toBe(201);
    const attachment = (await up.json()) as { id: string };
    const arrived = nextMessage(a.socket, (m) => m.direction === "outbound");
    const reply = await server.api(
      "POST",
      `/api/v1/conversations/${conversation.id}/messages`,
      { text: "添付をご確認ください", attachmentIds: [attachment.id] },
      token,
    );
    expect(reply.status).toBe(202);
    const message = await arrived;
    expect(message.attachments).toMatchObject([{ id: attachment.id, filename: "quote.txt", contentType: "text/plain" }]);
    const file = await fetch(server.url + message.attachments[0]!.url);
    expect(await file.text()).toBe("お見積り: 10,000円");
  });
});

describe("web chat profile", () => {
  it("links the visitor to the existing contact with that email, so the contact's timeline has the chat", async () => {
    const created = await server.api("POST", "/api/v1/contacts", { name: "Hanako Suzuki", email: "hanako@example.jp" }, token);
    expect(created.status).toBe(201);
    const contactId = created.body.id as string;

    const a = await visitor();
    const first = await say(a.socket, "注文の状況を知りたいです");
    const before = await server.ctx.db.message.findUniqueOrThrow({ where: { id: first.id } });
    expect(before.contactId).not.toBe(contactId);

    const res = await profile(a.session, { name: "はなこ", email: "  Hanako@Example.JP " });
    expect(res.status).toBe(200);
    const after = await server.ctx.db.message.findUniqueOrThrow({ where: { id: first.id }, include: { conversation: true } });
    expect(after.contactId).toBe(contactId);
    expect(after.conversation.contactId).toBe(contactId);
    // The contact's name is theirs; a visitor cannot rename a known customer.
    expect((await server.ctx.db.contact.findUniqueOrThrow({ where: { id: contactId } })).name).toBe("Hanako Suzuki");
    expect((await server.ctx.db.contact.findUniqueOrThrow({ where: { id: before.contactId } })).mergedIntoId).toBe(contactId);

    const next = await say(a.socket, "追加の質問です");
    expect((await server.ctx.db.message.findUniqueOrThrow({ where: { id: next.id } })).contactId).toBe(contactId);
    const timeline = await server.api("GET", `/api/v1/contacts/${contactId}/timeline`, undefined, token);
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.map((i: { message: { text: string } }) => i.message.text)).toEqual([
      "追加の質問です",
      "注文の状況を知りたいです",
    ]);
  });

  it("gives an unknown visitor the email and the name they entered", async () => {
    const a = await visitor();
    expect((await profile(a.session, { name: "田中 太郎", email: "taro@example.jp" })).status).toBe(200);
    const identity = await server.ctx.db.contactIdentity.findUniqueOrThrow({
      where: { kind_address: { kind: "chat_visitor", address: a.session.visitorId } },
      include: { contact: { include: { identities: true } } },
    });
    expect(identity.contact.name).toBe("田中 太郎");
    expect(identity.contact.identities.map((i) => `${i.kind}:${i.address}`).sort()).toEqual([
      `chat_visitor:${a.session.visitorId}`,
      "email:taro@example.jp",
    ]);
  });

  it("rejects an invalid email with a clear message", async () => {
    const a = await visitor();
    const res = await profile(a.session, { email: "not-an-email" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe("Enter a valid email address");
  });
});

describe("web chat rate limits", () => {
  it("refuses a visitor's 21st message within a minute with a clear error, keeping the first 20", async () => {
    const a = await visitor();
    for (let i = 0; i < 20; i++) await say(a.socket, `メッセージ ${i}`);
    const refused = await request(a.socket, "message:send", { clientId: clientId(), text: "もう一通" });
    expect(refused).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Too many requests: please wait \d+ seconds? and try again$/),
    });
    const stored = await server.ctx.db.message.count({ where: { conversation: { threadKey: a.session.visitorId } } });
    expect(stored).toBe(20);
  });

  it("answers 429 with Retry-After once a visitor has saved their profile too often", async () => {
    const a = await visitor();
    for (let i = 0; i < 5; i++) expect((await profile(a.session, { email: `v${i}@example.com` })).status).toBe(200);
    const res = await profile(a.session, { email: "v6@example.com" });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await res.json()).error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Too many requests/) });
  });
});

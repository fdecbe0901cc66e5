import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "./support/console-guard.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { connectAgent, waitForEvent, type AgentSocket } from "./support/socket.ts";
import { connectVisitor, createSession, nextMessage, request, type VisitorSocket } from "~/integrations/web-chat/testing/visitor-client.ts";
import type { WidgetMessage } from "~/integrations/web-chat/messages.ts";

/**
 * A held reply in web chat (decision 027): the widget's live push comes from the delivery job, so the
 * visitor gets nothing before the window ends and nothing at all after an undo; the widget's history
 * leaves a held reply out too. Real server with its own outbox worker, real socket.io-client sockets.
 */
let server: TestServer;
let token: string;
let inboxId: string;
let agent: AgentSocket & { label: string };
const sockets: { close(): void }[] = [];
const suffix = () => Math.random().toString(36).slice(2, 8);
const sleepUntil = (at: Date) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now())));

async function visitorThread() {
  const session = await createSession(server.url, inboxId);
  const socket: VisitorSocket = await connectVisitor(server.url, inboxId, session.token);
  sockets.push(socket);
  const text = `hello ${suffix()}`;
  const seen = waitForEvent(agent, "message:created", (e) => e.message.text === text);
  const ack = await request<WidgetMessage>(socket, "message:send", { clientId: `c-${suffix()}`, text });
  if (!ack.ok) throw new Error(ack.error);
  const { conversationId } = await seen;
  return { socket, conversationId };
}
const reply = async (conversationId: string, text: string, delaySeconds?: number) => {
  const res = await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text, delaySeconds }, token);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body as { messageId: string; sendAt: string | null };
};
const history = async (socket: VisitorSocket) => {
  const res = await request<{ messages: WidgetMessage[] }>(socket, "history:get", {});
  if (!res.ok) throw new Error(res.error);
  return res.data.messages.filter((m) => m.direction === "outbound").map((m) => m.text);
};

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  inboxId = await server.createInbox("web_chat", "Website", {});
  agent = await connectAgent(server.url, { token, label: "agent" });
  sockets.push(agent);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

describe("held replies in web chat", () => {
  it("pushes a held reply to the widget only once its window ended", async () => {
    const { socket, conversationId } = await visitorThread();
    const text = `held ${suffix()}`;
    const arrived = nextMessage(socket, (m) => m.text === text, 20_000).then(() => new Date());
    const { sendAt } = await reply(conversationId, text, 2);
    expect(await history(socket)).toEqual([]);
    const at = await arrived;
    expect(at.getTime()).toBeGreaterThanOrEqual(new Date(sendAt!).getTime());
    expect(await history(socket)).toEqual([text]);
  });

  it("never gives the widget a reply undone in its window", async () => {
    const { socket, conversationId } = await visitorThread();
    const text = `undone ${suffix()}`;
    const { messageId, sendAt } = await reply(conversationId, text, 2);
    const res = await server.api("POST", `/api/v1/messages/${messageId}/cancel`, undefined, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Past the time it would have gone, a reply sent at once arrives: the undone one would be before it.
    await sleepUntil(new Date(new Date(sendAt!).getTime() + 1500));
    const marker = `marker ${suffix()}`;
    const arrived = nextMessage(socket, (m) => m.text === marker, 20_000);
    await reply(conversationId, marker);
    await arrived;
    expect(socket.received.map((m) => m.text)).toEqual([marker]);
    expect(await history(socket)).toEqual([marker]);
  });
});

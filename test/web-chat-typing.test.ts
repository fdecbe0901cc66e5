import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { connectAgent, emitWithAck, recordEvents, waitForEvent } from "./support/socket.ts";
import { connectVisitor, createSession, request } from "~/integrations/web-chat/testing/visitor-client.ts";

/** The customer typing in the chat widget is shown to agents viewing that conversation, and only to them. */
let server: TestServer;
let inboxId: string;
const closers: { close(): void }[] = [];

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  inboxId = await server.createInbox("web_chat", "Website", {});
});
afterAll(async () => {
  for (const c of closers) c.close();
  await server?.stop();
});

it("tells viewing agents that the customer is typing, and that they stopped", async () => {
  const session = await createSession(server.url, inboxId);
  const visitor = await connectVisitor(server.url, inboxId, session.token);
  closers.push(visitor);
  const sent = await request<{ id: string }>(visitor, "message:send", { clientId: "typing-first-1", text: "入力中のテスト" });
  expect(sent.ok).toBe(true);
  const { conversationId } = await server.ctx.db.message.findUniqueOrThrow({ where: { id: sent.ok ? sent.data.id : "" } });

  const token = await server.apiToken();
  const viewing = await connectAgent(server.url, { token, label: "viewing agent" });
  const elsewhere = await connectAgent(server.url, { token, label: "agent not viewing" });
  closers.push(viewing, elsewhere);
  expect(await emitWithAck(viewing, "conversation:join", { conversationId })).toMatchObject({ ok: true });
  const notViewing = recordEvents(elsewhere, "presence:changed");

  const typing = waitForEvent(viewing, "presence:changed", (e) => e.conversationId === conversationId && e.contactTyping === true);
  expect(await request(visitor, "typing:set", { typing: true })).toMatchObject({ ok: true });
  await typing;
  const stopped = waitForEvent(viewing, "presence:changed", (e) => e.conversationId === conversationId && e.contactTyping === false);
  expect(await request(visitor, "typing:set", { typing: false })).toMatchObject({ ok: true });
  await stopped;
  expect(notViewing.filter((e) => e.conversationId === conversationId)).toEqual([]);
});

it("refuses a malformed typing payload", async () => {
  const session = await createSession(server.url, inboxId);
  const visitor = await connectVisitor(server.url, inboxId, session.token);
  closers.push(visitor);
  expect(await request(visitor, "typing:set", { typing: "yes" })).toMatchObject({ ok: false });
});

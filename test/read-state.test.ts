import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { connectAgent, emitWithAck, waitForEvent } from "./support/socket.ts";

/** Unread per agent on the server: a customer message newer than the agent's last read. */
let server: TestServer;
let admin: string;
let other: string;
let inboxId: string;
let seq = 0;

const api = (method: string, path: string, body?: unknown, token = admin) => server.api(method, `/api/v1${path}`, body, token);
const customerWrites = (text: string) =>
  ingestInboundMessage(server.ctx, {
    inboxId,
    message: {
      providerMessageId: `read-${++seq}`,
      from: { kind: "email", address: "reader@example.jp" },
      subject: "既読テスト",
      text,
      threading: { threadKey: "reader" },
    },
  });
const row = async (id: string, token = admin) =>
  (await api("GET", "/conversations?status=active", undefined, token)).body.items.find((c: { id: string }) => c.id === id);

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  const user = await api("POST", "/users", { email: "other@test.local", name: "Other", role: "agent", password: "long enough password" });
  other = await server.apiToken(user.body.id);
  inboxId = (await server.ctx.db.inbox.create({ data: { kind: "email", name: "Mail", config: { address: "help@example.test" } } })).id;
});
afterAll(() => server?.stop());

it("is unread per agent until that agent reads it, and again after a new customer message", async () => {
  const { conversationId } = await customerWrites("最初のメッセージ");
  expect(await row(conversationId)).toMatchObject({ unread: true, lastReadAt: null });
  expect((await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).lastCustomerMessageAt).not.toBeNull();

  expect((await api("POST", `/conversations/${conversationId}/read`)).status).toBe(204);
  expect(await row(conversationId)).toMatchObject({ unread: false });
  // Another agent's read state is their own.
  expect(await row(conversationId, other)).toMatchObject({ unread: true });

  // An agent's own note does not make it unread; a customer message does.
  await api("POST", `/conversations/${conversationId}/notes`, { text: "確認中" });
  expect(await row(conversationId)).toMatchObject({ unread: false });
  await customerWrites("追加の質問です");
  expect(await row(conversationId)).toMatchObject({ unread: true });
});

it("counts unread conversations per view", async () => {
  const { conversationId } = await customerWrites("数えてください");
  const { countConversations } = await import("~/server/domain/conversations/count-conversations.ts");
  const { loadActor } = await import("~/server/domain/access.ts");
  const actor = (await loadActor(server.ctx, (await server.ctx.db.user.findFirstOrThrow({ where: { email: "other@test.local" } })).id))!;
  const counts = await countConversations(server.ctx, actor);
  expect(counts.unread.all).toBeGreaterThanOrEqual(1);
  expect(counts.unread.unassigned).toBe(counts.unread.all);
  await api("POST", `/conversations/${conversationId}/read`, undefined, other);
  expect((await countConversations(server.ctx, actor)).unread.all).toBe(counts.unread.all - 1);
});

it("marks a conversation read when the agent opens it over Socket.IO", async () => {
  const { conversationId } = await customerWrites("ソケットで開く");
  const socket = await connectAgent(server.url, { token: admin, label: "admin" });
  try {
    expect(await emitWithAck(socket, "conversation:join", { conversationId })).toMatchObject({ ok: true });
    expect(await row(conversationId)).toMatchObject({ unread: false });
    const arrived = waitForEvent(socket, "message:created", (e) => e.conversationId === conversationId);
    await customerWrites("まだ開いています");
    await arrived;
    expect(await row(conversationId)).toMatchObject({ unread: true });
    expect(await emitWithAck(socket, "conversation:read", { conversationId })).toMatchObject({ ok: true });
    expect(await row(conversationId)).toMatchObject({ unread: false });
  } finally {
    socket.close();
  }
});

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "~/server/env.ts";
import { startServer, type RunningServer } from "~/server/index.ts";
import { createApiToken, revokeApiToken } from "~/server/auth/api-token.ts";
import type { Ack, PresenceSummaryEvent } from "~/common/realtime-contract.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { redisReachable } from "./support/cluster.ts";
import { createTestDatabase, TEST_DB } from "./support/database.ts";
import { startFakeTwilio, type FakeTwilio } from "./support/fake-twilio.ts";
import { connectAgent, emitWithAck, waitForEvent, type AgentSocket } from "./support/socket.ts";

/**
 * Two Switchboard nodes on one PostgreSQL with Redis carrying Socket.IO between them (the streams
 * adapter): what happens on one node reaches agents on the other, and both nodes' outbox workers
 * together send every reply exactly once. Runs with TEST_DB=postgres; then Redis must be reachable
 * at REDIS_URL (default redis://127.0.0.1:6379) — under CI=true an unreachable Redis fails the run.
 */
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redisUp = TEST_DB === "postgres" ? await redisReachable(REDIS_URL) : false;
if (TEST_DB === "postgres" && !redisUp && process.env.CI === "true") {
  throw new Error(`scale-out tests need Redis at ${REDIS_URL} (CI=true): start it or set REDIS_URL`);
}

const SECRET_KEY = "scale-out-secret-key-scale-out-secret-key";
let nodes: { a: RunningServer; b: RunningServer };
let twilio: FakeTwilio;
let dataDir: string;
let drop: () => Promise<void>;
let token: string;
let inboxId: string;
const sockets: AgentSocket[] = [];
let seq = 0;

const waitFor = <T>(fn: () => Promise<T>) => vi.waitFor(fn, { timeout: 30_000, interval: 100 });
const api = async (node: RunningServer, method: string, pathname: string, body?: unknown) => {
  const res = await fetch(node.url + pathname, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const customerWrites = (node: RunningServer, text: string) =>
  ingestInboundMessage(node.ctx, {
    inboxId,
    message: {
      providerMessageId: `SO${++seq}`,
      from: { kind: "phone", address: `+8190123456${String(seq % 100).padStart(2, "0")}` },
      text,
    },
  });

async function startNode(name: string, database: NonNullable<Parameters<typeof startServer>[0]>["database"]) {
  const env = parseEnv({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    // Distinct public URLs: some adapters key per-node state by it within one process.
    PUBLIC_URL: `http://${name}.switchboard.invalid`,
    DATA_DIR: dataDir, // a shared volume, as nodes behind one load balancer would have
    SEED_DEMO: "false",
    ADMIN_EMAIL: "admin@test.local",
    ADMIN_PASSWORD: "correct horse battery",
    SMTP_PORT: "0",
    SMTP_HOST: "127.0.0.1",
    SECRET_KEY,
    LOG_LEVEL: "warn",
    REDIS_URL,
  });
  return startServer({ env, database, ui: { mode: "none" } });
}

describe.runIf(redisUp)("two nodes behind one PostgreSQL and Redis", () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-scale-"));
    const database = await createTestDatabase();
    drop = database.drop;
    twilio = await startFakeTwilio();
    // Started together: migrations and the first admin must still happen once.
    const [a, b] = await Promise.all([startNode("node-a", database.options), startNode("node-b", database.options)]);
    nodes = { a, b };
    expect(await a.ctx.db.user.count()).toBe(1);
    const admin = await a.ctx.db.user.findFirstOrThrow();
    token = (await createApiToken(a.ctx, admin.id, "scale-out")).token;
    const inbox = await api(b, "POST", "/api/v1/inboxes", {
      kind: "twilio_sms",
      name: "SMS",
      config: { accountSid: twilio.accountSid, authToken: twilio.authToken, phoneNumber: "+815012345678", apiBaseUrl: twilio.url },
    });
    expect(inbox.status).toBe(201);
    inboxId = inbox.body.id;
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await Promise.all([nodes?.a.close(), nodes?.b.close()]);
    await drop?.();
    await twilio?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("delivers an event caused on node B to an agent connected to node A", async () => {
    const agent = await connectAgent(nodes.a.url, { token, label: "agent on A" });
    sockets.push(agent);
    const created = waitForEvent(agent, "message:created", (e) => e.message.text === "ノードBへの問い合わせ", 20_000);
    const { conversationId, messageId } = await customerWrites(nodes.b, "ノードBへの問い合わせ");
    expect(await created).toMatchObject({
      conversationId,
      message: { id: messageId, direction: "inbound" },
      conversation: { id: conversationId, lastMessage: { text: "ノードBへの問い合わせ" } },
    });

    // A reply through node B's API shows up on node A too.
    const reply = waitForEvent(agent, "message:created", (e) => e.message.text === "Bから返信します", 20_000);
    expect((await api(nodes.b, "POST", `/api/v1/conversations/${conversationId}/messages`, { text: "Bから返信します" })).status).toBe(202);
    expect((await reply).message).toMatchObject({ direction: "outbound", author: { type: "user" } });
  });

  it("shows presence across nodes", async () => {
    const { conversationId } = await customerWrites(nodes.a, "presence");
    const onA = await connectAgent(nodes.a.url, { token, label: "A" });
    const onB = await connectAgent(nodes.b.url, { token, label: "B" });
    sockets.push(onA, onB);
    expect((await emitWithAck(onA, "conversation:join", { conversationId })).ok).toBe(true);
    const typing = waitForEvent(onA, "presence:changed", (e) => e.conversationId === conversationId && e.typing.length === 1, 20_000);
    expect((await emitWithAck(onB, "conversation:join", { conversationId })).ok).toBe(true);
    expect((await emitWithAck(onB, "typing:set", { conversationId, kind: "reply", typing: true })).ok).toBe(true);
    expect((await typing).typing).toEqual([expect.objectContaining({ kind: "reply" })]);
  });

  it("keeps exact presence of two agents on two nodes: viewers, typing, list snapshot, leaving and status", async () => {
    const agent = async (email: string, name: string) => {
      const res = await api(nodes.a, "POST", "/api/v1/users", { email, name, role: "agent", password: "long enough password" });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, token: (await createApiToken(nodes.a.ctx, res.body.id, "presence")).token };
    };
    const [mio, ren] = [await agent("mio@test.local", "Mio"), await agent("ren@test.local", "蓮")];
    const { conversationId } = await customerWrites(nodes.a, "exact presence");
    const onA = await connectAgent(nodes.a.url, { token: mio.token, label: "Mio on A" });
    sockets.push(onA);
    const renOnline = waitForEvent(
      onA,
      "agent:status-changed",
      (e) => e.changes.some((c) => c.userId === ren.id && c.status === "online"),
      20_000,
    );
    const onB = await connectAgent(nodes.b.url, { token: ren.token, label: "蓮 on B" });
    sockets.push(onB);
    await renOnline;
    expect((await emitWithAck(onA, "conversation:join", { conversationId })).ok).toBe(true);
    const both = waitForEvent(onA, "presence:changed", (e) => e.conversationId === conversationId && e.viewers.length === 2, 20_000);
    expect((await emitWithAck(onB, "conversation:join", { conversationId })).ok).toBe(true);
    expect((await both).viewers).toEqual(
      expect.arrayContaining([
        { userId: mio.id, name: "Mio" },
        { userId: ren.id, name: "蓮" },
      ]),
    );
    const typing = waitForEvent(onA, "presence:changed", (e) => e.conversationId === conversationId && e.typing.length === 1, 20_000);
    expect((await emitWithAck(onB, "typing:set", { conversationId, kind: "note", typing: true })).ok).toBe(true);
    expect((await typing).typing).toEqual([{ userId: ren.id, name: "蓮", kind: "note" }]);
    const snapshot = (await emitWithAck(onA, "presence:snapshot", {})) as Ack<{ items: PresenceSummaryEvent[] }>;
    const row = snapshot.ok ? snapshot.data.items.find((i) => i.conversationId === conversationId) : undefined;
    expect(row?.viewers.map((v) => v.userId).sort()).toEqual([mio.id, ren.id].sort());

    const left = waitForEvent(onA, "presence:changed", (e) => e.conversationId === conversationId && e.viewers.length === 1, 20_000);
    const renOffline = waitForEvent(
      onA,
      "agent:status-changed",
      (e) => e.changes.some((c) => c.userId === ren.id && c.status === "offline"),
      20_000,
    );
    onB.close();
    expect(await left).toMatchObject({ viewers: [{ userId: mio.id, name: "Mio" }], typing: [] });
    await renOffline;
    expect((await nodes.a.ctx.db.user.findUniqueOrThrow({ where: { id: ren.id } })).status).toBe("offline");
  });

  it("refuses a revoked API token at once on both nodes: the revocation reaches the other node's handshake cache over Redis", async () => {
    const admin = await nodes.a.ctx.db.user.findFirstOrThrow({ where: { role: "admin" } });
    const revoked = await createApiToken(nodes.a.ctx, admin.id, "soon revoked");
    // Both nodes have the actor cached.
    for (const node of [nodes.a, nodes.b]) (await connectAgent(node.url, { token: revoked.token })).close();
    const heardOnB = new Promise<void>((resolve) => {
      const unsubscribe = nodes.b.ctx.bus.subscribe((event) => {
        if (event.type !== "access.revoked" || !event.remote || event.userId !== admin.id) return;
        unsubscribe();
        resolve();
      });
    });
    expect(await revokeApiToken(nodes.a.ctx, admin.id, revoked.id)).toBe(true);
    await expect(connectAgent(nodes.a.url, { token: revoked.token })).rejects.toThrow(/unauthorized/);
    // Without the forwarded event node B would accept its cached entry until the TTL ran out.
    await heardOnB;
    await expect(connectAgent(nodes.b.url, { token: revoked.token })).rejects.toThrow(/unauthorized/);
  });

  it("recovers a dropped agent's session on the other node, with what it missed", async () => {
    const { conversationId } = await customerWrites(nodes.a, "recovery across nodes");
    const roaming = await connectAgent(nodes.a.url, { token, label: "roaming agent" });
    const watcher = await connectAgent(nodes.b.url, { token, label: "watcher on B" });
    sockets.push(roaming, watcher);
    await emitWithAck(watcher, "conversation:join", { conversationId });
    const both = waitForEvent(watcher, "presence:changed", (e) => e.conversationId === conversationId && e.viewers.length > 0, 20_000);
    await emitWithAck(roaming, "conversation:join", { conversationId });
    await both;
    // Wait for a broadcast on the roaming socket so it holds an offset to resume from.
    const offset = waitForEvent(roaming, "presence:changed", (e) => e.conversationId === conversationId, 20_000);
    await emitWithAck(watcher, "typing:set", { conversationId, kind: "note", typing: true });
    await offset;

    // The load balancer sends the reconnection to the other node.
    roaming.io.reconnection(false);
    const gone = waitForEvent(watcher, "presence:changed", (e) => e.conversationId === conversationId && e.typing.length === 0, 20_000);
    await emitWithAck(watcher, "typing:set", { conversationId, kind: "note", typing: false });
    roaming.io.engine.close();
    await gone;
    const missed = await customerWrites(nodes.b, "while the agent was switching nodes");
    (roaming.io as unknown as { uri: string }).uri = nodes.b.url;
    const arrives = waitForEvent(roaming, "message:created", (e) => e.message.id === missed.messageId, 20_000);
    const back = new Promise<void>((resolve) => roaming.once("connect", () => resolve()));
    roaming.connect();
    await back;
    expect(roaming.recovered).toBe(true);
    expect((await arrives).message.text).toBe("while the agent was switching nodes");
  });

  it("sends every reply exactly once with both nodes' outbox workers running", async () => {
    const { conversationId } = await customerWrites(nodes.a, "たくさん返信してください");
    const texts = Array.from({ length: 30 }, (_, i) => `返信 ${i}`);
    const ids: string[] = [];
    await Promise.all(
      texts.map(async (text, i) => {
        const res = await api(i % 2 ? nodes.a : nodes.b, "POST", `/api/v1/conversations/${conversationId}/messages`, { text });
        expect(res.status).toBe(202);
        ids.push(res.body.messageId);
      }),
    );
    // A job is marked done just after its message is marked sent: wait for both.
    await waitFor(async () => {
      const sent = await nodes.a.ctx.db.message.count({ where: { id: { in: ids }, deliveryStatus: "sent" } });
      const done = await nodes.a.ctx.db.outboxJob.count({ where: { messageId: { in: ids }, status: "done" } });
      expect([sent, done]).toEqual([texts.length, texts.length]);
    });
    for (const text of texts)
      expect(
        twilio.messages.filter((m) => m.body === text),
        text,
      ).toHaveLength(1);
    const jobs = await nodes.a.ctx.db.outboxJob.findMany({ where: { messageId: { in: ids } } });
    expect(jobs.map((j) => j.attempts)).toEqual(ids.map(() => 1));
  });
});

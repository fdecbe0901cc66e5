import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "~/server/env.ts";
import { startServer, type RunningServer } from "~/server/index.ts";
import { createApiToken } from "~/server/auth/api-token.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { createTestDatabase, TEST_DB } from "./support/database.ts";
import { ADMIN } from "./support/server.ts";
import { connectAgent, emitWithAck, waitForEvent, type AgentSocket } from "./support/socket.ts";

/**
 * Socket rooms follow access across nodes (decision 009): an admin changes membership or moves a
 * conversation through node B; agents connected to node A lose the rooms at once. Runs in the
 * PostgreSQL pass (TEST_DB=postgres) with Redis carrying Socket.IO between the nodes.
 */
const REDIS_URL = process.env.REDIS_URL_TEST ?? "redis://127.0.0.1:6379";
const nodes: RunningServer[] = [];
const dirs: string[] = [];
const sockets: AgentSocket[] = [];
let drop: (() => Promise<void>) | null = null;
let a: RunningServer;
let b: RunningServer;
let adminToken: string;
let legalId: string;
let supportId: string;
let legalInbox: string;
let supportInbox: string;
let seq = 0;

const waitFor = <T>(fn: () => Promise<T> | T) => vi.waitFor(fn, { timeout: 20_000, interval: 50 });

async function startNode(databaseUrl: string, prefix: string) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-node-"));
  dirs.push(dataDir);
  const env = parseEnv({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    // This run's nodes only: other suites sharing the Redis never see its events.
    REDIS_PREFIX: prefix,
    SEED_DEMO: "false",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SMTP_ENABLED: "false",
    WORKERS_ENABLED: "false",
    SECRET_KEY: "test-secret-key-test-secret-key-0123456789",
    LOG_LEVEL: "warn",
  });
  const server = await startServer({ env, ui: { mode: "none" } });
  nodes.push(server);
  return server;
}

async function api(node: RunningServer, method: string, pathname: string, body?: unknown, token = adminToken) {
  const res = await fetch(node.url + pathname, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function person(name: string, departmentIds: string[]) {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}@example.test`;
  const res = await api(a, "POST", "/api/v1/users", { email, name, role: "agent", password: "a long enough password", departmentIds });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, token: (await createApiToken(a.ctx, res.body.id, "test")).token };
}

const customerWrites = (inboxId: string, text: string) =>
  ingestInboundMessage(b.ctx, {
    inboxId,
    message: { providerMessageId: `rooms-${++seq}`, from: { kind: "email", address: "customer@example.test" }, text },
  });

/** Socket.IO keeps per-connection order: once this arrived, anything emitted to the socket before it has too. */
async function sentinel(socket: AgentSocket, text: string) {
  const arrived = waitForEvent(socket, "message:created", (e) => e.message.text === text, 20_000);
  await customerWrites(supportInbox, text);
  await arrived;
}

describe.skipIf(TEST_DB !== "postgres")("socket rooms follow access across two nodes (PostgreSQL + Redis)", () => {
  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const prefix = `rooms-${randomBytes(4).toString("hex")}`;
    a = await startNode(db.url!, prefix);
    b = await startNode(db.url!, prefix);
    const admin = await a.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    adminToken = (await createApiToken(a.ctx, admin.id, "test")).token;
    const legal = await api(a, "POST", "/api/v1/departments", { name: "Legal", restricted: true });
    const support = await api(a, "POST", "/api/v1/departments", { name: "Support" });
    legalId = legal.body.id;
    supportId = support.body.id;
    const inbox = (departmentId: string, address: string) =>
      a.ctx.db.inbox.create({ data: { kind: "email", name: address, config: { address }, departmentId } });
    legalInbox = (await inbox(legalId, "legal@example.test")).id;
    supportInbox = (await inbox(supportId, "support@example.test")).id;
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    for (const n of nodes) await n.close();
    await drop?.();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("removing an agent from Legal on node B stops Legal notes to their socket on node A", async () => {
    const kenji = await person("Kenji Mori", [legalId]);
    const rin = await person("Rin Aoki", [legalId]);
    const { conversationId } = await customerWrites(legalInbox, "契約書の件");
    const socket = await connectAgent(a.url, { token: rin.token, label: "Rin on A" });
    sockets.push(socket);
    const legalTexts: string[] = [];
    socket.on("message:created", (e) => e.conversationId === conversationId && legalTexts.push(e.message.text));
    const note = (text: string) => api(b, "POST", `/api/v1/conversations/${conversationId}/notes`, { text }, kenji.token);
    expect((await note("before the change")).status).toBe(201);
    await waitFor(() => expect(legalTexts).toEqual(["before the change"]));

    const changed = waitForEvent(socket, "access:changed", () => true, 20_000);
    expect((await api(b, "PATCH", `/api/v1/departments/${legalId}`, { memberIds: [kenji.id] })).status).toBe(200);
    expect(await changed).toEqual({ leftConversationIds: [] });
    expect((await note("after the change: 和解案")).status).toBe(201);
    await sentinel(socket, "sentinel on A");
    expect(legalTexts).toEqual(["before the change"]);
    expect(await emitWithAck(socket, "conversation:join", { conversationId })).toEqual({ ok: false, error: "Conversation not found" });
  });

  it("moving a conversation into Legal on node B drops a non-member viewing it on node A", async () => {
    const kenji = await person("Kenji Sato", [legalId]);
    const maya = await person("Maya Chen", [supportId]);
    const { conversationId } = await customerWrites(supportInbox, "Is this covered by the contract?");
    const mayaOnA = await connectAgent(a.url, { token: maya.token, label: "Maya on A" });
    const kenjiOnB = await connectAgent(b.url, { token: kenji.token, label: "Kenji on B" });
    sockets.push(mayaOnA, kenjiOnB);
    const both = waitForEvent(kenjiOnB, "presence:changed", (e) => e.conversationId === conversationId && e.typing.length === 1, 20_000);
    expect((await emitWithAck(mayaOnA, "conversation:join", { conversationId })).ok).toBe(true);
    expect((await emitWithAck(kenjiOnB, "conversation:join", { conversationId })).ok).toBe(true);
    expect((await emitWithAck(mayaOnA, "typing:set", { conversationId, kind: "reply", typing: true })).ok).toBe(true);
    await both;
    const roomEvents: string[] = [];
    mayaOnA.on("presence:changed", (e) => e.conversationId === conversationId && roomEvents.push("presence"));
    mayaOnA.on("draft:changed", (e) => e.conversationId === conversationId && roomEvents.push("draft"));

    const changed = waitForEvent(mayaOnA, "access:changed", () => true, 20_000);
    const alone = waitForEvent(
      kenjiOnB,
      "presence:changed",
      (e) => e.conversationId === conversationId && e.viewers.length === 1 && e.typing.length === 0,
      20_000,
    );
    expect((await api(b, "PATCH", `/api/v1/conversations/${conversationId}`, { departmentId: legalId })).status).toBe(200);
    expect(await changed).toEqual({ leftConversationIds: [conversationId] });
    expect((await alone).viewers.map((v) => v.userId)).toEqual([kenji.id]);
    roomEvents.length = 0;

    expect((await emitWithAck(kenjiOnB, "typing:set", { conversationId, kind: "note", typing: true })).ok).toBe(true);
    const draft = await api(b, "PUT", `/api/v1/conversations/${conversationId}/drafts/note`, { text: "確認中" }, kenji.token);
    expect(draft.status).toBe(200);
    expect(await emitWithAck(mayaOnA, "typing:set", { conversationId, kind: "reply", typing: true })).toEqual({
      ok: false,
      error: "Join the conversation first",
    });
    await sentinel(mayaOnA, "sentinel for Maya on A");
    expect(roomEvents).toEqual([]);
  });
});

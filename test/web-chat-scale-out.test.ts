import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import "./support/console-guard.ts";
import { parseEnv } from "~/server/env.ts";
import { startServer, type RunningServer } from "~/server/index.ts";
import { createApiToken } from "~/server/auth/api-token.ts";
import { createTestDatabase, TEST_DB } from "./support/database.ts";
import { ADMIN } from "./support/server.ts";
import { connectVisitor, createSession, nextMessage, request, type VisitorSocket } from "~/integrations/web-chat/testing/visitor-client.ts";
import type { WidgetMessage } from "~/integrations/web-chat/messages.ts";

/**
 * Two nodes on one PostgreSQL database and one Redis: the visitor is connected to node A, the agent
 * replies through node B, whose outbox worker sends the reply; the Redis streams adapter carries it
 * to the visitor on A and the widget's acknowledgement back, so the reply is marked delivered.
 * Runs in the PostgreSQL pass of `npm test` (TEST_DB=postgres).
 */
const REDIS_URL = process.env.REDIS_URL_TEST ?? "redis://127.0.0.1:6379";
const nodes: RunningServer[] = [];
let drop: (() => Promise<void>) | null = null;
let visitor: VisitorSocket | null = null;

async function node(databaseUrl: string, workers: boolean) {
  const env = parseEnv({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: await mkdtemp(path.join(os.tmpdir(), "switchboard-node-")),
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    SEED_DEMO: "false",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SMTP_ENABLED: "false",
    SECRET_KEY: "test-secret-key-test-secret-key-0123456789",
    WORKERS_ENABLED: workers ? "true" : "false",
    LOG_LEVEL: "warn",
  });
  const server = await startServer({ env, ui: { mode: "none" } });
  nodes.push(server);
  return server;
}

describe.skipIf(TEST_DB !== "postgres")("web chat across two nodes (PostgreSQL + Redis)", () => {
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    a = await node(db.url!, false);
    b = await node(db.url!, true);
  });
  afterAll(async () => {
    visitor?.close();
    for (const n of nodes) await n.close();
    await drop?.();
  });

  it("delivers a reply sent on node B to the visitor connected to node A", async () => {
    const admin = await a.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    const { token } = await createApiToken(a.ctx, admin.id, "test");
    const created = await fetch(`${a.url}/api/v1/inboxes`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: "web_chat", name: "Website", config: {} }),
    });
    expect(created.status).toBe(201);
    const inboxId = ((await created.json()) as { id: string }).id;

    // PUBLIC_URL defaults to each node's own address here, so each node accepts its own origin.
    const session = await createSession(a.url, inboxId);
    visitor = await connectVisitor(a.url, inboxId, session.token);
    const sent = await request<WidgetMessage>(visitor, "message:send", {
      clientId: "scale-out-0001",
      text: "別ノードからの返信を待っています",
    });
    expect(sent.ok).toBe(true);
    const conversation = await a.ctx.db.conversation.findFirstOrThrow({ where: { threadKey: session.visitorId } });

    const arrived = nextMessage(visitor, (m) => m.direction === "outbound");
    const reply = await fetch(`${b.url}/api/v1/conversations/${conversation.id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: "ノード B から返信します" }),
    });
    expect(reply.status).toBe(202);
    const { messageId } = (await reply.json()) as { messageId: string };
    expect((await arrived).text).toBe("ノード B から返信します");
    await vi.waitFor(
      async () => expect((await b.ctx.db.message.findUniqueOrThrow({ where: { id: messageId } })).deliveryStatus).toBe("delivered"),
      { timeout: 20_000, interval: 100 },
    );
  });
});

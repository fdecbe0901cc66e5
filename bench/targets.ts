import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import { Server } from "socket.io";
import twilio from "twilio";
import { API_TOKEN_PREFIX, hashApiToken } from "~/server/auth/api-token.ts";
import { randomBase32 } from "~/server/auth/token-crypto.ts";
import type { AppContext } from "~/server/context.ts";
import { parseEnv } from "~/server/env.ts";
import { type RunningServer, startServer } from "~/server/index.ts";
import { createTestDatabase, TEST_DB } from "~/test/support/database.ts";
import { startTestServer } from "~/test/support/server.ts";

/**
 * What the realtime benchmarks measure against each other: a bare Socket.IO server (one node, or
 * two on Redis with the streams adapter) whose HTTP endpoint broadcasts a payload to every client,
 * and Switchboard (one node, or two on PostgreSQL + Redis) where a signed Twilio SMS webhook makes
 * an inbound message that reaches every agent socket as `message:created`.
 */
export interface Target {
  label: string;
  /** Socket.IO URLs; clients are spread over them. */
  urls: string[];
  /** Credentials for n sockets (null: the bare server needs none). */
  tokens(n: number): Promise<(string | null)[]>;
  /** Makes every socket receive an event whose marker (message text) is `marker`. */
  trigger(marker: string): Promise<void>;
  close(): Promise<void>;
}

/** Two-node variants need PostgreSQL (TEST_DB=postgres) and REDIS_URL, like test/scale-out.test.ts. */
export const REDIS_URL = TEST_DB === "postgres" ? process.env.REDIS_URL : undefined;

export async function startBare(nodes: 1 | 2): Promise<Target> {
  const redis = nodes === 2 ? createClient({ url: REDIS_URL }) : null;
  await redis?.connect();
  const streamName = `bench-${process.pid}-${Date.now()}:socket.io`;
  const servers = await Promise.all(
    Array.from({ length: nodes }, async () => {
      const http = createServer();
      const io = new Server(http, { serveClient: false, ...(redis ? { adapter: createAdapter(redis, { streamName }) } : {}) });
      io.on("connection", (socket) => void socket.join("agents"));
      http.on("request", (req, res) => {
        if (req.url !== "/send") return;
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          io.to("agents").emit("message:created", { message: { text: body } });
          res.end("ok");
        });
      });
      await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
      return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
    }),
  );
  return {
    label: nodes === 1 ? "bare Socket.IO" : "bare Socket.IO, 2 nodes + Redis",
    urls: servers.map((s) => s.url),
    tokens: async (n) => Array.from({ length: n }, () => null),
    async trigger(marker) {
      const res = await fetch(`${servers[0]!.url}/send`, { method: "POST", body: marker });
      if (!res.ok) throw new Error(`bare server answered ${res.status}`);
    },
    async close() {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.io.close(() => resolve()))));
      await redis?.quit();
    },
  };
}

const ACCOUNT_SID = `AC${"0".repeat(31)}1`;
const AUTH_TOKEN = "bench-auth-token";

export async function startSwitchboard(nodes: 1 | 2): Promise<Target & { ctx: AppContext }> {
  const cluster = nodes === 1 ? await oneNode() : await twoNodes();
  const { ctx } = cluster.nodes[0]!;
  const inbox = await ctx.db.user.findFirstOrThrow({ where: { role: "admin" }, select: { id: true } }).then(async (admin) => {
    const token = await insertTokens(ctx, [admin.id]);
    const res = await fetch(`${cluster.nodes[0]!.url}/api/v1/inboxes`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token[0]}` },
      body: JSON.stringify({
        kind: "twilio_sms",
        name: "Bench SMS",
        config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: "+81 50-1234-5678" },
      }),
    });
    if (res.status !== 201) throw new Error(`inbox: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  });
  let seq = 0;
  return {
    ctx,
    label: nodes === 1 ? "Switchboard" : "Switchboard, 2 nodes + Redis",
    urls: cluster.nodes.map((n) => n.url),
    tokens: (n) => createAgents(ctx, n),
    async trigger(marker) {
      const i = seq++;
      // Signed against the public URL, posted to the node's real address.
      const signedUrl = `${cluster.publicUrl}/webhooks/twilio/${inbox.id}/sms`;
      const params = {
        AccountSid: ACCOUNT_SID,
        MessageSid: `SM${String(i).padStart(32, "0")}`,
        From: `+8190${String(10_000_000 + (i % 300)).slice(-8)}`,
        To: "+815012345678",
        Body: marker,
        NumMedia: "0",
      };
      const res = await fetch(`${cluster.nodes[0]!.url}/webhooks/twilio/${inbox.id}/sms`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded; charset=UTF-8",
          "x-twilio-signature": twilio.getExpectedTwilioSignature(AUTH_TOKEN, signedUrl, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    },
    close: cluster.close,
  };
}

async function oneNode() {
  const server = await startTestServer({ ui: false });
  return { nodes: [server], publicUrl: server.url, close: () => server.stop() };
}

async function twoNodes() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-bench-"));
  const database = await createTestDatabase();
  const publicUrl = "http://node-a.switchboard.invalid";
  const start = (url: string) =>
    startServer({
      env: parseEnv({
        NODE_ENV: "test",
        PORT: "0",
        HOST: "127.0.0.1",
        PUBLIC_URL: url,
        DATA_DIR: dataDir,
        SEED_DEMO: "false",
        ADMIN_EMAIL: "admin@bench.local",
        ADMIN_PASSWORD: "correct horse battery",
        SMTP_PORT: "0",
        SMTP_HOST: "127.0.0.1",
        SECRET_KEY: "bench-secret-key-bench-secret-key-0123456789",
        LOG_LEVEL: "warn",
        REDIS_URL,
        // Both nodes share one prefix (one stream), apart from other runs.
        REDIS_PREFIX: `sbbench-${process.pid}`,
      }),
      database: database.options,
      ui: { mode: "none" },
    });
  const nodes: RunningServer[] = await Promise.all([start(publicUrl), start("http://node-b.switchboard.invalid")]);
  return {
    nodes,
    publicUrl,
    async close() {
      await Promise.all(nodes.map((n) => n.close()));
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** n agents (role agent, no department) with one API token each, inserted in bulk. */
async function createAgents(ctx: AppContext, n: number): Promise<string[]> {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const ids: string[] = [];
  for (let from = 0; from < n; from += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - from) }, (_, k) => ({
      email: `agent-${tag}-${from + k}@bench.local`,
      name: `Agent ${from + k}`,
      passwordHash: "!bench-no-login",
    }));
    const rows = await ctx.db.user.createManyAndReturn({ data: batch, select: { id: true } });
    ids.push(...rows.map((r) => r.id));
  }
  return insertTokens(ctx, ids);
}

async function insertTokens(ctx: AppContext, userIds: string[]): Promise<string[]> {
  const tokens = userIds.map(() => API_TOKEN_PREFIX + randomBase32(32));
  for (let from = 0; from < userIds.length; from += 1000) {
    await ctx.db.apiToken.createMany({
      data: userIds.slice(from, from + 1000).map((userId, k) => ({ userId, name: "bench", tokenHash: hashApiToken(tokens[from + k]!) })),
    });
  }
  return tokens;
}

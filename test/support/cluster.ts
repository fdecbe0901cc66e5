import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createClient } from "redis";
import { createApiToken } from "~/server/auth/api-token.ts";
import { parseEnv } from "~/server/env.ts";
import { type RunningServer, startServer } from "~/server/index.ts";
import { createTestDatabase } from "./database.ts";
import { ADMIN } from "./server.ts";

export const TEST_REDIS_URL = process.env.REDIS_URL_TEST ?? "redis://127.0.0.1:6379";

/** Redis answers a PING within 2 s (fault tests need it; under CI=true its absence is a failure). */
export async function redisReachable(url = TEST_REDIS_URL): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

export interface ClusterNode extends RunningServer {
  /** PUBLIC_URL of this node: what Twilio signs. */
  publicUrl: string;
}

export interface Cluster {
  nodes: ClusterNode[];
  /** The admin's API token (valid on every node). */
  token: string;
  api<T = any>(node: ClusterNode, method: string, pathname: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/**
 * Nodes in this process sharing one fresh PostgreSQL database, one data directory and, with
 * `redisUrl`, Redis (Socket.IO streams adapter, rate limits) under a prefix of their own so that
 * suites running beside them on the same Redis never see their streams. API and webhooks only.
 * `env` adds to or overrides each node's environment (WORKERS_ENABLED=false: the test drives the timers).
 */
export async function startCluster(opts: { redisUrl?: string; nodes?: number; env?: Record<string, string> }): Promise<Cluster> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-cluster-"));
  const database = await createTestDatabase();
  const prefix = `sbtest-${process.pid}-${randomBytes(3).toString("hex")}`;
  const names = Array.from({ length: opts.nodes ?? 2 }, (_, i) => `node-${String.fromCharCode(97 + i)}`);
  const nodes = await Promise.all(
    names.map(async (name) => {
      const publicUrl = `http://${name}.switchboard.invalid`;
      const env = parseEnv({
        NODE_ENV: "test",
        PORT: "0",
        HOST: "127.0.0.1",
        PUBLIC_URL: publicUrl,
        DATA_DIR: dataDir,
        SEED_DEMO: "false",
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        SMTP_PORT: "0",
        SMTP_HOST: "127.0.0.1",
        SECRET_KEY: "cluster-secret-key-cluster-secret-key-0123",
        LOG_LEVEL: "warn",
        ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl, REDIS_PREFIX: prefix } : {}),
        ...opts.env,
      });
      const node = await startServer({ env, database: database.options, ui: { mode: "none" } });
      return Object.assign(node, { publicUrl });
    }),
  );
  const first = nodes[0]!;
  const admin = await first.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
  const { token } = await createApiToken(first.ctx, admin.id, "cluster");
  return {
    nodes,
    token,
    async api(node, method, pathname, body) {
      const res = await fetch(node.url + pathname, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.close().catch(() => {})));
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

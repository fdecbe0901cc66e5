import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseEnv } from "~/server/env.ts";
import { startServer, type RunningServer } from "~/server/index.ts";
import { createApiToken } from "~/server/auth/api-token.ts";
import type { DatabaseOptions } from "~/server/db/client.ts";
import { createTestDatabase } from "./database.ts";

export const ADMIN = { email: "admin@test.local", password: "correct horse battery" };

export interface TestServer extends RunningServer {
  /** Base URL, also used as PUBLIC_URL so signed webhooks verify against it. */
  url: string;
  dataDir: string;
  /** Cookie header of a fresh session (through the real login form action). */
  login(email?: string, password?: string): Promise<string>;
  /** A bearer token for the admin (or another user id). */
  apiToken(userId?: string): Promise<string>;
  api<T = any>(method: string, pathname: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  createInbox(kind: string, name: string, config: Record<string, unknown>, departmentId?: string): Promise<string>;
  /** The port of the email adapter's SMTP listener (throws when it did not start). */
  smtpPort(): number;
  stop(): Promise<void>;
}

/**
 * A fully booted Switchboard on port 0 (HTTP, Socket.IO, channel listeners, outbox worker) with a
 * fresh database, an admin and no demo data. PUBLIC_URL is the server's own address.
 */
export async function startTestServer(
  opts: {
    env?: Record<string, string>;
    ui?: boolean;
    /** Rewrites the PostgreSQL URL the server uses (fault tests route it through a TCP proxy). */
    databaseUrl?: (url: string) => string;
    /** Runs in stop() after the server closed and before its database is dropped (what a shutdown left behind). */
    afterClose?: () => Promise<void>;
  } = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-test-"));
  const database = await createTestDatabase();
  const options =
    opts.databaseUrl && database.options.kind === "postgres"
      ? { ...database.options, url: opts.databaseUrl(database.options.url) }
      : database.options;
  const server = await startOnFreePort(options, opts, dataDir);
  const url = server.url;

  const api: TestServer["api"] = async (method, pathname, body, token) => {
    const res = await fetch(url + pathname, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, body: parsed as never };
  };

  let adminToken: string | null = null;
  const apiToken = async (userId?: string) => {
    if (!userId && adminToken) return adminToken;
    const id = userId ?? (await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id;
    const { token } = await createApiToken(server.ctx, id, "test");
    if (!userId) adminToken = token;
    return token;
  };

  return {
    ...server,
    url,
    dataDir,
    api,
    apiToken,
    async login(email = ADMIN.email, password = ADMIN.password) {
      const body = new URLSearchParams({ email, password });
      const res = await fetch(`${url}/login`, { method: "POST", body, redirect: "manual", headers: { origin: url } });
      const cookie = res.headers.getSetCookie().find((c) => c.includes("sb_session="));
      if (!cookie) throw new Error(`login failed with status ${res.status}`);
      return cookie.split(";")[0]!;
    },
    async createInbox(kind, name, config, departmentId) {
      const res = await api("POST", "/api/v1/inboxes", { kind, name, config, departmentId }, await apiToken());
      if (res.status !== 201) throw new Error(`createInbox failed: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { id: string }).id;
    },
    smtpPort() {
      const listener = server.listeners.find((l) => typeof l === "object" && l !== null && "smtpPort" in l) as
        | { smtpPort: number | null }
        | undefined;
      if (!listener?.smtpPort) throw new Error("the email adapter's SMTP listener did not start");
      return listener.smtpPort;
    },
    async stop() {
      await server.close();
      await opts.afterClose?.();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The port is reserved first so PUBLIC_URL can name it (signatures are computed over the public URL).
 * Between releasing it and the server binding it, another test process may take it: then try another.
 */
async function startOnFreePort(database: DatabaseOptions, opts: { env?: Record<string, string>; ui?: boolean }, dataDir: string) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const env = parseEnv({
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SMTP_PORT: "0",
      SMTP_HOST: "127.0.0.1",
      SECRET_KEY: "test-secret-key-test-secret-key-0123456789",
      LOG_LEVEL: "warn",
      // Test files run in parallel against one Redis: keep each process's streams and keys apart.
      REDIS_PREFIX: `sbtest-${process.pid}`,
      // No DNS here: suites about sender authentication turn it on with a DNS stub (test/support/dns-stub.ts).
      MAIL_AUTH_ENABLED: "false",
      ...opts.env,
    });
    try {
      return await startServer({ env, database, ui: { mode: opts.ui === false ? "none" : "build" } });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt === 5) throw err;
    }
  }
}

export async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

import { createServer, type Server as HttpServer } from "node:http";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { parseEnv, type Env } from "./env.ts";
import { openDatabase, type Database, type DatabaseOptions } from "./db/client.ts";
import { applyMigrations } from "./db/migrate.ts";
import type { AppContext } from "./context.ts";
import { createLogger } from "./lib/log.ts";
import { createEventBus } from "./events/bus.ts";
import { diskStorage } from "./storage/file-storage.ts";
import { loadSecretKey } from "./lib/secret-key.ts";
import { createSecretBox } from "./lib/secret-box.ts";
import { memoryRateLimiter } from "./lib/rate-limit.ts";
import { createChannelHost } from "./channels/host.ts";
import { channels } from "./channels/registry.ts";
import { createHttpApp, type UiOptions } from "./http/app.ts";
import { createRealtimeServer } from "./realtime/server.ts";
import { connectRedis } from "./realtime/redis.ts";
import { flushApiTokenUse } from "./auth/api-token.ts";
import { startOutboxWorker, type OutboxWorker } from "./jobs/outbox-worker.ts";
import { startTimers } from "./jobs/timers.ts";
import { startAutomation } from "./domain/automation/run-rules.ts";
import { bootstrapWorkspace } from "./bootstrap/bootstrap-workspace.ts";
import { forwardEventsToWebhooks } from "./domain/webhooks/forward-events-to-webhooks.ts";
import type { Running } from "~/integrations/core/types.ts";

export interface StartOptions {
  env?: Env;
  /** Overrides the database chosen from the environment (tests use an in-memory PGlite). */
  database?: DatabaseOptions;
  ui?: UiOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  ctx: AppContext;
  db: Database;
  worker: OutboxWorker | null;
  listeners: Running[];
  http: HttpServer;
  bootstrap: Awaited<ReturnType<typeof bootstrapWorkspace>>;
  close(): Promise<void>;
}

/** boot: env → db → migrations → context → http app (webhooks, API, UI) → Socket.IO → listeners → listen. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? parseEnv();
  const log = createLogger(env.LOG_LEVEL);
  const dataDir = path.resolve(env.DATA_DIR);
  const db = await openDatabase(
    options.database ??
      (env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir: path.join(dataDir, "db") }),
  );
  const applied = await applyMigrations(db.sql);
  if (applied.length) log.info(`applied migrations: ${applied.join(", ")}`);

  const redis = env.REDIS_URL ? await connectRedis(env.REDIS_URL, env.REDIS_PREFIX, log) : null;
  let worker: OutboxWorker | null = null;
  const ctx: AppContext = {
    env,
    db: db.prisma,
    sql: db.sql,
    bus: createEventBus((err) => log.error(`event listener failed: ${(err as Error)?.stack ?? err}`)),
    storage: diskStorage(path.join(dataDir, "files")),
    secrets: createSecretBox(await loadSecretKey(env, dataDir, log)),
    limiter: redis?.limiter ?? memoryRateLimiter(),
    log,
    channels,
    outbox: { wake: () => worker?.wake() },
    nodeId: `${process.pid}-${randomBytes(3).toString("hex")}`,
  };
  const bootstrap = await bootstrapWorkspace(ctx);
  const stopAutomation = startAutomation(ctx);
  const stopWebhooks = forwardEventsToWebhooks(ctx);

  const host = createChannelHost(ctx);
  const app = await createHttpApp(ctx, host, options.ui ?? { mode: "build" });
  const http = createServer(app);
  // Idle keep-alive connections outlive the client's and a load balancer's (often 60 s) idle timeout,
  // so the server never closes a connection a client is about to reuse.
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const realtime = createRealtimeServer(ctx, http, redis?.presenceStore(ctx.nodeId));
  if (redis) realtime.installAdapter(redis.socketAdapter());
  for (const adapter of channels.list()) adapter.realtime?.(realtime.io, host);

  try {
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(env.PORT, env.HOST, () => resolve());
    });
  } catch (err) {
    // The port is taken (or not ours): leave nothing open behind the error.
    await realtime.close();
    await redis?.close();
    await db.close();
    throw err;
  }
  const port = (http.address() as AddressInfo).port;

  const listeners: Running[] = [];
  for (const adapter of channels.list()) {
    if (adapter.start) listeners.push(await adapter.start(host, env.channelSettings[adapter.descriptor.kind]));
  }
  if (env.WORKERS_ENABLED) worker = startOutboxWorker(ctx, host);
  const timers = env.WORKERS_ENABLED ? startTimers(ctx, host) : null;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ctx,
    db,
    worker,
    listeners,
    http,
    bootstrap,
    async close() {
      stopWebhooks();
      await timers?.stop();
      stopAutomation();
      await worker?.stop();
      for (const l of listeners) await l.stop().catch(() => {});
      // Socket.IO's close also closes the HTTP server and would wait for every open request, even a
      // client stalling mid-body; a stopping node drops them instead.
      http.closeAllConnections?.();
      await realtime.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      // Token uses kept in memory (api-token.ts) are written before the database closes.
      await flushApiTokenUse(ctx).catch((err) => log.warn(`api token lastUsedAt not written: ${(err as Error).message}`));
      await redis?.close();
      await db.close();
    },
  };
}

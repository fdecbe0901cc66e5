import { createChannelSet } from "~/integrations/core/channel-set.ts";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AppContext } from "~/server/context.ts";
import { openDatabase } from "~/server/db/client.ts";
import { applyMigrations } from "~/server/db/migrate.ts";
import { parseEnv } from "~/server/env.ts";
import { createEventBus } from "~/server/events/bus.ts";
import { createLogger } from "~/server/lib/log.ts";
import { memoryRateLimiter } from "~/server/lib/rate-limit.ts";
import { createSecretBox } from "~/server/lib/secret-box.ts";
import { diskStorage } from "~/server/storage/file-storage.ts";
import { hashPassword } from "~/server/lib/password.ts";

/**
 * A real AppContext over a fresh in-memory PGlite for the auth unit tests (only until
 * test/support/context.ts exists; then these tests should use that one).
 */
export interface AuthTestContext {
  ctx: AppContext;
  createUser(input: { email: string; password: string; role?: "admin" | "agent" | "viewer" }): Promise<string>;
  close(): Promise<void>;
}

export async function createAuthTestContext(envOverrides: Record<string, string> = {}): Promise<AuthTestContext> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "sb-auth-"));
  const env = parseEnv({ NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: dataDir, ...envOverrides });
  const db = await openDatabase({ kind: "pglite" });
  await applyMigrations(db.sql);
  const ctx: AppContext = {
    env,
    db: db.prisma,
    sql: db.sql,
    bus: createEventBus((err) => {
      throw err;
    }),
    storage: diskStorage(path.join(dataDir, "files")),
    secrets: createSecretBox("auth-test-secret-key-0123456789abcdef"),
    limiter: memoryRateLimiter(),
    log: createLogger("silent"),
    // No outbox worker runs in auth tests, which is what a node with workers off looks like.
    outbox: { wake() {} },
    channels: createChannelSet([]),
    nodeId: "auth-test",
  };
  return {
    ctx,
    async createUser({ email, password, role = "agent" }) {
      const user = await ctx.db.user.create({
        data: { email: email.toLowerCase(), name: email.split("@")[0]!, role, passwordHash: await hashPassword(password) },
        select: { id: true },
      });
      return user.id;
    },
    async close() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

import type { ChannelSet } from "~/integrations/core/channel-set.ts";
import type { Env } from "./env.ts";
import type { Db, SqlDriver } from "./db/client.ts";
import type { EventBus } from "./events/bus.ts";
import type { FileStorage } from "./storage/file-storage.ts";
import type { SecretBox } from "./lib/secret-box.ts";
import type { Logger } from "./lib/log.ts";
import type { RateLimiter } from "./lib/rate-limit.ts";

/**
 * Everything a domain flow needs, passed explicitly as the first argument. Route loaders get it
 * from the load context, socket handlers and jobs from the server, so the same function serves all.
 */
export interface AppContext {
  env: Env;
  db: Db;
  sql: SqlDriver;
  bus: EventBus;
  storage: FileStorage;
  secrets: SecretBox;
  limiter: RateLimiter;
  log: Logger;
  /** The channels this server runs (server/channels/registry.ts). */
  channels: ChannelSet;
  /** Wakes this node's outbox worker after a job was queued (a no-op when workers are off). */
  outbox: { wake(): void };
  /** Unique per process; recorded on claimed jobs. */
  nodeId: string;
}

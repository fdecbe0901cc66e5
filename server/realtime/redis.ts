import { createClient } from "redis";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Logger } from "~/server/lib/log.ts";
import { redisRateLimiter } from "~/server/lib/rate-limit.ts";
import { redisPresenceStore } from "./presence-store-redis.ts";

/**
 * Redis for scale-out: the Socket.IO streams adapter (fan-out across nodes, and connection-state
 * recovery keeps working across them), a shared rate-limit window and the presence store.
 */
export async function connectRedis(url: string, prefix: string, log: Logger) {
  const client = createClient({ url });
  client.on("error", (err) => log.warn(`redis: ${err.message}`));
  await client.connect();
  return {
    client,
    limiter: redisRateLimiter(client, `${prefix}:rl:`),
    // One stream per deployment: two Switchboards sharing a Redis never see each other's events.
    socketAdapter: () => createAdapter(client, { streamName: `${prefix}:socket.io` }),
    presenceStore: (nodeId: string) => redisPresenceStore(client, `${prefix}:presence`, nodeId),
    async close() {
      await client.quit().catch(() => client.destroy());
    },
  };
}

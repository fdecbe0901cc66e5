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
    socketAdapter: () => createAdapter(withUnawaitedCommandsLogged(client, log), { streamName: `${prefix}:socket.io` }),
    presenceStore: (nodeId: string) => redisPresenceStore(client, `${prefix}:presence`, nodeId),
    async close() {
      await client.quit().catch(() => client.destroy());
    },
  };
}

/** Commands the streams adapter sends without handling their promise (fetchSockets, persisted sessions). */
const UNAWAITED = new Set<PropertyKey>(["publish", "sPublish", "set"]);

/**
 * The streams adapter fires PUBLISH (fetchSockets, server-side emits) and SET (a disconnected
 * socket's session) without a rejection handler: a connection reset under them (Redis restarting)
 * or a command after shutdown closed the client was an unhandled rejection, which ends the process.
 * The adapter gets a view of the client on which those log a warning instead; the lost message
 * means fewer sockets in a presence list or a session that cannot be recovered, both degrade only.
 */
function withUnawaitedCommandsLogged<C extends object>(client: C, log: Logger): C {
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (!UNAWAITED.has(prop)) return value.bind(target);
      return (...args: unknown[]) => {
        const failed = (err: unknown) => {
          log.warn(`redis ${String(prop)} failed: ${(err as Error)?.message ?? err}`);
          return null;
        };
        try {
          return Promise.resolve(value.apply(target, args)).catch(failed);
        } catch (err) {
          return Promise.resolve(failed(err));
        }
      };
    },
  });
}

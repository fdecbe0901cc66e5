import type { createClient } from "redis";
import type { PresenceEntry, PresenceStore } from "./presence-store.ts";

type Redis = ReturnType<typeof createClient>;

const NODE_TTL_S = 30;
const HEARTBEAT_MS = 10_000;
const ALIVE_CACHE_MS = 5_000;

// Atomic "remove a field, and drop the key from its index set when it was the last one".
const REMOVE = `redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
return redis.call('HLEN', KEYS[1])`;

/**
 * Presence in Redis for every node: a hash per conversation (field node/socket → entry) and per
 * user (field node/socket), plus index sets of viewed conversations and connected users. A node
 * refreshes a key of its own every 10 s (30 s TTL); entries of a node whose key expired (it
 * crashed, so no disconnect ran) are ignored and deleted when read. On close a node removes its own.
 */
export function redisPresenceStore(client: Redis, prefix: string, nodeId: string): PresenceStore {
  const key = {
    conversation: (id: string) => `${prefix}:c:${id}`,
    conversations: `${prefix}:cs`,
    user: (id: string) => `${prefix}:u:${id}`,
    users: `${prefix}:us`,
    node: (id: string) => `${prefix}:n:${id}`,
  };
  const field = (socketId: string) => `${nodeId}/${socketId}`;
  const nodeOf = (f: string) => f.slice(0, f.indexOf("/"));
  // What this node wrote, to remove on close.
  const mine = { conversations: new Map<string, Set<string>>(), users: new Map<string, Set<string>>() };
  const track = (m: Map<string, Set<string>>, k: string, socketId: string, on: boolean) => {
    const s = m.get(k) ?? new Set<string>();
    if (on) s.add(socketId);
    else s.delete(socketId);
    if (s.size === 0) m.delete(k);
    else m.set(k, s);
  };

  const beat = () => client.set(key.node(nodeId), "1", { EX: NODE_TTL_S });
  const ready = beat();
  const heartbeat = setInterval(() => void beat().catch(() => {}), HEARTBEAT_MS);
  heartbeat.unref();

  const alive = new Map<string, { alive: boolean; at: number }>();
  const aliveNodes = async (nodes: string[]) => {
    const now = Date.now();
    const unknown = [...new Set(nodes)].filter((n) => n !== nodeId && !((alive.get(n)?.at ?? 0) > now - ALIVE_CACHE_MS));
    if (unknown.length > 0) {
      const found = await client.mGet(unknown.map(key.node));
      for (const [i, n] of unknown.entries()) alive.set(n, { alive: found[i] !== null, at: now });
    }
    return (n: string) => n === nodeId || alive.get(n)?.alive === true;
  };

  /** The live fields of a hash; stale ones (dead nodes) are deleted on the way. */
  const liveFields = async (hashKey: string, indexKey: string, member: string) => {
    const all = await client.hGetAll(hashKey);
    const isAlive = await aliveNodes(Object.keys(all).map(nodeOf));
    const stale = Object.keys(all).filter((f) => !isAlive(nodeOf(f)));
    for (const f of stale) {
      delete all[f];
      void client.eval(REMOVE, { keys: [hashKey, indexKey], arguments: [f, member] }).catch(() => {});
    }
    return all;
  };
  const parse = (values: Record<string, string>) => Object.values(values).map((v) => JSON.parse(v) as PresenceEntry);

  const remove = (hashKey: string, indexKey: string, f: string, member: string) =>
    client.eval(REMOVE, { keys: [hashKey, indexKey], arguments: [f, member] }) as Promise<number>;

  return {
    async set(conversationId, socketId, entry) {
      await ready;
      track(mine.conversations, conversationId, socketId, true);
      await client
        .multi()
        .hSet(key.conversation(conversationId), field(socketId), JSON.stringify(entry))
        .sAdd(key.conversations, conversationId)
        .exec();
    },
    async remove(conversationId, socketId) {
      track(mine.conversations, conversationId, socketId, false);
      await remove(key.conversation(conversationId), key.conversations, field(socketId), conversationId);
    },
    async entries(conversationId) {
      return parse(await liveFields(key.conversation(conversationId), key.conversations, conversationId));
    },
    async viewed() {
      const ids = await client.sMembers(key.conversations);
      const result = new Map<string, PresenceEntry[]>();
      await Promise.all(
        ids.map(async (id) => {
          const entries = parse(await liveFields(key.conversation(id), key.conversations, id));
          if (entries.length > 0) result.set(id, entries);
        }),
      );
      return result;
    },
    async connect(userId, socketId) {
      await ready;
      track(mine.users, userId, socketId, true);
      await client.multi().hSet(key.user(userId), field(socketId), "1").sAdd(key.users, userId).exec();
      return Object.keys(await liveFields(key.user(userId), key.users, userId)).length === 1;
    },
    async disconnect(userId, socketId) {
      track(mine.users, userId, socketId, false);
      await remove(key.user(userId), key.users, field(socketId), userId);
      return !(await this.hasSockets(userId));
    },
    async hasSockets(userId) {
      return Object.keys(await liveFields(key.user(userId), key.users, userId)).length > 0;
    },
    async connectedUsers() {
      const ids = await client.sMembers(key.users);
      const live = await Promise.all(ids.map(async (id) => ((await this.hasSockets(id)) ? id : null)));
      return new Set(live.filter((id): id is string => id !== null));
    },
    async close() {
      clearInterval(heartbeat);
      const removals: Promise<unknown>[] = [];
      for (const [id, sockets] of mine.conversations)
        for (const s of sockets) removals.push(remove(key.conversation(id), key.conversations, field(s), id));
      for (const [id, sockets] of mine.users) for (const s of sockets) removals.push(remove(key.user(id), key.users, field(s), id));
      removals.push(client.del(key.node(nodeId)));
      await Promise.allSettled(removals);
    },
  };
}

import { createClient } from "redis";
import { afterAll, describe, expect, it } from "vitest";
import { memoryPresenceStore, type PresenceStore, summarizeEntries } from "./presence-store.ts";
import { redisPresenceStore } from "./presence-store-redis.ts";

/**
 * One suite for both presence stores (like socket.io-redis-adapter's shared test suite). The Redis
 * store runs when REDIS_URL_TEST (or REDIS_URL) answers, as in the PostgreSQL pass, with two
 * "nodes" on one Redis; under CI=true an unreachable Redis fails instead of skipping.
 */
const REDIS_URL = process.env.REDIS_URL_TEST ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redis = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
redis.on("error", () => {});
const redisUp = await redis.connect().then(
  () => true,
  () => false,
);
if (!redisUp && process.env.CI === "true" && process.env.TEST_DB === "postgres")
  throw new Error(`presence store tests need Redis at ${REDIS_URL}`);
afterAll(async () => {
  if (redisUp) await redis.quit();
});

const ana = { userId: "u-ana", name: "Ana" };
const ken = { userId: "u-ken", name: "健" };

function suite(name: string, make: () => { a: PresenceStore; b: PresenceStore }) {
  describe(name, () => {
    it("keeps viewers and typists per conversation, one entry per socket, across nodes", async () => {
      const { a, b } = make();
      await a.set("c1", "s1", ana);
      await b.set("c1", "s2", { ...ken, typing: "note" });
      await a.set("c1", "s3", ana); // Ana's second tab
      await a.set("c2", "s1", ana);
      for (const store of [a, b]) {
        const { viewers, typing } = summarizeEntries(await store.entries("c1"));
        expect(viewers).toEqual(expect.arrayContaining([ana, ken]));
        expect(viewers).toHaveLength(2);
        expect(typing).toEqual([{ ...ken, kind: "note" }]);
      }
      await b.set("c1", "s2", ken); // stopped typing
      expect(summarizeEntries(await a.entries("c1")).typing).toEqual([]);
      await a.remove("c1", "s1");
      expect(summarizeEntries(await b.entries("c1")).viewers).toEqual(expect.arrayContaining([ana, ken]));
      await a.remove("c1", "s3");
      expect(summarizeEntries(await b.entries("c1")).viewers).toEqual([ken]);
      const viewed = await b.viewed();
      expect([...viewed.keys()].sort()).toEqual(["c1", "c2"]);
      await b.remove("c1", "s2");
      expect([...(await a.viewed()).keys()]).toEqual(["c2"]);
      await Promise.all([a.close(), b.close()]);
    });

    it("knows an agent's first and last socket on any node", async () => {
      const { a, b } = make();
      expect(await a.connect("u-ana", "s1")).toBe(true);
      expect(await b.connect("u-ana", "s2")).toBe(false);
      expect(await b.hasSockets("u-ana")).toBe(true);
      expect([...(await b.connectedUsers())]).toEqual(["u-ana"]);
      expect(await a.disconnect("u-ana", "s1")).toBe(false);
      expect(await b.disconnect("u-ana", "s2")).toBe(true);
      expect(await a.hasSockets("u-ana")).toBe(false);
      expect((await a.connectedUsers()).size).toBe(0);
      await Promise.all([a.close(), b.close()]);
    });
  });
}

suite("memory presence store", () => {
  const store = memoryPresenceStore();
  return { a: store, b: store };
});

describe.runIf(redisUp)("redis presence store", () => {
  let n = 0;
  const prefix = () => `sbtest-${process.pid}-presence-${++n}`;
  suite("two nodes", () => {
    const p = prefix();
    return { a: redisPresenceStore(redis, p, "node-a"), b: redisPresenceStore(redis, p, "node-b") };
  });

  it("ignores and deletes the entries of a node that stopped refreshing its key (it crashed)", async () => {
    const p = prefix();
    const crashed = redisPresenceStore(redis, p, "node-crashed");
    await crashed.set("c1", "s1", ana);
    await crashed.connect("u-ana", "s1");
    const live = redisPresenceStore(redis, p, "node-live");
    await live.set("c1", "s2", ken);
    await redis.del(`${p}:n:node-crashed`); // what the 30 s TTL does after a crash
    expect(summarizeEntries(await live.entries("c1")).viewers).toEqual([ken]);
    expect(await live.hasSockets("u-ana")).toBe(false);
    await expect.poll(() => redis.hKeys(`${p}:c:c1`)).toEqual(["node-live/s2"]);
    await live.close();
    expect(await redis.exists(`${p}:c:c1`)).toBe(0);
  });

  it("removes a closing node's entries", async () => {
    const p = prefix();
    const [a, b] = [redisPresenceStore(redis, p, "node-a"), redisPresenceStore(redis, p, "node-b")];
    await a.set("c1", "s1", ana);
    await a.connect("u-ana", "s1");
    await a.close();
    expect(await b.entries("c1")).toEqual([]);
    expect(await b.hasSockets("u-ana")).toBe(false);
    expect((await b.viewed()).size).toBe(0);
    await b.close();
  });
});

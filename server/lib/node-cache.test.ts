import { afterEach, describe, expect, it, vi } from "vitest";
import { NodeCache } from "./node-cache.ts";

describe("NodeCache", () => {
  afterEach(() => vi.useRealTimers());

  it("reads a key once within its time, again after it", async () => {
    vi.useFakeTimers();
    const cache = new NodeCache<number>(2_000);
    let reads = 0;
    const load = async () => ++reads;
    expect(await cache.get("a", load)).toBe(1);
    expect(await cache.get("a", load)).toBe(1);
    vi.advanceTimersByTime(2_000);
    expect(await cache.get("a", load)).toBe(2);
  });

  it("forgets the entries whose value matches, and reads still in flight", async () => {
    const cache = new NodeCache<{ user: string }>(60_000);
    let n = 0;
    const load = (user: string) => async () => ({ user, n: ++n });
    await cache.get("a", load("maya"));
    await cache.get("b", load("ken"));
    let finish!: (v: { user: string }) => void;
    const pending = cache.get("c", () => new Promise((resolve) => (finish = resolve)));
    cache.forgetWhere((v) => v.user === "maya");
    finish({ user: "ken" });
    await pending;
    expect(await cache.get("a", load("maya"))).toMatchObject({ n: 3 });
    expect(await cache.get("b", load("ken"))).toMatchObject({ n: 2 });
    expect(await cache.get("c", load("ken"))).toMatchObject({ n: 4 });
  });

  it("forgets one key or all of them", async () => {
    const cache = new NodeCache<string>(60_000);
    let n = 0;
    const load = async () => `v${++n}`;
    await cache.get("a", load);
    await cache.get("b", load);
    cache.forget("a");
    expect(await cache.get("a", load)).toBe("v3");
    expect(await cache.get("b", load)).toBe("v2");
    cache.forget();
    expect(await cache.get("b", load)).toBe("v4");
  });

  it("does not keep a read that started before a forget, a null or a failure", async () => {
    const cache = new NodeCache<string | null>(60_000);
    let release!: (v: string) => void;
    const slow = cache.get("a", () => new Promise((r) => (release = r)));
    cache.forget("a");
    release("before the write");
    expect(await slow).toBe("before the write");
    expect(await cache.get("a", async () => "after")).toBe("after");

    expect(await cache.get("n", async () => null)).toBeNull();
    expect(await cache.get("n", async () => "found")).toBe("found");

    await expect(cache.get("f", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("f", async () => "up")).toBe("up");
  });
});

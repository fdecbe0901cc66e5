import { afterAll, describe, expect, it } from "vitest";
import { WorkerPoolFull, WorkerTaskTimeout, workerPool } from "./worker-pool.ts";

const task = new URL("./testing/worker-task.ts", import.meta.url);
const pool = workerPool<{ spin: boolean }, { isMainThread: boolean }>(task, { timeoutMs: 3000, maxQueue: 1 });
afterAll(() => pool.close());

describe("workerPool", () => {
  it("runs a TypeScript task in a worker thread", async () => {
    expect(await pool.run({ spin: false })).toEqual({ isMainThread: false });
  });

  it("terminates a task that never returns, and keeps serving", async () => {
    await expect(pool.run({ spin: true })).rejects.toBeInstanceOf(WorkerTaskTimeout);
    expect(await pool.run({ spin: false })).toEqual({ isMainThread: false });
  });

  it("refuses tasks beyond its queue instead of holding them all", async () => {
    const runs = Array.from({ length: 6 }, () => pool.run({ spin: true }).catch((err: unknown) => err));
    const errors = await Promise.all(runs);
    expect(errors.some((e) => e instanceof WorkerPoolFull)).toBe(true);
    expect(errors.every((e) => e instanceof WorkerPoolFull || e instanceof WorkerTaskTimeout)).toBe(true);
  });
});

import { isMainThread } from "node:worker_threads";

/** A task for worker-pool.test.ts: reports where it ran, or never returns. */
export default function workerTask(input: { spin: boolean }): { isMainThread: boolean } {
  while (input.spin) {
    // Synchronous on purpose: only terminating the thread stops it.
  }
  return { isMainThread };
}

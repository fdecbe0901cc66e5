import { availableParallelism } from "node:os";
import { Piscina } from "piscina";

/**
 * A bounded pool of worker threads for CPU-heavy work on untrusted input (parsing and sanitising mail
 * HTML: issue 17, finding 1), so a hostile message costs one worker's time, never the event loop's.
 * - at most min(2, cores - 1) threads (at least one), started on first use and stopped when idle;
 * - a task that runs past `timeoutMs` is aborted, which terminates its thread (the only way to stop
 *   synchronous code), and fails with WorkerTaskTimeout;
 * - at most `maxQueue` tasks wait, so a flood cannot grow memory without bound (WorkerPoolFull);
 * - each thread has its own heap limit, so a memory bomb kills the thread, not the process.
 * The task module's default export runs in the thread; ts-worker.mjs loads it through tsx.
 */
export interface WorkerPoolOptions {
  timeoutMs: number;
  maxQueue?: number;
  maxHeapMb?: number;
}

export class WorkerTaskTimeout extends Error {
  constructor(ms: number) {
    super(`worker task took longer than ${ms} ms`);
    this.name = "WorkerTaskTimeout";
  }
}

export class WorkerPoolFull extends Error {
  constructor() {
    super("too many tasks waiting for a worker");
    this.name = "WorkerPoolFull";
  }
}

export class WorkerOutOfMemory extends Error {
  constructor() {
    super("worker task ran out of memory");
    this.name = "WorkerOutOfMemory";
  }
}

export interface WorkerPool<In, Out> {
  run(input: In, transfer?: ArrayBuffer[]): Promise<Out>;
  close(): Promise<void>;
}

const ENTRY = new URL("./ts-worker.mjs", import.meta.url).href;

export function workerPool<In, Out>(taskModule: URL, opts: WorkerPoolOptions): WorkerPool<In, Out> {
  // One core stays with the event loop: on a 2-core machine two busy threads would starve it.
  const maxThreads = Math.max(1, Math.min(2, availableParallelism() - 1));
  const maxQueue = opts.maxQueue ?? 100;
  let pool: Piscina | null = null;
  // Tasks wait here, not in Piscina's queue, so the time limit counts from the moment a thread takes the task.
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (running < maxThreads) {
      running++;
      return;
    }
    if (waiting.length >= maxQueue) throw new WorkerPoolFull();
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  // A freed slot passes straight to the next waiting task, so `running` never exceeds maxThreads.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  const started = () => {
    pool ??= new Piscina({
      filename: ENTRY,
      workerData: { module: taskModule.href },
      minThreads: 0,
      maxThreads,
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb ?? 256 },
    });
    return pool;
  };
  return {
    async run(input, transfer) {
      await acquire();
      const signal = AbortSignal.timeout(opts.timeoutMs);
      try {
        return (await started().run(input, { signal, transferList: transfer })) as Out;
      } catch (err) {
        if (signal.aborted) throw new WorkerTaskTimeout(opts.timeoutMs);
        if ((err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") throw new WorkerOutOfMemory();
        throw err;
      } finally {
        release();
      }
    },
    async close() {
      const current = pool;
      pool = null;
      await current?.destroy();
    },
  };
}

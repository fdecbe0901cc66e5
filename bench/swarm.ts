import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import type { SwarmCommand, SwarmReply } from "./socket-swarm.ts";

/**
 * The parent side of socket-swarm.ts: N socket.io-client connections spread over worker processes.
 * Times are wall-clock milliseconds (performance.timeOrigin + now) so they compare across processes.
 */
export const wallNow = () => performance.timeOrigin + performance.now();

export interface Swarm {
  /** Opens one socket per token (null: no auth), round-robin over `urls` and the workers; resolves when all tried. */
  connect(urls: string[], tokens: (string | null)[], event: string): Promise<{ ok: number; failed: number; ms: number; errors: string[] }>;
  /** Arrival times of `marker` on every socket; after timeoutMs the ones that arrived (the rest are drops). */
  arrivals(marker: string, timeoutMs: number): Promise<number[]>;
  close(): Promise<void>;
}

export async function startSwarm(workers: number, concurrencyPerWorker = 16): Promise<Swarm> {
  const script = fileURLToPath(new URL("./socket-swarm.ts", import.meta.url));
  const children: ChildProcess[] = Array.from({ length: workers }, () =>
    fork(script, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  const listeners = new Set<(child: ChildProcess, reply: SwarmReply) => void>();
  for (const child of children)
    child.on("message", (reply: SwarmReply) => {
      for (const l of listeners) l(child, reply);
    });
  const sendAll = (command: SwarmCommand, to = children) => {
    for (const c of to) c.send(command);
  };
  let active: ChildProcess[] = [];
  // Loading tsx and socket.io-client takes a while on a busy machine: not part of any measurement.
  await Promise.all(children.map((c) => new Promise((resolve) => c.once("message", resolve))));

  const collect = <T>(from: ChildProcess[], pick: (reply: SwarmReply) => T | undefined) =>
    new Promise<T[]>((resolve) => {
      const got = new Map<ChildProcess, T>();
      const listener = (child: ChildProcess, reply: SwarmReply) => {
        const value = pick(reply);
        if (value === undefined || !from.includes(child) || got.has(child)) return;
        got.set(child, value);
        if (got.size === from.length) {
          listeners.delete(listener);
          resolve(from.map((c) => got.get(c)!));
        }
      };
      listeners.add(listener);
    });

  return {
    async connect(urls, tokens, event) {
      const clients = tokens.map((token, i) => ({ url: urls[i % urls.length]!, token }));
      const shares = children.map((_, w) => clients.filter((_c, i) => i % workers === w));
      active = children.filter((_, w) => shares[w]!.length > 0);
      const done = collect(active, (r) => (r.type === "connected" ? r : undefined));
      const started = performance.now();
      children.forEach((c, w) => {
        if (shares[w]!.length > 0) c.send({ type: "connect", clients: shares[w]!, concurrency: concurrencyPerWorker, event });
      });
      const replies = await done;
      return {
        ms: performance.now() - started,
        ok: replies.reduce((s, r) => s + r.ok, 0),
        failed: replies.reduce((s, r) => s + r.failed, 0),
        errors: [...new Set(replies.flatMap((r) => r.errors))],
      };
    },
    async arrivals(marker, timeoutMs) {
      const got = collect(active, (r) => (r.type === "arrived" && r.marker === marker ? r.times : undefined));
      // Whatever has not arrived by then is a drop: ask for the partial arrivals.
      const timer = setTimeout(() => sendAll({ type: "flush", marker }, active), timeoutMs);
      const times = await got;
      clearTimeout(timer);
      return times.flat();
    },
    async close() {
      const closed = collect(children, (r) => (r.type === "closed" ? true : undefined));
      sendAll({ type: "close" });
      await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
      for (const c of children) if (c.exitCode === null) c.kill();
    },
  };
}

/** The soft limit on open files of this process (and so of the server it runs), or null if unknown. */
export function openFileLimit(): number | null {
  try {
    const out = execFileSync("/bin/sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim();
    return out === "unlimited" ? Number.POSITIVE_INFINITY : Number(out);
  } catch {
    return null;
  }
}

export const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

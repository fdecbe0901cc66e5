/** Environment knobs of the realtime benchmarks (see bench/README.md). */
export function socketCounts(defaults: number[]): number[] {
  const raw = process.env.BENCH_SOCKETS;
  if (!raw) return defaults;
  const sizes = raw.split(",").map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`BENCH_SOCKETS must be a comma-separated list of counts, got "${raw}"`);
  return sizes;
}

/** Client worker processes (BENCH_WORKERS, default 4). */
export function swarmWorkers(): number {
  const n = Number(process.env.BENCH_WORKERS ?? 4);
  return Number.isInteger(n) && n > 0 ? n : 4;
}

/** Fanout topologies (BENCH_NODES, e.g. `2`): 1 and, with REDIS_URL on PostgreSQL, 2 nodes by default. */
export function nodeCounts(defaults: (1 | 2)[]): (1 | 2)[] {
  const raw = process.env.BENCH_NODES;
  if (!raw) return defaults;
  const nodes = raw.split(",").map((s) => Number(s.trim()));
  if (nodes.some((n) => n !== 1 && n !== 2)) throw new Error(`BENCH_NODES must list 1 and/or 2, got "${raw}"`);
  return nodes.filter((n) => defaults.includes(n as 1 | 2)) as (1 | 2)[];
}

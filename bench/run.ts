/**
 * `npm run bench -- <name>`: informational benchmarks, no pass/fail thresholds. Each prints a small
 * table next to a baseline measured in the same run. BENCH_ITERATIONS (default 200) and BENCH_MAX_MS
 * (default 60000 per measured path) bound the run; TEST_DB=postgres uses PostgreSQL instead of PGlite.
 */
const benchmarks: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  "chat-latency": () => import("./chat-latency.ts"),
  "smtp-throughput": () => import("./smtp-throughput.ts"),
  ingest: () => import("./ingest.ts"),
  timeline: () => import("./timeline.ts"),
  fanout: () => import("./fanout.ts"),
  sockets: () => import("./sockets.ts"),
  search: () => import("./search.ts"),
  reports: () => import("./reports.ts"),
  ui: () => import("./ui.ts"),
};

const requested = process.argv[2];
const load = requested ? benchmarks[requested] : undefined;
if (!load) {
  console.log(`usage: npm run bench -- <${Object.keys(benchmarks).join(" | ")}>`);
  process.exit(requested ? 1 : 0);
}
await (await load()).run();
process.exit(0);

export {};

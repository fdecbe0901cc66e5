import { TEST_DB } from "~/test/support/database.ts";
import { bounds, summarize, table } from "./stats.ts";
import { startSwarm, wallNow } from "./swarm.ts";
import { REDIS_URL, startBare, startSwitchboard, type Target } from "./targets.ts";
import { nodeCounts, socketCounts, swarmWorkers } from "./socket-options.ts";
import { startProfile } from "./profile.ts";

/**
 * Fan-out latency: one event at a time to every agent socket. Switchboard: a signed Twilio SMS
 * webhook → `message:created` on each of N agent sockets (each its own agent), timed per socket.
 * Baseline: a bare Socket.IO server in the same run whose HTTP endpoint broadcasts to the same
 * number of clients. Clients live in worker processes. With TEST_DB=postgres and REDIS_URL set, the
 * same again on two nodes (clients split between them, webhooks to the first).
 */
export async function run() {
  const { iterations, maxMs } = bounds();
  const sizes = socketCounts([500, 2000]);
  const topologies = nodeCounts(REDIS_URL ? [1, 2] : [1]);
  const rows: (string | number)[][] = [];
  for (const nodes of topologies) {
    for (const n of sizes) {
      const bare = await measure(await startBare(nodes), n, iterations, maxMs);
      const sb = await measure(await startSwitchboard(nodes), n, iterations, maxMs);
      for (const r of [bare, sb])
        rows.push([r.label, String(n), String(r.failed), String(r.s.n), r.delivered, r.s.p50, r.s.p99, r.s.p99 / bare.s.p99]);
    }
  }
  console.log(
    `fanout — ${TEST_DB === "postgres" ? "PostgreSQL" : "PGlite (in memory)"}, loopback, one event in flight, clients in ${swarmWorkers()} processes${REDIS_URL ? "" : " (2-node variant: TEST_DB=postgres REDIS_URL=…)"}\n`,
  );
  console.log(table(["path", "sockets", "failed to connect", "deliveries", "delivered %", "p50 ms", "p99 ms", "p99 ÷ bare"], rows));
}

async function measure(target: Target, n: number, iterations: number, maxMs: number) {
  const swarm = await startSwarm(swarmWorkers());
  try {
    const tokens = await target.tokens(n);
    const c = await swarm.connect(target.urls, tokens, "message:created");
    // A refused or timed-out handshake is a finding, not a crash: it is printed and counted.
    if (c.failed > 0) console.log(`${target.label}: ${c.failed} of ${n} sockets failed: ${c.errors.join("; ")}`);
    const samples: number[] = [];
    let expected = 0;
    const warmup = 3;
    const started = wallNow();
    const profile = await startProfile(`fanout-${target.label}-${n}`);
    for (let i = 0; i < iterations + warmup && wallNow() - started < maxMs; i++) {
      const marker = `fanout ${i} ${Date.now()}`;
      const arriving = swarm.arrivals(marker, 30_000);
      const t0 = wallNow();
      await target.trigger(marker);
      const times = await arriving;
      if (i < warmup) continue;
      expected += n; // sockets that failed to connect count as drops
      for (const t of times) samples.push(t - t0);
    }
    await profile?.stop();
    return { label: target.label, failed: c.failed, s: summarize(samples), delivered: (100 * samples.length) / (expected || 1) };
  } finally {
    await swarm.close();
    await target.close();
  }
}

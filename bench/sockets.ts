import type { AppContext } from "~/server/context.ts";
import { TEST_DB } from "~/test/support/database.ts";
import { bounds, summarize, table } from "./stats.ts";
import { socketCounts, swarmWorkers } from "./socket-options.ts";
import { openFileLimit, rssMb, startSwarm, wallNow } from "./swarm.ts";
import { startBare, startSwitchboard, type Target } from "./targets.ts";
import { countStatements, type Statement } from "./statement-counter.ts";
import { startProfile } from "./profile.ts";

const BROADCASTS = 10;

/**
 * Many authenticated agents at once: N agents (each its own user and API token) connect together
 * from worker processes; prints handshakes/s, the server's RSS before any socket and with all of
 * them, then the delivery and p99 of a few webhook → `message:created` broadcasts to all of them.
 * Baseline: a bare Socket.IO server in the same run with the same number of clients. The server
 * runs in this process, so RSS is this process's. One node.
 */
export async function run() {
  const { maxMs } = bounds();
  const limit = openFileLimit();
  const rows: (string | number)[][] = [];
  for (const n of socketCounts([1000, 5000, 10_000])) {
    // Each server-side socket is a file descriptor in this process (the clients' are in the workers).
    if (limit !== null && n + 1024 > limit) {
      console.log(
        `sockets: skipping N=${n}: the open-file limit is ${limit}; run \`ulimit -n ${n + 4096}\` first (or lower BENCH_SOCKETS).`,
      );
      continue;
    }
    const bare = await measure(await startBare(1), n, maxMs);
    const sb = await measure(await startSwitchboard(1), n, maxMs);
    for (const r of [bare, sb])
      rows.push([
        r.label,
        String(n),
        r.connected,
        r.perSecond,
        r.perSecond / bare.perSecond,
        r.rssBefore,
        r.rssAfter,
        r.delivered,
        r.p99,
        r.p99 / bare.p99,
        r.statements === null ? "—" : r.statements,
      ]);
  }
  console.log(
    `sockets — ${TEST_DB === "postgres" ? "PostgreSQL" : "PGlite (in memory)"}, one node, clients in ${swarmWorkers()} processes, ${BROADCASTS} broadcasts\n`,
  );
  console.log(
    table(
      [
        "server",
        "N",
        "connected",
        "handshakes/s",
        "÷ bare",
        "RSS before MB",
        "RSS with N MB",
        "delivered %",
        "p99 ms",
        "p99 ÷ bare",
        "SQL / handshake",
      ],
      rows,
    ),
  );
}

async function measure(target: Target, n: number, maxMs: number) {
  const swarm = await startSwarm(swarmWorkers());
  try {
    const tokens = await target.tokens(n);
    global.gc?.();
    const rssBefore = rssMb();
    const seen = new Map<string, number>();
    const record = process.env.BENCH_STATEMENTS ? (st: Statement) => seen.set(st.text, (seen.get(st.text) ?? 0) + 1) : undefined;
    const counter = "ctx" in target ? countStatements((target as Target & { ctx: AppContext }).ctx.sql, record) : null;
    const profile = await startProfile(`sockets-${target.label}-${n}`);
    const c = await swarm.connect(target.urls, tokens, "message:created");
    await profile?.stop();
    if (c.failed > 0) console.log(`${target.label}: ${c.failed} of ${n} sockets failed: ${c.errors.join("; ")}`);
    // Let the connect aftermath (status writes, announcements) settle before measuring memory and broadcasts.
    await new Promise((r) => setTimeout(r, 2000));
    const statements = counter ? counter.stop() / n : null;
    // BENCH_STATEMENTS=1: what the connects sent, most frequent first (the profile of a handshake's SQL).
    for (const [text, count] of [...seen].sort((a, b) => b[1] - a[1]).slice(0, 12))
      console.log(`${count}× ${text.replace(/\s+/g, " ").trim().slice(0, 160)}`);
    const rssAfter = rssMb();
    const samples: number[] = [];
    for (let i = 0; i < BROADCASTS; i++) {
      const marker = `sockets ${n} ${i} ${Date.now()}`;
      const arriving = swarm.arrivals(marker, Math.min(maxMs, 60_000));
      const t0 = wallNow();
      await target.trigger(marker);
      for (const t of await arriving) samples.push(t - t0);
    }
    const s = summarize(samples);
    return {
      label: target.label,
      connected: c.ok,
      perSecond: (c.ok / c.ms) * 1000,
      rssBefore,
      rssAfter,
      delivered: (100 * samples.length) / (BROADCASTS * n),
      p99: s.p99,
      statements,
    };
  } finally {
    await swarm.close();
    await target.close();
  }
}

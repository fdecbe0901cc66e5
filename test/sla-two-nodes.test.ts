import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { fireDueSlaClocks } from "~/server/domain/sla/fire-due-clocks.ts";
import { type Cluster, redisReachable, startCluster, TEST_REDIS_URL } from "./support/cluster.ts";

/**
 * SLA alerts across two nodes sharing PostgreSQL (decision 016): clocks that came due while every
 * node was down are caught up, and each breach is written and announced exactly once, whichever node
 * (timer or explicit tick) claims it.
 */
const postgres = process.env.TEST_DB === "postgres";
const redisUp = postgres && (await redisReachable());
if (postgres && !redisUp && process.env.CI === "true") throw new Error(`two-node SLA tests need Redis at ${TEST_REDIS_URL} (CI=true)`);

const COUNT = 20;
let cluster: Cluster;
const alerts: string[] = [];

describe.runIf(redisUp)("SLA alerts on two nodes", () => {
  beforeAll(async () => {
    cluster = await startCluster({ redisUrl: TEST_REDIS_URL, nodes: 2 });
    for (const node of cluster.nodes) {
      node.ctx.bus.subscribe((e) => {
        if (e.type === "sla.warning" || e.type === "sla.breached") alerts.push(`${e.type}:${e.conversationId}:${e.target}`);
      });
    }
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("catches up after downtime and fires each breach once", async () => {
    const [a, b] = cluster.nodes as [Cluster["nodes"][number], Cluster["nodes"][number]];
    const inbox = await cluster.api(a, "POST", "/api/v1/inboxes", { kind: "web_chat", name: "Chat", config: {} });
    expect(inbox.status).toBe(201);
    const policy = await cluster.api(b, "POST", "/api/v1/sla-policies", { name: "Fast", firstResponseMinutes: 30, warnAtPercent: 50 });
    expect(policy.status).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const r = await ingestInboundMessage(a.ctx, {
        inboxId: inbox.body.id,
        message: {
          providerMessageId: `m${i}`,
          from: { kind: "chat_visitor", address: `v${i}` },
          text: "hello",
          threading: { threadKey: `v${i}` },
        },
      });
      ids.push(r.conversationId);
    }
    // As if every node had been down while the warnings and then the targets passed.
    await a.ctx.sql.query(
      `UPDATE "SlaClock" SET "warnAt" = now() - interval '20 minutes', "dueAt" = now() - interval '5 minutes',
       "fireAt" = now() - interval '20 minutes' WHERE target = 'first_response'`,
      [],
    );
    // Both nodes tick at once, several times, while their own timers run too.
    const ticks = await Promise.all([0, 1, 2].flatMap(() => [fireDueSlaClocks(a.ctx), fireDueSlaClocks(b.ctx)]));
    const deadline = Date.now() + 15_000;
    while (alerts.length < COUNT && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 6_000)); // one more timer round on each node: nothing more fires
    expect(ticks.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(COUNT);

    const lines = await a.ctx.db.message.findMany({
      where: { conversationId: { in: ids }, kind: "event" },
      select: { conversationId: true, meta: true },
    });
    const sla = lines.filter((m) => (m.meta as { event?: string }).event === "sla");
    expect(sla).toHaveLength(COUNT);
    expect(new Set(sla.map((m) => m.conversationId)).size).toBe(COUNT);
    // Both thresholds had passed: only the breach is reported.
    expect(sla.every((m) => (m.meta as { alert?: string }).alert === "breached")).toBe(true);
    expect(alerts.sort()).toEqual(ids.map((id) => `sla.breached:${id}:first_response`).sort());
  }, 120_000);
});

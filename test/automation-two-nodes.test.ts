import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTimeRules } from "~/server/domain/automation/time-rules.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { type Cluster, redisReachable, startCluster, TEST_REDIS_URL } from "./support/cluster.ts";
import { TEST_DB } from "./support/database.ts";

/**
 * Time-based rules on two nodes sharing PostgreSQL (issue 12): both schedule and fire at once, and
 * each due conversation gets its rule exactly once; with one node down the other catches up, also
 * on a timer the dead node had claimed. PGlite is one in-process database, so TEST_DB=postgres.
 */
const COUNT = 10;
let cluster: Cluster;
let inboxId: string;
const run = randomBytes(3).toString("hex");
const name = `Escalate ${run}`;
let customer = 0;

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const up = TEST_DB === "postgres" && (await redisReachable());

describe.skipIf(!up)("time-based rules on two nodes", () => {
  beforeAll(async () => {
    cluster = await startCluster({ redisUrl: TEST_REDIS_URL, nodes: 2 });
    const inbox = await cluster.nodes[0]!.ctx.db.inbox.create({
      data: { kind: "email", name: "Support", config: { address: "support@two.example" } },
    });
    inboxId = inbox.id;
    const res = await cluster.api(cluster.nodes[1]!, "POST", "/api/v1/automation-rules", {
      name,
      event: "unassigned_no_reply",
      minutes: 15,
      actions: [
        { type: "add_note", text: "Nobody took this for 15 minutes" },
        { type: "set_priority", priority: "high" },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  async function quietConversations(n: number, minutes: number, node = cluster.nodes[0]!) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const { conversationId } = await ingestInboundMessage(node.ctx, {
        inboxId,
        message: {
          providerMessageId: `<${randomBytes(6).toString("hex")}@two.example>`,
          from: { kind: "email", address: `c${++customer}-${run}@two.example` },
          subject: `件名 ${customer}`,
          text: "hello",
        },
      });
      await node.ctx.db.message.updateMany({ where: { conversationId }, data: { createdAt: ago(minutes) } });
      ids.push(conversationId);
    }
    return ids;
  }
  const notesOf = (ids: string[]) =>
    cluster.nodes[1]!.ctx.db.message.groupBy({
      by: ["conversationId"],
      where: { conversationId: { in: ids }, kind: "note", meta: { path: ["rule", "name"], equals: name } },
      _count: { _all: true },
    });

  it("both nodes run the scheduler at once: every due conversation fires exactly once", async () => {
    const [a, b] = cluster.nodes as [Cluster["nodes"][0], Cluster["nodes"][0]];
    const ids = await quietConversations(COUNT, 16);
    const notDue = await quietConversations(2, 5);
    for (let round = 0; round < 3; round++) {
      await Promise.all([runTimeRules(a.ctx), runTimeRules(b.ctx), runTimeRules(a.ctx), runTimeRules(b.ctx)]);
    }
    const counts = await notesOf(ids);
    expect(counts).toHaveLength(COUNT);
    for (const c of counts) expect(c._count._all).toBe(1);
    expect(await notesOf(notDue)).toEqual([]);
    const priorities = await b.ctx.db.conversation.findMany({ where: { id: { in: ids } }, select: { priority: true } });
    expect(priorities.every((p) => p.priority === "high")).toBe(true);
    // Fired by whichever node claimed each; both took part or one did them all, never both the same.
    const timers = await b.ctx.db.automationTimer.findMany({ where: { conversationId: { in: ids } } });
    expect(timers).toHaveLength(COUNT);
    expect(timers.every((t) => t.status === "done" && t.firedAt)).toBe(true);
  });

  it("with a node down, the other catches up on what became due, and on the timer the dead node had claimed", async () => {
    const [a, b] = cluster.nodes as [Cluster["nodes"][0], Cluster["nodes"][0]];
    const missed = await quietConversations(3, 180, b);
    const [orphan] = await quietConversations(1, 30, b);
    // Node A claimed this one ten minutes ago and died before running it.
    const anchor = (await b.ctx.db.message.findFirstOrThrow({ where: { conversationId: orphan }, select: { createdAt: true } })).createdAt;
    const rule = await b.ctx.db.automationRule.findUniqueOrThrow({ where: { name } });
    await b.ctx.db.automationTimer.create({
      data: {
        ruleId: rule.id,
        conversationId: orphan!,
        anchorAt: anchor,
        dueAt: ago(15),
        status: "running",
        lockedAt: ago(10),
        lockedBy: a.ctx.nodeId,
      },
    });
    await a.close();
    // B's own timer (every 15 s) does it; no test call.
    await expect.poll(async () => (await notesOf([...missed, orphan!])).length, { timeout: 40_000, interval: 500 }).toBe(4);
    for (const c of await notesOf([...missed, orphan!])) expect(c._count._all).toBe(1);
    await runTimeRules(b.ctx);
    for (const c of await notesOf([...missed, orphan!])) expect(c._count._all).toBe(1);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { wakeSnoozedConversations } from "~/server/domain/conversations/wake-snoozed.ts";
import { autoAssignConversation } from "~/server/domain/assignment/auto-assign.ts";
import { type Cluster, type ClusterNode, startCluster } from "./support/cluster.ts";
import { TEST_DB } from "./support/database.ts";

/**
 * Two Switchboard nodes on one PostgreSQL: both run the snooze timer, and every due conversation
 * must wake exactly once (one "snooze ended" event, one reopen), however their runs interleave;
 * both auto-assign at once, and the department row lock keeps round-robin fair and within capacity.
 * PGlite is a single in-process database, so this runs with TEST_DB=postgres.
 */
const COUNT = 12;
let cluster: Cluster;

describe.skipIf(TEST_DB !== "postgres")("two nodes sharing PostgreSQL", () => {
  // The test drives the timers itself, on both nodes at once.
  beforeAll(async () => {
    cluster = await startCluster({ env: { WORKERS_ENABLED: "false" } });
  });
  afterAll(() => cluster?.stop());

  it("wakes each due conversation exactly once", async () => {
    const [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
    const inbox = await a.ctx.db.inbox.create({ data: { kind: "email", name: "Support", config: { address: "support@example.test" } } });
    const until = new Date(Date.now() + 60 * 60_000);
    const ids: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const { conversationId } = await ingestInboundMessage(a.ctx, {
        inboxId: inbox.id,
        message: {
          providerMessageId: `<m${i}@example.test>`,
          from: { kind: "email", address: `c${i}@example.test` },
          subject: `件名 ${i}`,
          text: "hello",
        },
      });
      const res = await cluster.api(b, "PATCH", `/api/v1/conversations/${conversationId}`, {
        status: "snoozed",
        snoozedUntil: until.toISOString(),
      });
      expect(res.status).toBe(200);
      ids.push(conversationId);
    }
    // Both nodes' timers fire together, several times over, after the snooze ended.
    const later = new Date(until.getTime() + 1000);
    const woken: number[] = [];
    for (let round = 0; round < 3; round++) {
      woken.push(...(await Promise.all([wakeSnoozedConversations(a.ctx, later), wakeSnoozedConversations(b.ctx, later)])));
    }
    expect(woken.reduce((x, y) => x + y, 0)).toBe(COUNT);
    const events = await a.ctx.db.message.groupBy({
      by: ["conversationId"],
      where: { conversationId: { in: ids }, kind: "event", text: { startsWith: "Snooze ended" } },
      _count: { _all: true },
    });
    expect(events).toHaveLength(COUNT);
    expect(events.every((e) => e._count._all === 1)).toBe(true);
    expect(await a.ctx.db.conversation.count({ where: { id: { in: ids }, status: "open", snoozedUntil: null } })).toBe(COUNT);
  });

  it("auto-assigns concurrently without over-filling anyone or assigning twice", async () => {
    const [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
    const department = await a.ctx.db.department.create({ data: { name: "Sales" } });
    const agents = await Promise.all(
      ["Ana", "Ben"].map((name) =>
        a.ctx.db.user.create({
          // Online as if their tabs were open (sockets are covered by test/assignment.test.ts).
          data: {
            email: `${name}@example.test`,
            name,
            passwordHash: "x",
            status: "online",
            capacity: 3,
            memberships: { create: { departmentId: department.id } },
          },
        }),
      ),
    );
    const inbox = await a.ctx.db.inbox.create({
      data: { kind: "email", name: "Sales", config: { address: "sales@example.test" }, departmentId: department.id },
    });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await ingestInboundMessage(a.ctx, {
        inboxId: inbox.id,
        message: {
          providerMessageId: `<s${i}@example.test>`,
          from: { kind: "email", address: `s${i}@example.test` },
          subject: `見積 ${i}`,
          text: "quote",
        },
      });
      ids.push(r.conversationId);
    }
    await a.ctx.db.department.update({ where: { id: department.id }, data: { autoAssign: true } });
    // Every conversation is tried by both nodes at the same moment.
    await Promise.all(ids.flatMap((id) => [autoAssignConversation(a.ctx, id), autoAssignConversation(b.ctx, id)]));
    const rows = await a.ctx.db.conversation.findMany({ where: { id: { in: ids } }, select: { assigneeId: true } });
    const per = (id: string) => rows.filter((r) => r.assigneeId === id).length;
    expect(agents.map((u) => per(u.id))).toEqual([3, 3]);
    expect(rows.filter((r) => r.assigneeId === null)).toHaveLength(2);
    const events = await a.ctx.db.message.groupBy({
      by: ["conversationId"],
      where: { conversationId: { in: ids }, kind: "event", text: { startsWith: "Automatically assigned" } },
      _count: { _all: true },
    });
    expect(events).toHaveLength(6);
    expect(events.every((e) => e._count._all === 1)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { runRetention } from "~/server/domain/privacy/run-retention.ts";
import { setRetentionPolicy } from "~/server/domain/privacy/retention-policy.ts";
import { loadActor } from "~/server/domain/access.ts";
import { type Cluster, startCluster } from "./support/cluster.ts";
import { TEST_DB } from "./support/database.ts";

/**
 * Retention across two nodes sharing PostgreSQL and a file volume (issue 15): both run the timed job at
 * the same moment; one claims the run, erases every old closed conversation in batches, and logs it
 * once; the other does nothing. Recent or open conversations stay.
 */
const OLD = 45;
const run = Date.now().toString(36);
let cluster: Cluster;

describe.skipIf(TEST_DB !== "postgres")("retention on two nodes", () => {
  // The test drives the timer itself, on both nodes at once.
  beforeAll(async () => {
    cluster = await startCluster({ env: { WORKERS_ENABLED: "false" } });
  });
  afterAll(() => cluster?.stop());

  it("erases old closed conversations once, on one node", async () => {
    const { nodes } = cluster;
    const ctx = nodes[0]!.ctx;
    const inbox = await ctx.db.inbox.create({ data: { kind: "email", name: "Support", config: { address: "support@example.test" } } });
    const ids: string[] = [];
    for (let i = 0; i < OLD + 2; i++) {
      const r = await ingestInboundMessage(ctx, {
        inboxId: inbox.id,
        message: {
          providerMessageId: `<ret${i}-${run}@example.jp>`,
          from: { kind: "email", address: `c${i}-${run}@example.jp` },
          subject: `s${i}`,
          text: `t${i}`,
          attachments: [{ filename: "a.txt", contentType: "text/plain", content: Buffer.from(`file ${i} ${run}`) }],
        },
      });
      ids.push(r.conversationId);
    }
    const old = ids.slice(0, OLD);
    await ctx.db.conversation.updateMany({
      where: { id: { in: old } },
      data: { status: "closed", lastActivityAt: new Date(Date.now() - 100 * 86_400_000) },
    });
    // One recent closed, one old but still open: both stay.
    await ctx.db.conversation.update({ where: { id: ids[OLD]! }, data: { status: "closed" } });
    await ctx.db.conversation.update({ where: { id: ids[OLD + 1]! }, data: { lastActivityAt: new Date(Date.now() - 100 * 86_400_000) } });
    const files = await ctx.db.attachment.findMany({ where: { message: { conversationId: { in: old } } }, select: { sha256: true } });
    const admin = (await loadActor(ctx, (await ctx.db.user.findFirstOrThrow({ where: { role: "admin" } })).id))!;
    await setRetentionPolicy(ctx, admin, { enabled: true, days: 30, action: "erase" });

    const results = await Promise.all(nodes.map((n) => runRetention(n.ctx)));
    const ran = results.filter((r) => r !== null);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ action: "erase", conversations: OLD, messages: OLD });
    expect(await ctx.db.retentionRun.count()).toBe(1);
    expect(await ctx.db.conversation.count({ where: { id: { in: old } } })).toBe(0);
    expect(await ctx.db.conversation.count({ where: { id: { in: ids.slice(OLD) } } })).toBe(2);
    for (const f of files) expect(await ctx.storage.exists(f.sha256)).toBe(false);
    // Claimed for the hour: another tick on either node does nothing.
    expect(await Promise.all(nodes.map((n) => runRetention(n.ctx)))).toEqual([null, null]);
  });
});

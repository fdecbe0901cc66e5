import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TestServer } from "./support/server.ts";
import type { FakeTwilio } from "./support/fake-twilio.ts";
import { type SmsOutbox, startSmsOutbox } from "./support/sms-outbox.ts";
import { startOutboxWorker, type OutboxWorker } from "~/server/jobs/outbox-worker.ts";
import { createChannelHost } from "~/server/channels/host.ts";
import { expectConsoleErrors } from "./support/console-guard.ts";

/**
 * The transactional outbox with the real Twilio SMS adapter against a local fake of Twilio's REST
 * API. The server's own worker is off (WORKERS_ENABLED=false) so each test drives workers itself:
 * atomic message + job, claims that never overlap, retries with backoff, final failure, the retry
 * endpoint and reclaiming a job left 'running' by a crashed node.
 */
let server: TestServer;
let twilio: FakeTwilio;
let token: string;
let conversationId: string;
const workers: OutboxWorker[] = [];

/** sendTimeoutMs: a short OUTBOX_SEND_TIMEOUT_MS, so a hanging fake Twilio counts as "no answer" quickly. */
const worker = (nodeId: string, concurrency = 10, sendTimeoutMs?: number) => {
  const env = sendTimeoutMs ? { ...server.ctx.env, OUTBOX_SEND_TIMEOUT_MS: sendTimeoutMs } : server.ctx.env;
  const ctx = { ...server.ctx, env, nodeId };
  const w = startOutboxWorker(ctx, createChannelHost(ctx), { pollMs: 60_000, concurrency });
  workers.push(w);
  return w;
};
const jobOf = (messageId: string) => server.ctx.db.outboxJob.findFirstOrThrow({ where: { messageId }, orderBy: { createdAt: "desc" } });
let fixture: SmsOutbox;
const reply = (text: string, conversation?: string) => fixture.reply(text, conversation);
const messageOf = (id: string) => fixture.messageOf(id);
const sentTexts = (text: string) => fixture.sentTexts(text);
/** The backoff has passed: make a pending job due now instead of sleeping. */
const makeDue = (messageId: string) =>
  server.ctx.db.outboxJob.updateMany({ where: { messageId, status: "pending" }, data: { runAt: new Date(Date.now() - 1) } });

beforeAll(async () => {
  fixture = await startSmsOutbox({ providerMessageId: "SM-in", phone: "+819012345678", text: "質問" });
  ({ server, twilio, token, conversationId } = fixture);
});
beforeEach(async () => {
  twilio.setFaults(null);
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});
/** Only the next create call meets `fault`; everything after it is answered normally. */
const onceThen = (fault: "accept-then-hang" | "hang") => {
  let used = false;
  return (call: "create" | "list") => {
    if (call !== "create" || used) return "ok" as const;
    used = true;
    return fault;
  };
};
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await fixture?.stop();
});

describe("transactional outbox", () => {
  it("writes the queued message and exactly one pending job together", async () => {
    const id = await reply("一通目");
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "queued", direction: "outbound" });
    const jobs = await server.ctx.db.outboxJob.findMany({ where: { messageId: id } });
    expect(jobs).toEqual([expect.objectContaining({ kind: "deliver", status: "pending", attempts: 0 })]);
    await worker("a").drain();
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "sent", providerMessageId: expect.stringMatching(/^SM/) });
    expect((await jobOf(id)).status).toBe("done");
    expect(sentTexts("一通目")).toBe(1);
  });

  it("stores no message when the job cannot be written", async () => {
    // A real database failure on the job insert, not a stand-in for our code; the server logs it as a 500.
    expectConsoleErrors();
    await server.ctx.sql.exec(`
      CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$;
      CREATE TRIGGER refuse_outbox BEFORE INSERT ON "OutboxJob" FOR EACH ROW EXECUTE FUNCTION refuse_outbox();`);
    try {
      const before = await server.ctx.db.message.count({ where: { conversationId } });
      const res = await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "消えるはず" }, token);
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toMatch(/outbox unavailable|\.ts:\d+/);
      expect(await server.ctx.db.message.count({ where: { conversationId } })).toBe(before);
      expect(await server.ctx.db.message.count({ where: { text: "消えるはず" } })).toBe(0);
    } finally {
      await server.ctx.sql.exec(`DROP TRIGGER refuse_outbox ON "OutboxJob"; DROP FUNCTION refuse_outbox();`);
    }
  });

  it("never runs one job on two workers at once", async () => {
    // Six conversations: a conversation's jobs run one at a time, so the workers compete across them.
    const conversations = [conversationId];
    for (let c = 1; c < 6; c++) {
      conversations.push(await fixture.openConversation({ providerMessageId: `SM-in-${c}`, phone: `+81901234560${c}`, text: "並行" }));
    }
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push(await reply(`並行 ${i}`, conversations[i % 6]));
    const [a, b, c] = [worker("node-a", 3), worker("node-b", 3), worker("node-c", 5)];
    await Promise.all([a.drain(), b.drain(), c.drain()]);
    for (let i = 0; i < 24; i++) expect(sentTexts(`並行 ${i}`), `並行 ${i}`).toBe(1);
    const jobs = await server.ctx.db.outboxJob.findMany({ where: { messageId: { in: ids } } });
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual(ids.map(() => ["done", 1]));
    const messages = await server.ctx.db.message.findMany({ where: { id: { in: ids } } });
    expect(new Set(messages.map((m) => m.providerMessageId)).size).toBe(24);
  });

  it("sends a conversation's replies one at a time, in order, even with free slots", async () => {
    const texts = ["順番 1", "順番 2", "順番 3", "順番 4", "順番 5"];
    for (const text of texts) await reply(text);
    await worker("a", 10).drain();
    expect(twilio.messages.map((m) => m.body).filter((b) => b?.startsWith("順番"))).toEqual(texts);
  });

  it("reconciles a send Twilio accepted but never answered: sent once, with Twilio's sid", async () => {
    twilio.setFaults(onceThen("accept-then-hang"));
    const id = await reply("受理後に無応答");
    await worker("a", 10, 300).drain();
    expect(sentTexts("受理後に無応答")).toBe(1);
    const created = twilio.messages.find((m) => m.body === "受理後に無応答")!;
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "sent", providerMessageId: created.sid, deliveryError: null });
    expect(await jobOf(id)).toMatchObject({ status: "done", attempts: 1 });
  });

  it("asks Twilio again before the retry of a send that never arrived, then sends it once", async () => {
    twilio.setFaults(onceThen("hang"));
    const id = await reply("届かなかった");
    const w = worker("a", 10, 300);
    await w.drain();
    expect(sentTexts("届かなかった")).toBe(0);
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "sending", deliveryError: expect.stringMatching(/will be sent again/) });
    await makeDue(id);
    await w.drain();
    expect(sentTexts("届かなかった")).toBe(1);
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "sent" });
    const lists = twilio.requests.filter((r) => r.method === "GET" && r.path.endsWith("/Messages.json"));
    expect(lists.length).toBeGreaterThanOrEqual(2); // after the lost answer, and again before the retry
  });

  it("does not take an identical earlier reply for the lost one", async () => {
    const first = await reply("了解です");
    await worker("a").drain();
    const firstSid = (await messageOf(first)).providerMessageId;
    twilio.setFaults(onceThen("accept-then-hang"));
    const second = await reply("了解です");
    await worker("b", 10, 300).drain();
    expect(sentTexts("了解です")).toBe(2);
    const m = await messageOf(second);
    expect(m.deliveryStatus).toBe("sent");
    expect(m.providerMessageId).not.toBe(firstSid);
    expect(twilio.messages.map((x) => x.sid)).toContain(m.providerMessageId);
  });

  it("marks a send it cannot reconcile 'unknown' instead of resending; the agent may send it again", async () => {
    twilio.setFaults((call) => (call === "list" ? "5xx" : "accept-then-hang"));
    const id = await reply("分からない");
    await server.ctx.db.outboxJob.updateMany({ where: { messageId: id }, data: { maxAttempts: 2 } });
    const w = worker("a", 10, 300);
    await w.drain();
    await makeDue(id);
    await w.drain();
    expect(sentTexts("分からない")).toBe(1);
    expect(await messageOf(id)).toMatchObject({
      deliveryStatus: "unknown",
      deliveryError: expect.stringMatching(/Could not ask the provider/),
    });
    expect(await jobOf(id)).toMatchObject({ status: "failed", attempts: 2 });

    twilio.setFaults(null);
    const again = await server.api("POST", `/api/v1/messages/${id}/retry`, undefined, token);
    expect(again.status).toBe(202);
    await w.drain();
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "sent" });
    expect(sentTexts("分からない")).toBe(2); // the agent chose to send it again
  });

  it("retries a retryable failure later, with backoff, and then sends once", async () => {
    twilio.failNext(503);
    const id = await reply("再試行");
    const w = worker("a");
    const started = Date.now();
    await w.drain();
    const job = await jobOf(id);
    expect(job).toMatchObject({ status: "pending", attempts: 1, lockedBy: null, lastError: expect.stringMatching(/HTTP 503/) });
    // backoffMs(1): 2 s ± 25 %.
    expect(job.runAt.getTime() - started).toBeGreaterThanOrEqual(1400);
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "queued", deliveryError: expect.stringMatching(/attempt 1 of 8/) });
    await w.drain(); // not due yet: nothing happens
    expect((await jobOf(id)).attempts).toBe(1);
    await makeDue(id);
    await w.drain();
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "sent", deliveryError: null });
    expect(await jobOf(id)).toMatchObject({ status: "done", attempts: 2 });
    expect(sentTexts("再試行")).toBe(1);
  });

  it("gives up after maxAttempts, recording the reason on the message; the retry endpoint queues it again", async () => {
    twilio.failNext(500);
    twilio.failNext(502);
    const id = await reply("諦める");
    await server.ctx.db.outboxJob.updateMany({ where: { messageId: id }, data: { maxAttempts: 2 } });
    const w = worker("a");
    await w.drain();
    await makeDue(id);
    await w.drain();
    expect(await jobOf(id)).toMatchObject({ status: "failed", attempts: 2, lastError: expect.stringMatching(/HTTP 502/) });
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "failed", deliveryError: expect.stringMatching(/HTTP 502/) });
    await makeDue(id);
    await w.drain();
    expect(sentTexts("諦める")).toBe(0);

    const retry = await server.api("POST", `/api/v1/messages/${id}/retry`, undefined, token);
    expect(retry.status).toBe(202);
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "queued", deliveryError: null });
    expect(await jobOf(id)).toMatchObject({ status: "pending", attempts: 0 });
    await w.drain();
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "sent" });
    expect(sentTexts("諦める")).toBe(1);
  });

  it("fails a permanent refusal at once, without retrying", async () => {
    twilio.failNext(400, 21211);
    const id = await reply("永久エラー");
    await worker("a").drain();
    expect(await jobOf(id)).toMatchObject({ status: "failed", attempts: 1 });
    expect((await messageOf(id)).deliveryStatus).toBe("failed");
  });

  it("reclaims a job left running by a crashed node, but not one a live node is working on", async () => {
    const stale = await reply("置き去り");
    // Another conversation: a live node's job holds back later jobs of its own conversation (order).
    const other = await fixture.openConversation({ providerMessageId: "SM-in-busy", phone: "+819012345670", text: "別件" });
    const busy = await reply("作業中", other);
    await server.ctx.db.outboxJob.updateMany({
      where: { messageId: stale },
      data: { status: "running", lockedBy: "dead-node", lockedAt: new Date(Date.now() - 10 * 60_000), attempts: 1 },
    });
    await server.ctx.db.outboxJob.updateMany({
      where: { messageId: busy },
      data: { status: "running", lockedBy: "live-node", lockedAt: new Date(), attempts: 1 },
    });
    await worker("survivor").drain();
    expect(await jobOf(stale)).toMatchObject({ status: "done", attempts: 2, lockedBy: null });
    expect(sentTexts("置き去り")).toBe(1);
    expect(await jobOf(busy)).toMatchObject({ status: "running", lockedBy: "live-node" });
    expect(sentTexts("作業中")).toBe(0);
  });

  it("does not send again when a reclaimed job's message was already sent before the crash", async () => {
    const id = await reply("送信済み");
    const w = worker("a");
    await w.drain();
    expect(sentTexts("送信済み")).toBe(1);
    // The node crashed after Twilio accepted but before the job was marked done.
    await server.ctx.db.outboxJob.updateMany({
      where: { messageId: id },
      data: { status: "running", lockedBy: "dead-node", lockedAt: new Date(Date.now() - 10 * 60_000) },
    });
    await w.drain();
    expect((await jobOf(id)).status).toBe("done");
    expect(sentTexts("送信済み")).toBe(1);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TestServer } from "./support/server.ts";
import { type SmsOutbox, startSmsOutbox } from "./support/sms-outbox.ts";
import { startOutboxWorker, type OutboxWorker } from "~/server/jobs/outbox-worker.ts";
import { createChannelHost } from "~/server/channels/host.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { wakeSnoozedConversations } from "~/server/domain/conversations/wake-snoozed.ts";
import "./support/console-guard.ts";

/**
 * Held replies (the undo window of send, decision 027) and the Undo of conversation changes, through
 * the REST API with the real Twilio SMS adapter against a local fake of Twilio. The server's own
 * worker is off; each test runs workers itself, as nodes would.
 */
let server: TestServer;
let token: string;
let conversationId: string;
let fixture: SmsOutbox;
const workers: OutboxWorker[] = [];
const suffix = () => Math.random().toString(36).slice(2, 8);

const worker = (nodeId: string) => {
  const ctx = { ...server.ctx, nodeId };
  const w = startOutboxWorker(ctx, createChannelHost(ctx), { pollMs: 60_000 });
  workers.push(w);
  return w;
};
const held = async (text: string, body: Record<string, unknown> = { delaySeconds: 30 }) => {
  const res = await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text, ...body }, token);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body as { messageId: string; sendAt: string | null };
};
const cancel = (messageId: string) => server.api("POST", `/api/v1/messages/${messageId}/cancel`, undefined, token);
/** The window is over: the job's send time has come (instead of sleeping through it). */
const endWindow = (messageId: string) =>
  server.ctx.db.outboxJob.updateMany({ where: { messageId, status: "pending" }, data: { runAt: new Date(Date.now() - 1) } });
const patch = (id: string, body: Record<string, unknown>) => server.api("PATCH", `/api/v1/conversations/${id}`, body, token);

beforeAll(async () => {
  fixture = await startSmsOutbox({ providerMessageId: "SM-undo-in", phone: "+819011112222", text: "質問があります" });
  ({ server, token, conversationId } = fixture);
});
beforeEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await fixture?.stop();
});

describe("held replies (undo send)", () => {
  it("sends an API reply at once unless asked to hold it", async () => {
    const text = `now ${suffix()}`;
    const res = await held(text, {});
    expect(res.sendAt).toBeNull();
    await worker("a").drain();
    expect(fixture.sentTexts(text)).toBe(1);
  });

  it("cancels a held reply: nothing reaches Twilio, the text and attachments come back, the row is gone", async () => {
    const upload = await fetch(`${server.url}/api/v1/uploads?filename=note.txt`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
      body: "添付",
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const attachmentId = ((await upload.json()) as { id: string }).id;
    const text = `undo me ${suffix()}`;
    const { messageId, sendAt } = await held(text, { delaySeconds: 30, attachmentIds: [attachmentId] });
    expect(new Date(sendAt!).getTime()).toBeGreaterThan(Date.now() + 20_000);
    const job = await server.ctx.db.outboxJob.findFirstOrThrow({ where: { messageId } });
    expect(job.runAt.toISOString()).toBe(sendAt);
    await worker("a").drain();
    expect(fixture.sentTexts(text)).toBe(0);

    const res = await cancel(messageId);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ messageId, text, attachments: [expect.objectContaining({ id: attachmentId, filename: "note.txt" })] });
    expect(await server.ctx.db.message.findUnique({ where: { id: messageId } })).toBeNull();
    expect(await server.ctx.db.outboxJob.count({ where: { messageId } })).toBe(0);
    // The upload is the agent's unused file again: a new reply can take it.
    expect(await server.ctx.db.attachment.findUniqueOrThrow({ where: { id: attachmentId } })).toMatchObject({ messageId: null });
    const again = await held(`with the file ${suffix()}`, { attachmentIds: [attachmentId] });
    expect(again.sendAt).toBeNull();

    await endWindow(messageId);
    await worker("b").drain();
    expect(fixture.sentTexts(text)).toBe(0);
    expect((await cancel(messageId)).status).toBe(404);
  });

  it("delivers a reply that was not cancelled once, after its window", async () => {
    const text = `keep me ${suffix()}`;
    const { messageId } = await held(text, { delaySeconds: 30 });
    expect(await fixture.messageOf(messageId)).toMatchObject({ deliveryStatus: "queued", sendAt: expect.any(Date) });
    // The report log and the SLA clocks see the reply when its window closes, not before.
    const reported = () => server.ctx.db.reportEvent.count({ where: { messageId, type: "message_out" } });
    expect(await reported()).toBe(0);
    await worker("a").drain();
    expect(fixture.sentTexts(text)).toBe(0);
    await endWindow(messageId);
    await worker("a").drain();
    await worker("b").drain();
    expect(fixture.sentTexts(text)).toBe(1);
    expect(await fixture.messageOf(messageId)).toMatchObject({ deliveryStatus: "sent", sendAt: null });
    expect(await reported()).toBe(1);
  });

  it("refuses to cancel once the window ended (409), before and after the worker took the job", async () => {
    const text = `too late ${suffix()}`;
    const { messageId } = await held(text, { delaySeconds: 30 });
    await endWindow(messageId);
    const late = await cancel(messageId);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/undo window has ended/);
    await worker("a").drain();
    expect(fixture.sentTexts(text)).toBe(1);
    expect((await cancel(messageId)).status).toBe(409);
  });

  it("still delivers when the node that accepted the reply is gone during the window (the job is in the outbox)", async () => {
    const text = `survives ${suffix()}`;
    const { messageId } = await held(text, { delaySeconds: 30 });
    const first = worker("node-a");
    await first.drain();
    await first.stop();
    expect(fixture.sentTexts(text)).toBe(0);
    await endWindow(messageId);
    await worker("node-b").drain();
    expect(fixture.sentTexts(text)).toBe(1);
  });

  it("validates delaySeconds and sendAt by name", async () => {
    const over = await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "x", delaySeconds: 31 }, token);
    expect(over.status).toBe(400);
    expect(over.body.error.message).toMatch(/delaySeconds/);
    const far = new Date(Date.now() + 2 * 24 * 3600_000).toISOString();
    const tooFar = await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "x", sendAt: far }, token);
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.message).toMatch(/sendAt/);
    const both = await server.api(
      "POST",
      `/api/v1/conversations/${conversationId}/messages`,
      { text: "x", delaySeconds: 5, sendAt: new Date(Date.now() + 60_000).toISOString() },
      token,
    );
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/delaySeconds/);
    const scheduled = await held(`at a time ${suffix()}`, { sendAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(scheduled.sendAt).not.toBeNull();
    expect((await cancel(scheduled.messageId)).status).toBe(200);
  });

  it("lets only the author (or an admin) undo a held reply", async () => {
    const agent = await server.ctx.db.user.create({ data: { email: `agent-${suffix()}@example.test`, name: "Ken", passwordHash: "x" } });
    const agentToken = await server.apiToken(agent.id);
    const { messageId } = await held(`admin's ${suffix()}`, { delaySeconds: 30 });
    const res = await server.api("POST", `/api/v1/messages/${messageId}/cancel`, undefined, agentToken);
    expect(res.status).toBe(403);
    expect((await cancel(messageId)).status).toBe(200);
  });
});

describe("undo of conversation changes and snooze until the customer replies", () => {
  // As the Twilio adapter threads SMS: by the number pair.
  const thread = `+819033334444>+815012345678-${suffix()}`;
  const inbound = (text: string) =>
    ingestInboundMessage(server.ctx, {
      inboxId: fixture.inboxId,
      message: {
        providerMessageId: `SM-${suffix()}`,
        from: { kind: "phone", address: "+819033334444" },
        text,
        threading: { threadKey: thread },
      },
    });

  it("restores the previous assignee, not just 'unassigned', and says so on the timeline", async () => {
    const [ana, ben] = await Promise.all(
      ["Ana", "Ben"].map((name) =>
        server.ctx.db.user.create({ data: { email: `${name}-${suffix()}@example.test`, name, passwordHash: "x" } }),
      ),
    );
    expect((await patch(conversationId, { assigneeId: ana!.id })).status).toBe(200);
    expect((await patch(conversationId, { assigneeId: ben!.id })).status).toBe(200);
    const undone = await patch(conversationId, { assigneeId: ana!.id, undo: true });
    expect(undone.status).toBe(200);
    expect(undone.body.assigneeId).toBe(ana!.id);
    const last = await server.ctx.db.message.findFirstOrThrow({ where: { conversationId, kind: "event" }, orderBy: { createdAt: "desc" } });
    expect(last.meta).toMatchObject({ event: "assigned", assigneeId: ana!.id, undo: true });
    expect(last.text).toMatch(/\(undo\)$/);
  });

  it("undoes a resolve back to pending, which the state machine alone does not allow", async () => {
    expect((await patch(conversationId, { status: "pending" })).status).toBe(200);
    expect((await patch(conversationId, { status: "resolved", sendSurvey: false })).status).toBe(200);
    expect((await patch(conversationId, { status: "pending" })).status).toBe(409);
    const undone = await patch(conversationId, { status: "pending", undo: true });
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body.status).toBe("pending");
  });

  it("undoes a snooze: open again with the snooze time cleared", async () => {
    expect((await patch(conversationId, { status: "open" })).status).toBe(200);
    const until = new Date(Date.now() + 3600_000).toISOString();
    expect((await patch(conversationId, { status: "snoozed", snoozedUntil: until })).body).toMatchObject({ status: "snoozed" });
    const undone = await patch(conversationId, { status: "open", undo: true });
    expect(undone.body.status).toBe("open");
    const row = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(row.snoozedUntil).toBeNull();
  });

  it("snoozes until the customer replies: no timer wakes it, an inbound message does", async () => {
    const { conversationId } = await inbound("届きません");
    const res = await patch(conversationId, { status: "snoozed", snoozedUntil: null });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const event = await server.ctx.db.message.findFirstOrThrow({
      where: { conversationId, kind: "event" },
      orderBy: { createdAt: "desc" },
    });
    expect(event.meta).toMatchObject({ event: "status", status: "snoozed", snoozedUntil: null });
    await wakeSnoozedConversations(server.ctx, new Date(Date.now() + 365 * 24 * 3600_000));
    expect((await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).status).toBe("snoozed");
    const { conversationId: woken } = await inbound("まだ届いていません");
    expect(woken).toBe(conversationId);
    expect(await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({
      status: "open",
      snoozedUntil: null,
    });
    const past = await patch(conversationId, { status: "snoozed", snoozedUntil: new Date(Date.now() - 1000).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toMatch(/snoozedUntil/);
  });
});

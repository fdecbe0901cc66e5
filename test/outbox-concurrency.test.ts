import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type SmsOutbox, startSmsOutbox } from "./support/sms-outbox.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";
import { startOutboxWorker } from "~/server/jobs/outbox-worker.ts";
import { createChannelHost } from "~/server/channels/host.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

/**
 * Issue 17, finding 7: a hanging SMS provider delayed a web-chat reply by 45 s. With the outbox's
 * bounds, a provider that never answers holds only its own inbox's slots: an email reply queued
 * after six SMS replies goes out while every SMS is still waiting for Twilio.
 */
let fixture: SmsOutbox;
let sink: SmtpSink;
let emailConversationId: string;

beforeAll(async () => {
  fixture = await startSmsOutbox({ providerMessageId: "SM-hang-in-0", phone: "+819011110000", text: "SMS の質問" });
  sink = await startSmtpSink();
  const emailInbox = await fixture.server.createInbox("email", "Mail", {
    address: "support@acme.example",
    smtp: { host: "127.0.0.1", port: sink.port, secure: false },
  });
  ({ conversationId: emailConversationId } = await ingestInboundMessage(fixture.server.ctx, {
    inboxId: emailInbox,
    message: {
      providerMessageId: "hang-test@customer.example",
      from: { kind: "email", address: "kana@customer.example" },
      subject: "メールの質問",
      text: "メールの質問です",
    },
  }));
});
afterAll(async () => {
  await fixture?.stop();
  await sink?.stop();
});

describe("outbox bounds", () => {
  it("sends an email reply while the SMS provider hangs on every call", async () => {
    const { server, twilio } = fixture;
    twilio.setFaults((call) => (call === "create" ? "hang" : "ok"));
    const sms: string[] = [await fixture.reply("SMS 0")];
    for (let i = 1; i < 6; i++) {
      const conversation = await fixture.openConversation({
        providerMessageId: `SM-hang-in-${i}`,
        phone: `+81901111000${i}`,
        text: "質問",
      });
      sms.push(await fixture.reply(`SMS ${i}`, conversation));
    }
    const res = await server.api("POST", `/api/v1/conversations/${emailConversationId}/messages`, { text: "メールの返信" }, fixture.token);
    expect(res.status).toBe(202);
    const email = res.body.messageId as string;

    const ctx = { ...server.ctx, env: { ...server.ctx.env, OUTBOX_SEND_TIMEOUT_MS: 60_000 }, nodeId: "bounded" };
    const worker = startOutboxWorker(ctx, createChannelHost(ctx), { pollMs: 60_000, concurrency: 16, perInbox: 4 });
    try {
      worker.wake();
      const [mail] = await sink.waitFor(1);
      expect(mail!.parsed.text).toContain("メールの返信");
      await vi.waitFor(async () => expect(await fixture.messageOf(email)).toMatchObject({ deliveryStatus: "sent" }), { timeout: 10_000 });
      // Every SMS is still waiting: four at Twilio (the inbox's bound), two not started.
      await vi.waitFor(() => expect(twilio.requests.filter((r) => r.method === "POST").length).toBe(4), { timeout: 10_000 });
      const statuses = await server.ctx.db.message.findMany({ where: { id: { in: sms } }, select: { deliveryStatus: true } });
      expect(statuses.map((m) => m.deliveryStatus).sort()).toEqual(["queued", "queued", "sending", "sending", "sending", "sending"]);
      expect(twilio.messages.length).toBe(0);
    } finally {
      // Closing the fake ends the hanging calls; the worker records them and stops.
      await twilio.close();
      await worker.stop();
    }
  });
});

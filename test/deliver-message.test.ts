import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "./support/server.ts";
import { type SmsOutbox, startSmsOutbox } from "./support/sms-outbox.ts";
import { PermanentSendError } from "~/integrations/core/types.ts";
import { createChannelSet } from "~/integrations/core/channel-set.ts";
import { twilioSmsAdapter } from "~/integrations/twilio-sms/index.ts";
import { createChannelHost } from "~/server/channels/host.ts";
import type { AppContext } from "~/server/context.ts";
import { deliverMessage } from "~/server/domain/messages/deliver-message.ts";
import { recordDelivery } from "~/server/domain/messages/record-delivery.ts";

/**
 * deliverMessage on its own, without the outbox worker: the branches the outbox tests do not reach
 * (a delivery report that beats the send, a disabled inbox, a message that is no longer queued).
 */
let fixture: SmsOutbox;
let server: TestServer;
let inboxId: string;
const reply = (text: string) => fixture.reply(text);
const messageOf = (id: string) => fixture.messageOf(id);
const sentTexts = (text: string) => fixture.sentTexts(text);

beforeAll(async () => {
  fixture = await startSmsOutbox({ providerMessageId: "SM-deliver-in", phone: "+819012345679", text: "こんにちは" });
  ({ server, inboxId } = fixture);
});
afterAll(async () => {
  await fixture?.stop();
});

describe("deliverMessage", () => {
  it("applies a delivery report that arrived before the send was recorded", async () => {
    const id = await reply("先に届く");
    // The provider calls back while its send request is still being answered.
    const racing: AppContext = {
      ...server.ctx,
      channels: createChannelSet([
        {
          ...twilioSmsAdapter,
          async send(inbox, message, host) {
            const result = await twilioSmsAdapter.send(inbox, message, host);
            await recordDelivery(server.ctx, { inboxId, providerMessageId: result.providerMessageId, update: { status: "delivered" } });
            return result;
          },
        },
      ]),
    };
    await deliverMessage(racing, createChannelHost(racing), id);
    const m = await messageOf(id);
    expect(m).toMatchObject({ deliveryStatus: "delivered", providerMessageId: expect.stringMatching(/^SM/) });
    const parked = await server.ctx.db.inboundEvent.findFirstOrThrow({
      where: { inboxId, providerEventId: `delivery:${m.providerMessageId}:delivered` },
    });
    expect(parked.status).toBe("done");
  });

  it("refuses to send through a disabled inbox", async () => {
    const id = await reply("無効");
    await server.ctx.db.inbox.update({ where: { id: inboxId }, data: { enabled: false } });
    try {
      await expect(deliverMessage(server.ctx, createChannelHost(server.ctx), id)).rejects.toThrow(
        new PermanentSendError("The inbox is disabled"),
      );
    } finally {
      await server.ctx.db.inbox.update({ where: { id: inboxId }, data: { enabled: true } });
    }
    expect(sentTexts("無効")).toBe(0);
    expect((await messageOf(id)).deliveryStatus).toBe("queued");
  });

  it("does nothing for a message that is no longer queued", async () => {
    const id = await reply("送信済み");
    await server.ctx.db.message.update({ where: { id }, data: { deliveryStatus: "sent", providerMessageId: "SM-already" } });
    await deliverMessage(server.ctx, createChannelHost(server.ctx), id);
    expect(sentTexts("送信済み")).toBe(0);
    expect(await messageOf(id)).toMatchObject({ deliveryStatus: "sent", providerMessageId: "SM-already" });
  });
});

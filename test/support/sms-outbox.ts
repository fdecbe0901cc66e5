import { expect } from "vitest";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { type FakeTwilio, startFakeTwilio } from "./fake-twilio.ts";
import { startTestServer, type TestServer } from "./server.ts";

export interface SmsOutbox {
  server: TestServer;
  twilio: FakeTwilio;
  inboxId: string;
  conversationId: string;
  /** The admin's API token. */
  token: string;
  /** An agent's reply through the REST API (202, queued), in the fixture's conversation or the one given; its message id. */
  reply(text: string, conversationId?: string): Promise<string>;
  /** Another customer writes in: a second conversation on the same inbox. */
  openConversation(customer: { providerMessageId: string; phone: string; text: string }): Promise<string>;
  messageOf(id: string): ReturnType<TestServer["ctx"]["db"]["message"]["findUniqueOrThrow"]>;
  /** How many messages with this body reached the fake Twilio. */
  sentTexts(text: string): number;
  stop(): Promise<void>;
}

/**
 * A server with its outbox worker off (tests drive delivery themselves), a Twilio SMS inbox against a
 * local fake of Twilio's REST API, and one customer conversation to reply in.
 */
export async function startSmsOutbox(customer: { providerMessageId: string; phone: string; text: string }): Promise<SmsOutbox> {
  const twilio = await startFakeTwilio();
  const server = await startTestServer({ ui: false, env: { WORKERS_ENABLED: "false" } });
  const token = await server.apiToken();
  const inboxId = await server.createInbox("twilio_sms", "SMS", {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    phoneNumber: "+815012345678",
    apiBaseUrl: twilio.url,
  });
  const openConversation = async (c: { providerMessageId: string; phone: string; text: string }) => {
    const ingested = await ingestInboundMessage(server.ctx, {
      inboxId,
      message: { providerMessageId: c.providerMessageId, from: { kind: "phone", address: c.phone }, text: c.text },
    });
    return ingested.conversationId;
  };
  const conversationId = await openConversation(customer);
  return {
    server,
    twilio,
    inboxId,
    conversationId,
    token,
    openConversation,
    async reply(text, conversation = conversationId) {
      const res = await server.api("POST", `/api/v1/conversations/${conversation}/messages`, { text }, token);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return res.body.messageId as string;
    },
    messageOf: (id) => server.ctx.db.message.findUniqueOrThrow({ where: { id } }),
    sentTexts: (text) => twilio.messages.filter((m) => m.body === text).length,
    async stop() {
      await server.stop();
      await twilio.close();
    },
  };
}

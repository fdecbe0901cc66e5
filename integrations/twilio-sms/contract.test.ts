import { createHash } from "node:crypto";
import { startFakeTwilio, type FakeTwilio } from "~/test/support/fake-twilio.ts";
import type { TestServer } from "~/test/support/server.ts";
import { runChannelContract, type InboundFixture } from "~/integrations/core/contract-test.ts";
import { twilioSmsAdapter } from "./index.ts";

// Twilio calls the public URL; the server listens elsewhere. Signatures must be checked over the former.
const PUBLIC_URL = "https://sms.contract.example";
let twilio: FakeTwilio;
const mediaById = new Map<string, string>();

/** The same fixture id is the same MessageSid (a Twilio retry), and keeps the same media URL. */
function params(m: InboundFixture): Record<string, string> {
  const messageSid = `SM${createHash("sha256").update(m.id).digest("hex").slice(0, 32)}`;
  const base = {
    AccountSid: twilio.accountSid,
    MessageSid: messageSid,
    SmsStatus: "received",
    From: m.from,
    To: "+815012345678",
    Body: m.text,
  };
  if (!m.attachment) return { ...base, NumMedia: "0" };
  let url = mediaById.get(m.id);
  if (!url) {
    url = twilio.addMedia(m.attachment.contentType, m.attachment.content);
    mediaById.set(m.id, url);
  }
  return { ...base, NumMedia: "1", MediaUrl0: url, MediaContentType0: m.attachment.contentType };
}

async function postSms(server: TestServer, inboxId: string, m: InboundFixture, signature?: string) {
  const path = `/webhooks/twilio/${inboxId}/sms`;
  const res = await twilio.postWebhook(`${server.url}${path}`, params(m), { signedUrl: `${PUBLIC_URL}${path}`, signature });
  return res.status;
}

runChannelContract("Twilio SMS", {
  adapter: twilioSmsAdapter,
  env: { PUBLIC_URL },
  async config() {
    twilio = await startFakeTwilio();
    return { accountSid: twilio.accountSid, authToken: twilio.authToken, phoneNumber: "+815012345678", apiBaseUrl: twilio.url };
  },
  deliver: (server, inboxId, m) => postSms(server, inboxId, m),
  forge: (server, inboxId, m) => postSms(server, inboxId, m, "Zm9yZ2VkIHNpZ25hdHVyZQ=="),
  // Twilio itself sends E.164; gateways and people write the others.
  addressForms: {
    forms: ["+81 90-1111-2222", "090-1111-2222", "０９０－１１１１－２２２２", "+819011112222"],
    normalized: "+819011112222",
  },
  receiveOutbound: async () => twilio.messages.map((m) => ({ text: m.body ?? "", to: m.to })),
  close: () => twilio.close(),
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilio, type FakeTwilio } from "~/test/support/fake-twilio.ts";
import type { InboxRuntime, OutboundMessage } from "~/integrations/core/types.ts";
import { PermanentSendError, RetryableSendError } from "~/integrations/core/types.ts";
import type { TwilioSmsConfig } from "./config.ts";
import { sendSms } from "./send.ts";

const host = { publicUrl: "https://support.example.test" };
let fake: FakeTwilio;
let inbox: InboxRuntime<TwilioSmsConfig>;

beforeAll(async () => {
  fake = await startFakeTwilio();
  inbox = {
    id: "inbox_sms",
    kind: "twilio_sms",
    name: "SMS",
    enabled: true,
    state: {},
    config: { accountSid: fake.accountSid, authToken: fake.authToken, phoneNumber: "+815012345678", apiBaseUrl: fake.url },
  };
});
afterAll(() => fake.close());

function message(over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: "msg_out_1",
    text: "お問い合わせありがとうございます。",
    author: { name: "Agent" },
    conversation: { id: "c1", number: 7, subject: "SMS", threadKey: null, replyToken: "tok" },
    to: [{ kind: "phone", address: "+819012345678" }],
    cc: [],
    previousProviderIds: [],
    attachments: [],
    ...over,
  };
}

async function failure(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable("sending should fail"),
    (error: Error) => error,
  );
}

describe("sendSms through the Twilio SDK", () => {
  it("creates the message at the configured API base URL with a status callback", async () => {
    const attachment = {
      id: "a1",
      filename: "map.png",
      contentType: "image/png",
      size: 3,
      read: async () => Buffer.from("png"),
      publicUrl: "https://support.example.test/files/a1?sig=x",
    };
    const result = await sendSms(inbox, message({ attachments: [attachment] }), host);
    const created = fake.messages.at(-1)!;
    expect(result).toMatchObject({ providerMessageId: created.sid, status: "sent" });
    expect(created).toMatchObject({
      to: "+819012345678",
      from: "+815012345678",
      body: "お問い合わせありがとうございます。",
      statusCallback: "https://support.example.test/webhooks/twilio/inbox_sms/status",
      mediaUrl: [attachment.publicUrl],
    });
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", authorized: true });
  });

  it("sends from the Messaging Service when one is configured", async () => {
    const messagingServiceSid = `MG${"a".repeat(32)}`;
    await sendSms({ ...inbox, config: { ...inbox.config, phoneNumber: undefined, messagingServiceSid } }, message(), host);
    expect(fake.messages.at(-1)).toMatchObject({ messagingServiceSid, from: undefined });
  });

  it("fails for good, with code and explanation, when the recipient opted out", async () => {
    fake.optedOut.add("+819011112222");
    const error = await failure(sendSms(inbox, message({ to: [{ kind: "phone", address: "+819011112222" }] }), host));
    expect(error).toBeInstanceOf(PermanentSendError);
    expect((error as PermanentSendError).code).toBe("21610");
    expect(error.message).toMatch(/opted out/);
  });

  it("retries when Twilio rate limits or is down", async () => {
    fake.failNext(429, 20429);
    expect(await failure(sendSms(inbox, message(), host))).toBeInstanceOf(RetryableSendError);
    fake.failNext(503);
    expect(await failure(sendSms(inbox, message(), host))).toBeInstanceOf(RetryableSendError);
    const down = { ...inbox, config: { ...inbox.config, apiBaseUrl: "http://127.0.0.1:9" } };
    expect(await failure(sendSms(down, message(), host))).toBeInstanceOf(RetryableSendError);
  });

  it("refuses what Twilio would refuse before calling it", async () => {
    const before = fake.requests.length;
    expect((await failure(sendSms(inbox, message({ to: [] }), host))).message).toMatch(/no valid phone number/);
    expect((await failure(sendSms(inbox, message({ text: "  " }), host))).message).toBe("The SMS is empty.");
    expect((await failure(sendSms(inbox, message({ text: "a".repeat(1601) }), host))).message).toMatch(/^21617: /);
    expect(fake.requests.length).toBe(before);
  });

  it("reports bad credentials as a permanent failure naming the fix", async () => {
    const wrong = { ...inbox, config: { ...inbox.config, authToken: "wrong" } };
    const error = await failure(sendSms(wrong, message(), host));
    expect(error).toBeInstanceOf(PermanentSendError);
    expect(error.message).toMatch(/^20003: .*Auth Token/);
  });
});

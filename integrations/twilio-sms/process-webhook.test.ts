import { describe, expect, it } from "vitest";
import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { TwilioSmsConfig } from "./config.ts";
import { twilioSmsAdapter } from "./index.ts";
import { isStatusCallback } from "./process-webhook.ts";
import { createMemoryHost } from "~/integrations/core/testing/memory-host.ts";

const accountSid = `AC${"1".repeat(32)}`;
const inbox: InboxRuntime<TwilioSmsConfig> = {
  id: "inbox_sms",
  kind: "twilio_sms",
  name: "SMS",
  enabled: true,
  state: {},
  config: { accountSid, authToken: "t", phoneNumber: "+815012345678" },
};
const form = (params: Record<string, string>) => Buffer.from(new URLSearchParams(params).toString());

describe("processRawEvent (stored webhook bodies replayed after a crash)", () => {
  it("tells status callbacks from incoming messages", () => {
    expect(isStatusCallback({ MessageSid: "SM1", MessageStatus: "delivered", SmsStatus: "delivered" })).toBe(true);
    expect(isStatusCallback({ MessageSid: "SM1", SmsStatus: "received", Body: "hi" })).toBe(false);
    expect(isStatusCallback({ MessageSid: "SM1", Body: "hi" })).toBe(false);
  });

  it("ingests a stored incoming message once, however often it is replayed", async () => {
    const mem = createMemoryHost({ publicUrl: "https://x.test", inboxes: [inbox as InboxRuntime] });
    const payload = form({
      AccountSid: accountSid,
      MessageSid: "SM1",
      SmsStatus: "received",
      From: "+819012345678",
      To: "+815012345678",
      Body: "STOP",
    });
    await twilioSmsAdapter.processRawEvent!(inbox, payload, mem.host);
    await twilioSmsAdapter.processRawEvent!(inbox, payload, mem.host);
    expect(mem.ingested.map((i) => i.message.text)).toEqual(["STOP"]);
    expect(mem.optOuts.every((o) => o.optedOut)).toBe(true);
  });

  it("applies a stored status callback", async () => {
    const mem = createMemoryHost({ publicUrl: "https://x.test", inboxes: [inbox as InboxRuntime] });
    await twilioSmsAdapter.processRawEvent!(
      inbox,
      form({ AccountSid: accountSid, MessageSid: "SM2", MessageStatus: "failed", ErrorCode: "21610" }),
      mem.host,
    );
    expect(mem.deliveries).toMatchObject([{ providerMessageId: "SM2", update: { status: "failed", meta: { errorCode: "21610" } } }]);
    expect(mem.deliveries[0]!.update.error).toMatch(/^21610: .*opted out/);
  });
});

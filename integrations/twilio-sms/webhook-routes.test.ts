import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sid, startFakeTwilio, type FakeTwilio } from "~/test/support/fake-twilio.ts";
import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { TwilioSmsConfig } from "./config.ts";
import { twilioSmsAdapter } from "./index.ts";
import { webhookPath } from "./signature.ts";
import { createMemoryHost } from "~/integrations/core/testing/memory-host.ts";

// Twilio calls the public URL; the server listens elsewhere (a reverse proxy in production).
const PUBLIC_URL = "https://support.example.test";
let fake: FakeTwilio;
let server: Server;
let internalUrl: string;
let mem: ReturnType<typeof createMemoryHost>;
let inbox: InboxRuntime<TwilioSmsConfig>;

beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  inbox = {
    id: "inbox_sms",
    kind: "twilio_sms",
    name: "SMS",
    enabled: true,
    state: {},
    config: { accountSid: fake.accountSid, authToken: fake.authToken, phoneNumber: "+815012345678", apiBaseUrl: fake.url },
  };
  mem = createMemoryHost({ publicUrl: PUBLIC_URL, inboxes: [inbox as InboxRuntime] });
  const app = express();
  app.use(twilioSmsAdapter.routes!(mem.host));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  internalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
});

function smsParams(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: fake.accountSid,
    MessageSid: sid("SM"),
    From: "+819012345678",
    To: "+815012345678",
    Body: "荷物が届きません",
    NumMedia: "0",
    ...extra,
  };
}

function post(kind: "sms" | "status", params: Record<string, string>, opts: { signature?: string; inboxId?: string } = {}) {
  const path = webhookPath(opts.inboxId ?? inbox.id, kind);
  return fake.postWebhook(`${internalUrl}${path}`, params, { signedUrl: `${PUBLIC_URL}${path}`, signature: opts.signature });
}

describe("incoming SMS webhook", () => {
  it("stores a signed message and answers empty TwiML", async () => {
    const params = smsParams();
    const res = await post("sms", params);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await res.text()).toContain("<Response/>");
    expect(mem.ingested).toHaveLength(1);
    expect(mem.ingested[0]!.message).toMatchObject({
      providerMessageId: params.MessageSid,
      from: { kind: "phone", address: "+819012345678" },
      text: "荷物が届きません",
      threading: { threadKey: "+819012345678>+815012345678" },
    });
    expect([...mem.rawEvents.values()].map((e) => e.outcome)).toEqual([{ ok: true }]);
  });

  it("normalises a national number from a gateway with the inbox's country", async () => {
    await post("sms", smsParams({ From: "090-1234-5678" }));
    expect(mem.ingested[0]!.message.from.address).toBe("+819012345678");
  });

  it("answers a retry of the same MessageSid with 200 and stores one message", async () => {
    const params = smsParams({ NumMedia: "1", MediaUrl0: fake.addMedia("image/png", Buffer.from("png")), MediaContentType0: "image/png" });
    expect((await post("sms", params)).status).toBe(200);
    expect((await post("sms", params)).status).toBe(200);
    expect(mem.ingested).toHaveLength(1);
    expect(mem.jobs).toHaveLength(1);
  });

  it("refuses a bad, missing or internally-signed signature and stores nothing", async () => {
    const params = smsParams();
    expect((await post("sms", params, { signature: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" })).status).toBe(403);
    const unsigned = await fetch(`${internalUrl}${webhookPath(inbox.id, "sms")}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    });
    expect(unsigned.status).toBe(403);
    // Signed over the address the server listens on instead of PUBLIC_URL.
    const path = webhookPath(inbox.id, "sms");
    expect((await fake.postWebhook(`${internalUrl}${path}`, params)).status).toBe(403);
    expect(mem.ingested).toHaveLength(0);
    expect(mem.rawEvents.size).toBe(0);
  });

  it("answers 404 for an unknown inbox and 413 for an absurd body", async () => {
    expect((await post("sms", smsParams(), { inboxId: "nope" })).status).toBe(404);
    const huge = await post("sms", smsParams({ Body: "あ".repeat(30_000) }));
    expect(huge.status).toBe(413);
    expect(mem.ingested).toHaveLength(0);
  });

  it("rejects missing fields with a clear 400, keeping the raw event as failed", async () => {
    const res = await post("sms", smsParams({ From: "" }));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("From is missing");
    const bad = await post("sms", smsParams({ From: "not-a-number" }));
    expect(await bad.text()).toMatch(/From is not a valid phone number/);
    expect([...mem.rawEvents.values()].map((e) => e.outcome?.ok)).toEqual([false, false]);
    expect(mem.ingested).toHaveLength(0);
  });

  it("refuses a webhook for a disabled inbox with 503 so Twilio logs it", async () => {
    inbox.enabled = false;
    expect((await post("sms", smsParams())).status).toBe(503);
    expect(mem.ingested).toHaveLength(0);
  });

  it("stores STOP and START as messages and sets the opt-out", async () => {
    await post("sms", smsParams({ Body: "STOP" }));
    await post("sms", smsParams({ Body: "start" }));
    await post("sms", smsParams({ Body: "Please stop by tomorrow" }));
    expect(mem.ingested.map((i) => i.message.text)).toEqual(["STOP", "start", "Please stop by tomorrow"]);
    expect(mem.ingested[0]!.message.meta).toMatchObject({ keyword: "stop" });
    expect(mem.optOuts).toEqual([
      { address: { kind: "phone", address: "+819012345678" }, optedOut: true },
      { address: { kind: "phone", address: "+819012345678" }, optedOut: false },
    ]);
  });

  it("queues one media download per MMS item, then runJob attaches the file", async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const params = smsParams({
      Body: "",
      NumMedia: "2",
      MediaUrl0: fake.addMedia("image/jpeg", jpeg),
      MediaContentType0: "image/jpeg",
      MediaUrl1: fake.addMedia("application/pdf", Buffer.from("%PDF-1.4")),
      MediaContentType1: "application/pdf",
    });
    expect((await post("sms", params)).status).toBe(200);
    expect(mem.jobs.map((j) => j.payload)).toMatchObject([
      { type: "fetch-media", index: 0, url: params.MediaUrl0, messageSid: params.MessageSid },
      { type: "fetch-media", index: 1, url: params.MediaUrl1 },
    ]);
    for (const job of mem.jobs) await twilioSmsAdapter.runJob!(inbox, job.payload, mem.host);
    expect(mem.ingested[0]!.attachments).toEqual([
      { filename: `${params.MessageSid}-1.jpg`, contentType: "image/jpeg", content: jpeg },
      { filename: `${params.MessageSid}-2.pdf`, contentType: "application/pdf", content: Buffer.from("%PDF-1.4") },
    ]);
  });

  it("rejects an MMS whose media count or URL is wrong", async () => {
    expect((await post("sms", smsParams({ NumMedia: "1" }))).status).toBe(400);
    expect((await post("sms", smsParams({ NumMedia: "11" }))).status).toBe(400);
    expect(mem.ingested).toHaveLength(0);
  });
});

describe("status callback webhook", () => {
  it("reports delivery with Twilio's code and an explanation", async () => {
    const messageSid = sid("SM");
    expect((await post("status", { AccountSid: fake.accountSid, MessageSid: messageSid, MessageStatus: "sent" })).status).toBe(200);
    await post("status", { AccountSid: fake.accountSid, MessageSid: messageSid, MessageStatus: "undelivered", ErrorCode: "30003" });
    await post("status", { AccountSid: fake.accountSid, MessageSid: messageSid, MessageStatus: "queued" });
    expect(mem.deliveries).toEqual([
      { inboxId: inbox.id, providerMessageId: messageSid, update: { status: "sent", meta: { twilioStatus: "sent" } } },
      {
        inboxId: inbox.id,
        providerMessageId: messageSid,
        update: {
          status: "undelivered",
          error: expect.stringMatching(/^30003: .*switched off/),
          meta: { twilioStatus: "undelivered", errorCode: "30003" },
        },
      },
    ]);
  });

  it("refuses unsigned callbacks and callbacks without a status", async () => {
    const params = { AccountSid: fake.accountSid, MessageSid: sid("SM"), MessageStatus: "delivered" };
    expect((await post("status", params, { signature: "bad" })).status).toBe(403);
    expect((await post("status", { AccountSid: fake.accountSid, MessageSid: sid("SM") })).status).toBe(400);
    expect(mem.deliveries).toHaveLength(0);
  });
});

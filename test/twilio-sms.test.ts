import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { twilioSmsAdapter } from "~/integrations/twilio-sms/index.ts";
import { setOptOut } from "~/server/domain/identities/set-opt-out.ts";
import { sid, startFakeTwilio, type FakeTwilio } from "./support/fake-twilio.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * The Twilio SMS channel through the real server: webhooks signed exactly as Twilio signs them (over
 * PUBLIC_URL, which differs from the address the server listens on, as behind a proxy), Twilio's REST
 * API and media URLs answered by a local fake, replies through the outbox, and one customer timeline.
 */
const PUBLIC_URL = "https://support.example.test";
const INBOX_NUMBER = "+815012345678";
const CUSTOMER = "+819012345678";
let server: TestServer;
let fake: FakeTwilio;
let token: string;
let inboxId: string;

const waitFor = <T>(fn: () => Promise<T> | T) => vi.waitFor(fn, { timeout: 20_000, interval: 50 });
const path = (kind: "sms" | "status", id = inboxId) => `/webhooks/twilio/${id}/${kind}`;
/** Twilio calls PUBLIC_URL; the test reaches the same route on the server's own address. */
const post = (kind: "sms" | "status", params: Record<string, string>, opts: { signature?: string; signedUrl?: string; id?: string } = {}) =>
  fake.postWebhook(`${server.url}${path(kind, opts.id)}`, params, {
    signedUrl: opts.signedUrl ?? `${PUBLIC_URL}${path(kind, opts.id)}`,
    signature: opts.signature,
  });
const sms = (extra: Record<string, string> = {}): Record<string, string> => ({
  ToCountry: "JP",
  SmsStatus: "received",
  ApiVersion: "2010-04-01",
  AccountSid: fake.accountSid,
  MessageSid: sid("SM"),
  From: CUSTOMER,
  To: INBOX_NUMBER,
  Body: "注文した商品がまだ届きません",
  NumMedia: "0",
  NumSegments: "1",
  ...extra,
});
const messagesOf = (providerMessageId: string) =>
  server.ctx.db.message.findMany({ where: { inboxId, providerMessageId }, include: { attachments: true } });

beforeAll(async () => {
  fake = await startFakeTwilio();
  server = await startTestServer({ ui: false, env: { PUBLIC_URL } });
  token = await server.apiToken();
  inboxId = await server.createInbox("twilio_sms", "SMS Japan", {
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    phoneNumber: "+81 50-1234-5678",
    apiBaseUrl: fake.url,
    mediaTimeoutMs: 500,
  });
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

async function conversationOf(providerMessageId: string) {
  const [message] = await messagesOf(providerMessageId);
  return message!.conversationId;
}

describe("Twilio SMS through the real server", () => {
  it("keeps the Auth Token sealed and shows the webhook URLs to paste into Twilio", async () => {
    const row = await server.ctx.db.inbox.findUniqueOrThrow({ where: { id: inboxId } });
    expect(JSON.stringify(row.config)).not.toContain(fake.authToken);
    expect(row.config).toMatchObject({ phoneNumber: INBOX_NUMBER });
    expect(twilioSmsAdapter.setupInfo!(PUBLIC_URL, inboxId).map((i) => i.value)).toEqual([
      `${PUBLIC_URL}/webhooks/twilio/${inboxId}/sms`,
      `${PUBLIC_URL}/webhooks/twilio/${inboxId}/status`,
    ]);
  });

  it("stores a signed SMS once, however often Twilio retries it", async () => {
    const params = sms();
    for (let i = 0; i < 3; i++) {
      const res = await post("sms", params);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
      expect(await res.text()).toContain("<Response/>");
    }
    const rows = await messagesOf(params.MessageSid!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ direction: "inbound", channel: "twilio_sms", text: "注文した商品がまだ届きません" });
    const identity = await server.ctx.db.contactIdentity.findFirstOrThrow({ where: { kind: "phone", address: CUSTOMER } });
    expect(identity.contactId).toBe(rows[0]!.contactId);
  });

  it("stores an SMS whose Body holds a NUL byte instead of answering 500 (issue 17, finding 5)", async () => {
    const params = sms({ Body: "届いて\u0000いません" });
    expect((await post("sms", params)).status).toBe(200);
    const rows = await messagesOf(params.MessageSid!);
    expect(rows.map((r) => r.text)).toEqual(["届いていません"]);
  });

  it("refuses unsigned, mis-signed or internally-signed requests and stores nothing", async () => {
    const before = await server.ctx.db.inboundEvent.count({ where: { inboxId } });
    const params = sms();
    expect((await post("sms", params, { signature: "dGhpcyBpcyBub3QgaXQ=" })).status).toBe(403);
    expect((await post("sms", params, { signedUrl: `${server.url}${path("sms")}` })).status).toBe(403);
    const unsigned = await fetch(`${server.url}${path("sms")}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    });
    expect(unsigned.status).toBe(403);
    expect(await messagesOf(params.MessageSid!)).toHaveLength(0);
    expect(await server.ctx.db.inboundEvent.count({ where: { inboxId } })).toBe(before);
  });

  it("answers clear errors for unknown inboxes, absurd bodies and missing fields", async () => {
    expect((await post("sms", sms(), { id: "no-such-inbox" })).status).toBe(404);
    expect((await post("sms", sms({ Body: "x".repeat(70_000) }))).status).toBe(413);
    const missing = await post("sms", sms({ From: "" }));
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe("From is missing");
  });

  it("fetches MMS media into an attachment after answering Twilio", async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("photo of the parcel")]);
    const params = sms({
      Body: "箱が壊れていました",
      NumMedia: "1",
      MediaUrl0: fake.addMedia("image/jpeg", jpeg),
      MediaContentType0: "image/jpeg",
    });
    expect((await post("sms", params)).status).toBe(200);
    const [message] = await waitFor(async () => {
      const rows = await messagesOf(params.MessageSid!);
      expect(rows[0]?.attachments).toHaveLength(1);
      return rows;
    });
    expect(message!.attachments[0]).toMatchObject({ contentType: "image/jpeg", size: jpeg.length, filename: `${params.MessageSid}-1.jpg` });
    expect(fake.requests.some((r) => r.method === "GET" && r.path.includes("/Media/") && r.authorized)).toBe(true);
  });

  it("shows a failed media download on the message instead of dropping it", async () => {
    const html = sms({ Body: "", NumMedia: "1", MediaUrl0: fake.htmlMediaUrl(), MediaContentType0: "image/png" });
    const hanging = sms({ Body: "写真です", NumMedia: "1", MediaUrl0: fake.hangingMediaUrl(), MediaContentType0: "image/png" });
    expect((await post("sms", html)).status).toBe(200);
    expect((await post("sms", hanging)).status).toBe(200);
    await waitFor(async () => {
      const [m] = await messagesOf(html.MessageSid!);
      expect(m!.meta).toMatchObject({ jobError: { final: true, reason: expect.stringMatching(/HTML page instead of the media file/) } });
    });
    await waitFor(async () => {
      const [m] = await messagesOf(hanging.MessageSid!);
      expect(m!.meta).toMatchObject({ jobError: { reason: expect.stringMatching(/timed out/) } });
    });
  });

  it("never fetches a media URL outside Twilio's origin (SSRF), and notes the refusal on the message", async () => {
    const hits: string[] = [];
    const internal = createServer((req, res) => {
      hits.push(req.url ?? "");
      res.writeHead(200, { "content-type": "image/png" }).end("secret");
    });
    await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
    try {
      const target = `http://127.0.0.1:${(internal.address() as AddressInfo).port}/latest/meta-data/iam`;
      const params = sms({ Body: "見てください", NumMedia: "1", MediaUrl0: target, MediaContentType0: "image/png" });
      expect((await post("sms", params)).status).toBe(200);
      const [message] = await waitFor(async () => {
        const rows = await messagesOf(params.MessageSid!);
        expect(rows[0]?.meta).toMatchObject({
          jobError: { final: true, reason: expect.stringMatching(/was refused: .* not an allowed origin/) },
        });
        return rows;
      });
      expect(message!.attachments).toHaveLength(0);
      expect(hits).toEqual([]);
    } finally {
      await new Promise((resolve) => internal.close(resolve));
    }
  });

  it("sends a reply through Twilio and follows its status callbacks, never backwards", async () => {
    const incoming = sms({ Body: "いつ届きますか？" });
    await post("sms", incoming);
    const conversationId = await conversationOf(incoming.MessageSid!);
    const reply = await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "明日お届けします。" }, token);
    expect(reply.status).toBe(202);
    const created = await waitFor(() => {
      const m = fake.messages.find((x) => x.body === "明日お届けします。");
      expect(m).toBeDefined();
      return m!;
    });
    expect(created).toMatchObject({ to: CUSTOMER, from: INBOX_NUMBER, statusCallback: `${PUBLIC_URL}/webhooks/twilio/${inboxId}/status` });
    const sent = await waitFor(async () => {
      const [m] = await messagesOf(created.sid);
      expect(m?.deliveryStatus).toBe("sent");
      return m!;
    });
    expect(sent.conversationId).toBe(conversationId);

    const callback = (status: string, extra: Record<string, string> = {}) =>
      fake.postWebhook(
        `${server.url}${path("status")}`,
        { AccountSid: fake.accountSid, MessageSid: created.sid, MessageStatus: status, ...extra },
        {
          signedUrl: created.statusCallback!,
        },
      );
    expect((await callback("delivered")).status).toBe(200);
    expect((await callback("sent")).status).toBe(200);
    const [after] = await messagesOf(created.sid);
    expect(after!.deliveryStatus).toBe("delivered");
    expect((await callback("failed", { ErrorCode: "30003" })).status).toBe(200);
    expect((await messagesOf(created.sid))[0]!.deliveryStatus).toBe("delivered");
  });

  it("records an undeliverable reply with Twilio's code and an explanation", async () => {
    const incoming = sms({ Body: "返信ください" });
    await post("sms", incoming);
    const conversationId = await conversationOf(incoming.MessageSid!);
    await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "Your parcel is on its way." }, token);
    const created = await waitFor(() => {
      const m = fake.messages.find((x) => x.body === "Your parcel is on its way.");
      expect(m).toBeDefined();
      return m!;
    });
    await waitFor(async () => expect((await messagesOf(created.sid))[0]?.deliveryStatus).toBe("sent"));
    const res = await fake.postWebhook(
      `${server.url}${path("status")}`,
      { AccountSid: fake.accountSid, MessageSid: created.sid, MessageStatus: "undelivered", ErrorCode: "30007" },
      { signedUrl: created.statusCallback! },
    );
    expect(res.status).toBe(200);
    const [m] = await messagesOf(created.sid);
    expect(m).toMatchObject({ deliveryStatus: "undelivered", deliveryError: expect.stringMatching(/^30007: .*spam/) });
    expect(m!.meta).toMatchObject({ errorCode: "30007" });
  });

  it("applies a status callback that arrives before the send was recorded", async () => {
    const incoming = sms({ Body: "急ぎです" });
    await post("sms", incoming);
    const conversationId = await conversationOf(incoming.MessageSid!);
    const early = fake.callbackBeforeAnswer("delivered", { publicUrl: PUBLIC_URL, internalUrl: server.url });
    await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "至急対応します" }, token);
    expect(await early).toBe(200);
    const created = fake.messages.find((x) => x.body === "至急対応します")!;
    await waitFor(async () => expect((await messagesOf(created.sid))[0]?.deliveryStatus).toBe("delivered"));
  });

  it("sends an uploaded file as MMS media at a signed URL Twilio can fetch", async () => {
    const incoming = sms({ Body: "地図を送ってください" });
    await post("sms", incoming);
    const conversationId = await conversationOf(incoming.MessageSid!);
    const png = Buffer.from(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a00000000049454e44ae426082",
      "hex",
    );
    const upload = await fetch(`${server.url}/api/v1/uploads?filename=map.png`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "image/png" },
      body: png,
    });
    expect(upload.status).toBe(201);
    const { id: attachmentId } = (await upload.json()) as { id: string };
    const reply = await server.api(
      "POST",
      `/api/v1/conversations/${conversationId}/messages`,
      { text: "地図です", attachmentIds: [attachmentId] },
      token,
    );
    expect(reply.status).toBe(202);
    const created = await waitFor(() => {
      const m = fake.messages.find((x) => x.body === "地図です");
      expect(m).toBeDefined();
      return m!;
    });
    expect(created.mediaUrl).toHaveLength(1);
    expect(created.mediaUrl[0]!.startsWith(`${PUBLIC_URL}/media/${attachmentId}?`)).toBe(true);
    const media = await fetch(created.mediaUrl[0]!.replace(PUBLIC_URL, server.url));
    expect(media.status).toBe(200);
    expect(Buffer.from(await media.arrayBuffer())).toEqual(png);
  });

  it("honours STOP: the message is kept, replies are refused until START", async () => {
    const stop = sms({ Body: "STOP" });
    await post("sms", stop);
    expect(await messagesOf(stop.MessageSid!)).toHaveLength(1);
    const identity = await server.ctx.db.contactIdentity.findFirstOrThrow({ where: { kind: "phone", address: CUSTOMER } });
    expect(identity.optedOutAt).not.toBeNull();
    const conversationId = await conversationOf(stop.MessageSid!);
    const sentBefore = fake.messages.length;
    const refused = await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "本当によろしいですか？" }, token);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/opted out.*START/);

    await post("sms", sms({ Body: "start" }));
    const accepted = await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "再開しました" }, token);
    expect(accepted.status).toBe(202);
    await waitFor(() => expect(fake.messages.length).toBe(sentBefore + 1));
  });

  it("keeps a customer opted in after START when an old STOP is replayed or applied late", async () => {
    const customer = "+819087654321";
    const identity = () => server.ctx.db.contactIdentity.findFirstOrThrow({ where: { kind: "phone", address: customer } });
    const stop = sms({ From: customer, Body: "STOP" });
    expect((await post("sms", stop)).status).toBe(200);
    const stoppedAt = (await identity()).optedOutAt;
    expect(stoppedAt).not.toBeNull();
    expect((await post("sms", sms({ From: customer, Body: "START" }))).status).toBe(200);
    expect((await identity()).optedOutAt).toBeNull();

    // Twilio's retry, or an attacker replaying the captured signed request: same MessageSid, valid signature.
    expect((await post("sms", stop)).status).toBe(200);
    expect((await identity()).optedOutAt).toBeNull();
    expect(await messagesOf(stop.MessageSid!)).toHaveLength(1);

    // A STOP received before that START whose processing commits only now (a slow or concurrent handler).
    await setOptOut(server.ctx, { address: { kind: "phone", address: customer }, optedOut: true, at: stoppedAt! });
    expect((await identity()).optedOutAt).toBeNull();
  });

  it("still applies a STOP whose first delivery was stored but crashed before the opt-out", async () => {
    const customer = "+819011112222";
    const stop = sms({ From: customer, Body: "STOP" });
    await post("sms", stop);
    // As if the process died between storing the message and recording the opt-out.
    await server.ctx.db.contactIdentity.updateMany({ where: { address: customer }, data: { optedOutAt: null, consentChangedAt: null } });
    expect((await post("sms", stop)).status).toBe(200);
    const identity = await server.ctx.db.contactIdentity.findFirstOrThrow({ where: { kind: "phone", address: customer } });
    const [message] = await messagesOf(stop.MessageSid!);
    expect(identity.optedOutAt).toEqual(message!.createdAt);
  });

  it("puts SMS and email from the same customer on one timeline", async () => {
    const created = await server.api(
      "POST",
      "/api/v1/contacts",
      { name: "佐藤 裕樹", email: "hiroki@example.jp", phone: "090-2222-3333" },
      token,
    );
    expect(created.status).toBe(201);
    const contactId = created.body.id as string;
    await server.createInbox("email", "Support mail", { address: "support@acme.example" });

    const text = sms({ From: "+819022223333", Body: "SMSからも連絡します" });
    await post("sms", text);
    const smtp = server.listeners.find((l) => "smtpPort" in l) as { smtpPort: number | null } | undefined;
    expect(smtp?.smtpPort).toBeTruthy();
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp!.smtpPort!, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: "Hiroki <Hiroki@Example.jp>",
      to: "support@acme.example",
      subject: "注文について",
      text: "メールでも連絡します",
    });
    transport.close();

    const timeline = await waitFor(async () => {
      const res = await server.api("GET", `/api/v1/contacts/${contactId}/timeline`, undefined, token);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(2);
      return res.body.items as { message: { channel: string; text: string } }[];
    });
    expect(timeline.map((i) => [i.message.channel, i.message.text]).sort()).toEqual([
      ["email", "メールでも連絡します"],
      ["twilio_sms", "SMSからも連絡します"],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { startFakeTwilio, type FakeTwilio } from "./support/fake-twilio.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

/**
 * Uploads (raw body) and attachments: size and type limits, attaching an upload to a reply that
 * the outbox sends as MMS, and who may download `/attachments/:id`.
 */
const MAX = 64 * 1024;
// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
let server: TestServer;
let twilio: FakeTwilio;
let admin: string;
let agent: string;
let other: string;
let conversationId: string;
let restrictedConversationId: string;

const upload = (body: Buffer, filename: string, token?: string) =>
  fetch(`${server.url}/api/v1/uploads?filename=${encodeURIComponent(filename)}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: new Uint8Array(body),
  });
const download = (id: string, token?: string) =>
  fetch(`${server.url}/attachments/${id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

beforeAll(async () => {
  twilio = await startFakeTwilio();
  server = await startTestServer({ ui: false, env: { UPLOAD_MAX_BYTES: String(MAX) } });
  admin = await server.apiToken();
  const user = async (email: string) =>
    server.apiToken(
      (await server.api("POST", "/api/v1/users", { email, name: email, role: "agent", password: "long enough password" }, admin)).body.id,
    );
  agent = await user("agent@test.local");
  other = await user("other@test.local");
  const inboxId = await server.createInbox("twilio_sms", "SMS", {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    phoneNumber: "+815012345678",
    apiBaseUrl: twilio.url,
  });
  const from = { kind: "phone" as const, address: "+819012345678" };
  conversationId = (
    await ingestInboundMessage(server.ctx, { inboxId, message: { providerMessageId: "SM1", from, text: "写真を送ってください" } })
  ).conversationId;
  const legal = await server.api("POST", "/api/v1/departments", { name: "Legal", restricted: true }, admin);
  const legalInbox = await server.createInbox(
    "twilio_sms",
    "Legal SMS",
    { accountSid: twilio.accountSid, authToken: twilio.authToken, phoneNumber: "+815098765432", apiBaseUrl: twilio.url },
    legal.body.id,
  );
  restrictedConversationId = (
    await ingestInboundMessage(server.ctx, { inboxId: legalInbox, message: { providerMessageId: "SM2", from, text: "契約" } })
  ).conversationId;
});
afterAll(async () => {
  await server?.stop();
  await twilio?.close();
});

describe("POST /api/v1/uploads", () => {
  it("stores a file and tells its detected type", async () => {
    const res = await upload(PNG, "写真.png", agent);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: expect.any(String), filename: "写真.png", contentType: "image/png", size: PNG.length });
  });

  it("refuses a file above UPLOAD_MAX_BYTES with 413", async () => {
    const res = await upload(Buffer.alloc(MAX + 1, "a"), "big.txt", agent);
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body.error.message).toMatch(/too large/i);
    expect(JSON.stringify(body)).not.toMatch(/\.ts:\d+|node_modules/);
  });

  it("refuses a type that may not be uploaded with 415, whatever the name says", async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
    const res = await upload(elf, "invoice.pdf", agent);
    expect(res.status).toBe(415);
    expect((await res.json()).error.message).toMatch(/cannot be uploaded/);
  });

  it("refuses an empty body with 400 and no token with 401", async () => {
    expect((await upload(Buffer.alloc(0), "empty.txt", agent)).status).toBe(400);
    expect((await upload(PNG, "x.png")).status).toBe(401);
  });
});

describe("attachments", () => {
  it("sends an upload with a reply (as MMS media) and lets agents who see the conversation download it", async () => {
    const up = await (await upload(PNG, "写真.png", agent)).json();
    // Before it is attached only the uploader can see it.
    const mine = await download(up.id, agent);
    expect(mine.status).toBe(200);
    expect((await bytes(mine)).equals(PNG)).toBe(true);
    expect((await download(up.id, other)).status).toBe(404);
    expect((await download(up.id)).status).toBe(401);
    // Someone else cannot send it.
    const stolen = await server.api(
      "POST",
      `/api/v1/conversations/${conversationId}/messages`,
      { text: "x", attachmentIds: [up.id] },
      other,
    );
    expect(stolen.status).toBe(400);

    const reply = await server.api(
      "POST",
      `/api/v1/conversations/${conversationId}/messages`,
      { text: "こちらです", attachmentIds: [up.id] },
      agent,
    );
    expect(reply.status).toBe(202);
    const sent = await vi.waitFor(
      () => {
        const m = twilio.messages.find((x) => x.body === "こちらです");
        expect(m).toBeDefined();
        return m!;
      },
      { timeout: 15_000, interval: 50 },
    );
    // Twilio fetches the media from our signed public URL: the same bytes.
    expect(sent.mediaUrl).toHaveLength(1);
    const media = await fetch(sent.mediaUrl[0]!);
    expect(media.status).toBe(200);
    expect((await bytes(media)).equals(PNG)).toBe(true);

    const forOther = await download(up.id, other);
    expect(forOther.status).toBe(200);
    expect(forOther.headers.get("content-type")).toBe("image/png");
    expect(forOther.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("写真.png")}`);
    expect((await bytes(forOther)).equals(PNG)).toBe(true);
    // Used once: it cannot be attached again.
    const reuse = await server.api(
      "POST",
      `/api/v1/conversations/${conversationId}/messages`,
      { text: "again", attachmentIds: [up.id] },
      agent,
    );
    expect(reuse.status).toBe(400);
  });

  it("hides a restricted department's attachment from agents outside it", async () => {
    const up = await (await upload(Buffer.from("契約書 第3版\n", "utf8"), "契約.txt", admin)).json();
    expect(up.contentType).toBe("text/plain");
    const note = await server.api(
      "POST",
      `/api/v1/conversations/${restrictedConversationId}/notes`,
      { text: "添付", attachmentIds: [up.id] },
      admin,
    );
    expect(note.status).toBe(201);
    expect((await download(up.id, admin)).status).toBe(200);
    expect((await download(up.id, agent)).status).toBe(404);
    expect((await download("no-such-file", admin)).status).toBe(404);
  });

  it("refuses a forged or expired media link", async () => {
    const up = await (await upload(PNG, "a.png", agent)).json();
    expect((await fetch(`${server.url}/media/${up.id}?exp=9999999999&sig=forged`)).status).toBe(403);
    expect((await fetch(`${server.url}/media/${up.id}`)).status).toBe(403);
  });
});

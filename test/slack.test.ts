import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverSlackEvent, signSlackRequest, startFakeSlack, type FakeSlack } from "./support/fake-slack.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * The Slack channel through the real server: events signed exactly as Slack signs them, the Web API
 * answered by a local fake, replies through the outbox (429 honoured), and one customer timeline.
 */

const SECRET = "slack-signing-secret-for-tests";
const CHANNEL = "CSHARED1";
const ROOT_TS = "1790000000.000100";
let server: TestServer;
let slack: FakeSlack;
let token: string;
let inboxId: string;
let eventsUrl: string;
let contactId: string;
let seq = 0;

const envelope = (event: Record<string, unknown>, eventId = `Ev${++seq}`) => ({
  token: "legacy",
  team_id: "THOST",
  api_app_id: "A1",
  type: "event_callback",
  event_id: eventId,
  event_time: Math.floor(Date.now() / 1000),
  event,
});
const customer = (over: Record<string, unknown> = {}) => ({
  type: "message",
  channel: CHANNEL,
  user: "UYUKI",
  user_team: "TCUST",
  ts: ROOT_TS,
  text: "請求書が届きません",
  ...over,
});
const messagesOf = (providerMessageId: string) => server.ctx.db.message.findMany({ where: { inboxId, providerMessageId } });
const eventsStored = () => server.ctx.db.inboundEvent.count({ where: { inboxId } });
const waitFor = <T>(fn: () => Promise<T> | T) => vi.waitFor(fn, { timeout: 20_000, interval: 50 });

beforeAll(async () => {
  slack = await startFakeSlack();
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  inboxId = await server.createInbox("slack", "Support", { signingSecret: SECRET, botToken: slack.botToken, apiUrl: slack.apiUrl });
  eventsUrl = `${server.url}/webhooks/slack/${inboxId}/events`;
  contactId = await emailFromYuki();
  const company = await server.ctx.db.company.create({ data: { name: "Example KK" } });
  const link = await server.api("PUT", `/api/v1/inboxes/${inboxId}/slack-channels/${CHANNEL}`, { companyId: company.id }, token);
  expect(link.status).toBe(200);
  slack.addUser({ id: "UYUKI", team: "TCUST", name: "Yuki Sato", email: "Yuki@Example.jp" });
});
afterAll(async () => {
  await server?.stop();
  await slack?.close();
});

/** The same person writes to the email inbox first, through the server's real SMTP listener. */
async function emailFromYuki(): Promise<string> {
  const emailInbox = await server.createInbox("email", "Mail", { address: "support@acme.example" });
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: server.smtpPort(), secure: false, ignoreTLS: true });
  await transport
    .sendMail({
      from: "Yuki Sato <yuki@example.jp>",
      to: "support@acme.example",
      subject: "請求書について",
      text: "メールでも送ります",
      messageId: "<yuki-1@example.jp>",
    })
    .finally(() => transport.close());
  const message = await waitFor(async () => {
    const row = await server.ctx.db.message.findFirst({
      where: { inboxId: emailInbox, providerMessageId: { contains: "yuki-1@example.jp" } },
    });
    expect(row).not.toBeNull();
    return row!;
  });
  return message.contactId;
}

describe("Slack channel through the real server", () => {
  it("shows the request URLs and a manifest for the inbox", async () => {
    const { slackAdapter } = await import("~/integrations/slack/index.ts");
    const info = slackAdapter.setupInfo!(server.url, inboxId);
    expect(info[0]!.value).toBe(eventsUrl);
    expect(JSON.parse(info[2]!.value).settings.event_subscriptions.request_url).toBe(eventsUrl);
  });

  it("answers url_verification and rejects bad or stale signatures without storing anything", async () => {
    const challenge = await deliverSlackEvent(eventsUrl, SECRET, { type: "url_verification", challenge: "c-123" });
    expect(await challenge.json()).toEqual({ challenge: "c-123" });
    expect((await deliverSlackEvent(eventsUrl, "wrong-secret", envelope(customer()))).status).toBe(401);
    const stale = await deliverSlackEvent(eventsUrl, SECRET, envelope(customer()), { timestampSec: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(await eventsStored()).toBe(0);
    expect(await messagesOf(`${CHANNEL}:${ROOT_TS}`)).toHaveLength(0);
  });

  it("opens a conversation on the contact the person already has by email, once, despite Slack's retries", async () => {
    const first = envelope(customer());
    expect((await deliverSlackEvent(eventsUrl, SECRET, first)).status).toBe(200);
    expect((await deliverSlackEvent(eventsUrl, SECRET, first, { retryNum: 1 })).status).toBe(200);
    expect((await deliverSlackEvent(eventsUrl, SECRET, first, { retryNum: 2 })).status).toBe(200);
    const [message] = await waitFor(async () => {
      const rows = await messagesOf(`${CHANNEL}:${ROOT_TS}`);
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(message!.contactId).toBe(contactId);
    expect(message!.text).toBe("請求書が届きません");
    expect(await eventsStored()).toBe(1);
    const conversation = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: message!.conversationId } });
    expect(conversation).toMatchObject({ threadKey: `${CHANNEL}:${ROOT_TS}`, contactId, subject: "請求書が届きません" });
    const identities = await server.ctx.db.contactIdentity.findMany({
      where: { contactId },
      select: { kind: true, address: true },
      orderBy: { kind: "asc" },
    });
    expect(identities).toEqual([
      { kind: "email", address: "yuki@example.jp" },
      { kind: "slack", address: "TCUST:UYUKI" },
    ]);
  });

  it("posts an agent reply into the thread, waiting out a 429 with Retry-After", async () => {
    const root = (await messagesOf(`${CHANNEL}:${ROOT_TS}`))[0]!;
    const admin = await server.ctx.db.user.findFirstOrThrow({ where: { role: "admin" } });
    slack.rateLimit("chat.postMessage", 1);
    const sent = await server.api(
      "POST",
      `/api/v1/conversations/${root.conversationId}/messages`,
      { text: "再送しました <ご確認ください>" },
      token,
    );
    expect(sent.status).toBe(202);
    const reply = await waitFor(async () => {
      const row = await server.ctx.db.message.findFirstOrThrow({ where: { conversationId: root.conversationId, direction: "outbound" } });
      expect(row.deliveryStatus).toBe("sent");
      return row;
    });
    const posts = slack.callsTo("chat.postMessage");
    expect(posts).toHaveLength(2); // the 429, then the retry after Retry-After
    expect(posts[1]!.params).toMatchObject({
      channel: CHANNEL,
      thread_ts: ROOT_TS,
      text: "再送しました &lt;ご確認ください&gt;",
      username: `${admin.name} (Support)`,
    });
    expect(reply.providerMessageId).toMatch(new RegExp(`^${CHANNEL}:\\d+\\.\\d{6}$`));

    // Slack echoes the bot's own post back as an event: ignored, no loop.
    const ts = reply.providerMessageId!.split(":")[1]!;
    await deliverSlackEvent(
      eventsUrl,
      SECRET,
      envelope({ type: "message", channel: CHANNEL, bot_id: "BBOT", user: slack.botUserId, ts, thread_ts: ROOT_TS, text: "再送しました" }),
    );
    await waitFor(async () => expect(await server.ctx.db.inboundEvent.count({ where: { inboxId, status: "done" } })).toBe(2));
    expect(await server.ctx.db.message.count({ where: { conversationId: root.conversationId } })).toBe(2);
  });

  it("continues the conversation from a thread reply and attaches its file", async () => {
    const root = (await messagesOf(`${CHANNEL}:${ROOT_TS}`))[0]!;
    const pdf = Buffer.from("%PDF-1.7 請求書");
    const url = slack.addFile("F1", pdf, "application/pdf");
    await deliverSlackEvent(
      eventsUrl,
      SECRET,
      envelope(
        customer({
          subtype: "file_share",
          ts: "1790000100.000200",
          thread_ts: ROOT_TS,
          text: "これです",
          files: [{ id: "F1", name: "請求書.pdf", mimetype: "application/pdf", url_private_download: url }],
        }),
      ),
    );
    const reply = await waitFor(async () => {
      const rows = await server.ctx.db.message.findMany({
        where: { inboxId, providerMessageId: `${CHANNEL}:1790000100.000200` },
        include: { attachments: true },
      });
      expect(rows[0]?.attachments).toHaveLength(1);
      return rows[0]!;
    });
    expect(reply.conversationId).toBe(root.conversationId);
    expect(reply.attachments[0]).toMatchObject({ filename: "請求書.pdf", contentType: "application/pdf", size: pdf.length });
    expect(slack.fileDownloads.at(-1)).toEqual({ id: "F1", authorization: `Bearer ${slack.botToken}` });
  });

  it("reflects an edit and keeps the earlier text", async () => {
    await deliverSlackEvent(
      eventsUrl,
      SECRET,
      envelope({
        type: "message",
        subtype: "message_changed",
        channel: CHANNEL,
        message: { user: "UYUKI", ts: ROOT_TS, text: "請求書 #42 が届きません", edited: { user: "UYUKI", ts: "1790000200.000000" } },
      }),
    );
    const edited = await waitFor(async () => {
      const [row] = await messagesOf(`${CHANNEL}:${ROOT_TS}`);
      expect(row!.editedAt).not.toBeNull();
      return row!;
    });
    expect(edited.text).toBe("請求書 #42 が届きません");
    expect((edited.meta as { history: { text: string }[] }).history[0]!.text).toBe("請求書が届きません");
  });

  it("puts the Slack messages on the person's one timeline", async () => {
    const timeline = await server.api("GET", `/api/v1/contacts/${contactId}/timeline`, undefined, token);
    expect(timeline.status).toBe(200);
    const texts = (timeline.body.items as { message: { text: string; channel: string } }[]).map((i) => [i.message.channel, i.message.text]);
    expect(texts).toEqual(
      expect.arrayContaining([
        ["email", "メールでも送ります"],
        ["slack", "請求書 #42 が届きません"],
        ["slack", "これです"],
        ["slack", "再送しました <ご確認ください>"],
      ]),
    );
  });

  it("rejects a request whose body was altered after signing", async () => {
    const raw = JSON.stringify(envelope(customer({ ts: "1790000300.000300" })));
    const headers = { "content-type": "application/json", ...signSlackRequest(SECRET, raw) };
    const res = await fetch(eventsUrl, { method: "POST", headers, body: raw.replace("請求書", "invoice") });
    expect(res.status).toBe(401);
    expect(await messagesOf(`${CHANNEL}:1790000300.000300`)).toHaveLength(0);
  });
});

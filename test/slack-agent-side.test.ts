import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { slackAdapter } from "~/integrations/slack/index.ts";
import { createChannelHost } from "~/server/channels/host.ts";
import { loadRawPayload } from "~/server/domain/inbound/load-raw-payload.ts";
import { deliverSlackEvent, deliverSlackInteraction, startFakeSlack, type FakeSlack } from "./support/fake-slack.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * Agents working from Slack, through the real server: department notifications (new conversation,
 * assignment, @mention) in one thread, buttons signed like Slack signs them, thread replies as notes
 * or `!reply` answers through the conversation's own channel; plus colleague threading in a
 * company-linked channel and Slack file retries.
 */
const SECRET = "slack-agent-side-secret";
const AGENTS = "CAGENTS";
const SHARED = "CSHARED";
let server: TestServer;
let slack: FakeSlack;
let sink: SmtpSink;
let token: string;
let slackInbox: string;
let emailInbox: string;
let companyId: string;
let aiko: { id: string; name: string };
let ken: { id: string; name: string };
let seq = 0;
let tsSeq = 0;

const waitFor = <T>(fn: () => Promise<T> | T) => vi.waitFor(fn, { timeout: 20_000, interval: 50 });
const nextTs = () => `${1790000000 + ++tsSeq}.000100`;
const eventsUrl = () => `${server.url}/webhooks/slack/${slackInbox}/events`;
const interactionsUrl = () => `${server.url}/webhooks/slack/${slackInbox}/interactions`;
const envelope = (event: Record<string, unknown>) => ({
  token: "legacy",
  team_id: "THOST",
  api_app_id: "A1",
  type: "event_callback",
  event_id: `EvA${++seq}`,
  event_time: Math.floor(Date.now() / 1000),
  event,
});
const customerSays = (user: string, text: string, over: Record<string, unknown> = {}) =>
  envelope({ type: "message", channel: SHARED, user, user_team: "TCUST", team: "THOST", ts: nextTs(), text, ...over });
const agentSays = (user: string, threadTs: string, text: string) =>
  envelope({ type: "message", channel: AGENTS, user, team: "THOST", ts: nextTs(), thread_ts: threadTs, text });
const button = (user: string, actionId: string, conversationId: string, threadTs: string) => ({
  type: "block_actions",
  user: { id: user, team_id: "THOST" },
  team: { id: "THOST" },
  channel: { id: AGENTS },
  trigger_id: "1.2.3",
  message: { type: "message", ts: threadTs, bot_id: "BBOT", text: "notification" },
  container: { type: "message", message_ts: threadTs, channel_id: AGENTS },
  actions: [{ type: "button", action_id: actionId, block_id: "b1", value: conversationId, action_ts: String(Date.now() / 1000) }],
});
const postsInThread = (threadTs: string) =>
  slack.callsTo("chat.postMessage").filter((c) => c.params.channel === AGENTS && c.params.thread_ts === threadTs);
const getConversation = async (id: string) => (await server.api("GET", `/api/v1/conversations/${id}`, undefined, token)).body.conversation;

async function messageOf(providerMessageId: string, inboxId = slackInbox) {
  return waitFor(async () => {
    const row = await server.ctx.db.message.findFirst({ where: { inboxId, providerMessageId }, include: { attachments: true } });
    expect(row).not.toBeNull();
    return row!;
  });
}

/** The notification thread Switchboard opened in the department channel for a conversation. */
async function notificationThread(conversationId: string): Promise<string> {
  return waitFor(async () => {
    const inbox = await server.ctx.db.inbox.findUniqueOrThrow({ where: { id: slackInbox }, select: { state: true } });
    const threads = ((inbox.state as Record<string, unknown>).notificationThreads ?? {}) as Record<string, string>;
    const key = Object.keys(threads).find((k) => threads[k] === conversationId && k.startsWith(`${AGENTS}:`));
    expect(key).toBeDefined();
    return key!.slice(AGENTS.length + 1);
  });
}

beforeAll(async () => {
  slack = await startFakeSlack();
  sink = await startSmtpSink();
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  const department = await server.api("POST", "/api/v1/departments", { name: "サポート" }, token);
  expect(department.status).toBe(201);
  const user = async (name: string, email: string) => {
    const res = await server.api(
      "POST",
      "/api/v1/users",
      { name, email, role: "agent", password: "agent password 123", departmentIds: [department.body.id] },
      token,
    );
    expect(res.status).toBe(201);
    return { id: res.body.id as string, name };
  };
  aiko = await user("Aiko Tanaka", "aiko@switchboard.example");
  ken = await user("Ken Mori", "ken@switchboard.example");
  slackInbox = await server.createInbox(
    "slack",
    "Slack",
    { signingSecret: SECRET, botToken: slack.botToken, apiUrl: slack.apiUrl },
    department.body.id,
  );
  emailInbox = await server.createInbox(
    "email",
    "Mail",
    { address: "support@acme.example", smtp: { host: "127.0.0.1", port: sink.port, secure: false } },
    department.body.id,
  );
  const slackSetting = await server.api(
    "PATCH",
    `/api/v1/departments/${department.body.id}`,
    { slack: { inboxId: slackInbox, channelId: AGENTS } },
    token,
  );
  expect(slackSetting.status).toBe(200);
  companyId = (await server.ctx.db.company.create({ data: { name: "Example KK" } })).id;
  expect((await server.api("PUT", `/api/v1/inboxes/${slackInbox}/slack-channels/${SHARED}`, { companyId }, token)).status).toBe(200);
  slack.addUser({ id: "UAIKO", team: "THOST", name: "Aiko", email: "Aiko@switchboard.example" });
  slack.addUser({ id: "UKEN", team: "THOST", name: "Ken", email: "ken@switchboard.example" });
  slack.addUser({ id: "USTRANGER", team: "THOST", name: "Stranger", email: "stranger@elsewhere.example" });
  slack.addUser({ id: "UYUKI", team: "TCUST", name: "Yuki Sato", email: "yuki@example.jp" });
});
afterAll(async () => {
  await server?.stop();
  await slack?.close();
  await sink?.stop();
});

describe("a customer conversation worked from the department's Slack channel", () => {
  let conversationId: string;
  let rootTs: string;
  let threadTs: string;

  it("posts the new conversation into the department channel with a link back and buttons", async () => {
    const event = customerSays("UYUKI", "請求書が届きません");
    rootTs = String(event.event.ts);
    expect((await deliverSlackEvent(eventsUrl(), SECRET, event)).status).toBe(200);
    conversationId = (await messageOf(`${SHARED}:${rootTs}`)).conversationId;
    threadTs = await notificationThread(conversationId);
    const roots = slack.callsTo("chat.postMessage").filter((c) => c.params.channel === AGENTS && !c.params.thread_ts);
    expect(roots).toHaveLength(1);
    const { number } = await getConversation(conversationId);
    const blocks = JSON.parse(roots[0]!.params.blocks!) as {
      text?: { text: string };
      elements?: { action_id?: string; value?: string }[];
    }[];
    expect(blocks[0]!.text!.text).toContain(`<${server.url}/conversations/${conversationId}|#${number} 請求書が届きません>`);
    expect(blocks[0]!.text!.text).toContain("New conversation from Yuki Sato via slack");
    expect(blocks[1]!.elements!.map((e) => [e.action_id, e.value])).toEqual([
      ["sb_assign_me", conversationId],
      ["sb_resolve", conversationId],
    ]);
  });

  it("posts an assignment and an @mention into the same thread", async () => {
    const assigned = await server.api("PATCH", `/api/v1/conversations/${conversationId}`, { assigneeId: aiko.id }, token);
    expect(assigned.status).toBe(200);
    await waitFor(() => expect(postsInThread(threadTs).map((c) => c.params.text)).toEqual(["Assigned to <@UAIKO>."]));
    const note = await server.api(
      "POST",
      `/api/v1/conversations/${conversationId}/notes`,
      { text: `@[${aiko.name}](user:${aiko.id}) 確認お願いします` },
      token,
    );
    expect(note.status).toBe(201);
    await waitFor(() => expect(postsInThread(threadTs)).toHaveLength(2));
    expect(postsInThread(threadTs)[1]!.params.text).toMatch(/mentioned <@UAIKO>:\n>.*確認お願いします/);
  });

  it("assigns the conversation to the Slack user who pressed “Assign to me”", async () => {
    const res = await deliverSlackInteraction(interactionsUrl(), SECRET, button("UKEN", "sb_assign_me", conversationId, threadTs));
    expect(res.status).toBe(200);
    await waitFor(async () => expect((await getConversation(conversationId)).assignee?.id).toBe(ken.id));
    await waitFor(() => expect(postsInThread(threadTs).at(-1)!.params.text).toBe("Assigned to <@UKEN>."));
  });

  it("tells an unknown Slack user why nothing happened, and changes nothing", async () => {
    const res = await deliverSlackInteraction(interactionsUrl(), SECRET, button("USTRANGER", "sb_resolve", conversationId, threadTs));
    expect(res.status).toBe(200);
    const told = await waitFor(() => {
      const calls = slack.callsTo("chat.postEphemeral").filter((c) => c.params.user === "USTRANGER");
      expect(calls).toHaveLength(1);
      return calls[0]!;
    });
    expect(told.params).toMatchObject({ channel: AGENTS, thread_ts: threadTs });
    expect(told.params.text).toContain("Switchboard does not know you");
    expect(await getConversation(conversationId)).toMatchObject({ status: "open", assignee: { id: ken.id } });
  });

  it("rejects an interaction with a bad signature (401) and changes nothing", async () => {
    const res = await deliverSlackInteraction(interactionsUrl(), "not-the-secret", button("UAIKO", "sb_resolve", conversationId, threadTs));
    expect(res.status).toBe(401);
    expect(await getConversation(conversationId)).toMatchObject({ status: "open", assignee: { id: ken.id } });
  });

  it("keeps a thread reply as an internal note, never sent to the customer", async () => {
    const posted = slack.callsTo("chat.postMessage").length;
    await deliverSlackEvent(eventsUrl(), SECRET, agentSays("UAIKO", threadTs, "先方の経理に確認中です"));
    const note = await waitFor(async () => {
      const row = await server.ctx.db.message.findFirst({ where: { conversationId, kind: "note", text: "先方の経理に確認中です" } });
      expect(row).not.toBeNull();
      return row!;
    });
    expect(note).toMatchObject({ direction: "internal", authorUserId: aiko.id });
    expect(await server.ctx.db.outboxJob.count({ where: { message: { conversationId } } })).toBe(0);
    expect(slack.calls.slice(posted).filter((c) => c.method === "chat.postMessage" && c.params.channel === SHARED)).toEqual([]);
  });

  it("sends a `!reply` to the customer in their Slack thread", async () => {
    await deliverSlackEvent(eventsUrl(), SECRET, agentSays("UAIKO", threadTs, "!reply 請求書を再送しました"));
    const reply = await waitFor(async () => {
      const row = await server.ctx.db.message.findFirst({ where: { conversationId, direction: "outbound" } });
      expect(row?.deliveryStatus).toBe("sent");
      return row!;
    });
    expect(reply).toMatchObject({ text: "請求書を再送しました", authorUserId: aiko.id });
    const toCustomer = slack.callsTo("chat.postMessage").filter((c) => c.params.channel === SHARED);
    expect(toCustomer).toHaveLength(1);
    expect(toCustomer[0]!.params).toMatchObject({ thread_ts: rootTs, text: "請求書を再送しました" });
    await waitFor(() =>
      expect(
        slack
          .callsTo("chat.postEphemeral")
          .filter((c) => c.params.user === "UAIKO")
          .at(-1)?.params.text,
      ).toBe("Sent to the customer."),
    );
  });

  it("resolves the conversation from the Resolve button", async () => {
    await deliverSlackInteraction(interactionsUrl(), SECRET, button("UKEN", "sb_resolve", conversationId, threadTs));
    await waitFor(async () => expect((await getConversation(conversationId)).status).toBe("resolved"));
    await waitFor(() => expect(postsInThread(threadTs).at(-1)!.params.text).toBe(`Resolved by ${ken.name}.`));
  });
});

describe("answering an email customer from Slack", () => {
  let conversationId: string;
  let threadTs: string;

  beforeAll(async () => {
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: server.smtpPort(), secure: false, ignoreTLS: true });
    await transport
      .sendMail({
        from: "Hanako <hanako@example.jp>",
        to: "support@acme.example",
        subject: "領収書",
        text: "領収書をください",
        messageId: "<hanako-1@example.jp>",
      })
      .finally(() => transport.close());
    conversationId = (
      await waitFor(async () => {
        const row = await server.ctx.db.message.findFirst({
          where: { inboxId: emailInbox, providerMessageId: { contains: "hanako-1@example.jp" } },
        });
        expect(row).not.toBeNull();
        return row!;
      })
    ).conversationId;
    threadTs = await notificationThread(conversationId);
  });

  it("keeps a thread reply as a note: no mail, no outbox job", async () => {
    await deliverSlackEvent(eventsUrl(), SECRET, agentSays("UKEN", threadTs, "経理に回します"));
    await waitFor(async () =>
      expect(await server.ctx.db.message.count({ where: { conversationId, kind: "note", authorUserId: ken.id } })).toBe(1),
    );
    expect(await server.ctx.db.outboxJob.count({ where: { message: { conversationId } } })).toBe(0);
    expect(sink.messages).toHaveLength(0);
  });

  it("mails a `!reply` to the customer through the email inbox", async () => {
    await deliverSlackEvent(eventsUrl(), SECRET, agentSays("UKEN", threadTs, "!reply 領収書を添付しました。"));
    const [mail] = await sink.waitFor(1);
    expect(mail!.envelope.to).toEqual(["hanako@example.jp"]);
    expect(mail!.parsed.text).toContain("領収書を添付しました。");
    expect(mail!.parsed.inReplyTo).toBe("<hanako-1@example.jp>");
    await waitFor(async () => {
      const row = await server.ctx.db.message.findFirst({ where: { conversationId, direction: "outbound" } });
      expect(row).toMatchObject({ authorUserId: ken.id, deliveryStatus: "sent" });
    });
  });
});

describe("colleagues in a channel linked to a company", () => {
  let conversationId: string;
  let rootTs: string;
  let yukiContact: string;

  beforeAll(async () => {
    const root = customerSays("UYUKI", "ログインできません");
    rootTs = String(root.event.ts);
    await deliverSlackEvent(eventsUrl(), SECRET, root);
    const message = await messageOf(`${SHARED}:${rootTs}`);
    conversationId = message.conversationId;
    yukiContact = message.contactId;
  });

  it("continues the thread when a colleague Switchboard has never seen replies in it", async () => {
    slack.addUser({ id: "UHIRO", team: "TCUST", name: "Hiro Ito", email: "hiro@example.jp" });
    const reply = customerSays("UHIRO", "私も同じです", { thread_ts: rootTs });
    await deliverSlackEvent(eventsUrl(), SECRET, reply);
    const message = await messageOf(`${SHARED}:${reply.event.ts}`);
    expect(message.conversationId).toBe(conversationId);
    expect(message.contactId).not.toBe(yukiContact);
    const hiro = await server.ctx.db.contact.findUniqueOrThrow({
      where: { id: message.contactId },
      select: { companyId: true, name: true },
    });
    expect(hiro).toEqual({ companyId, name: "Hiro Ito" });
    const conversation = await getConversation(conversationId);
    expect(conversation.contactId).toBe(yukiContact);
    expect(conversation.participants).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "slack", address: "TCUST:UHIRO" })]));
  });

  it("does not let someone whose contact belongs to another company join the thread", async () => {
    const other = (await server.ctx.db.company.create({ data: { name: "Other Corp" } })).id;
    const contact = await server.api(
      "POST",
      "/api/v1/contacts",
      { name: "Taro Other", email: "taro@other.example", companyId: other },
      token,
    );
    expect(contact.status).toBe(201);
    slack.addUser({ id: "UTARO", team: "TOTHER", name: "Taro", email: "taro@other.example" });
    const reply = customerSays("UTARO", "関係ない話です", { thread_ts: rootTs, user_team: "TOTHER" });
    await deliverSlackEvent(eventsUrl(), SECRET, reply);
    const message = await messageOf(`${SHARED}:${reply.event.ts}`);
    expect(message.contactId).toBe(contact.body.id);
    expect(message.conversationId).not.toBe(conversationId);
    const conversation = await getConversation(conversationId);
    expect(conversation.participants.map((p: { address: string }) => p.address)).not.toContain("TOTHER:UTARO");
    expect(conversation.contactId).toBe(yukiContact);
  });
});

describe("a Slack file shared once, delivered twice", () => {
  it("stores one message with one attachment, and a crash replay adds nothing", async () => {
    const pdf = Buffer.from("%PDF-1.7 見積書");
    const url = slack.addFile("FQUOTE", pdf, "application/pdf");
    const event = customerSays("UYUKI", "見積書です", {
      subtype: "file_share",
      files: [{ id: "FQUOTE", name: "見積書.pdf", mimetype: "application/pdf", url_private_download: url }],
    });
    const providerMessageId = `${SHARED}:${event.event.ts}`;
    const deliveries = await Promise.all([
      deliverSlackEvent(eventsUrl(), SECRET, event),
      deliverSlackEvent(eventsUrl(), SECRET, event, { retryNum: 1 }),
    ]);
    expect(deliveries.map((r) => r.status)).toEqual([200, 200]);
    expect((await deliverSlackEvent(eventsUrl(), SECRET, event, { retryNum: 2 })).status).toBe(200);
    const message = await waitFor(async () => {
      const row = await messageOf(providerMessageId);
      expect(row.attachments).toHaveLength(1);
      return row;
    });
    expect(message.attachments[0]).toMatchObject({ filename: "見積書.pdf", contentType: "application/pdf", size: pdf.length });

    // Recovery replays a stored event whose processing may or may not have finished: the ingest is a
    // no-op and must not queue the files job again.
    const stored = await server.ctx.db.inboundEvent.findFirstOrThrow({ where: { inboxId: slackInbox, providerEventId: event.event_id } });
    const host = createChannelHost(server.ctx);
    await slackAdapter.processRawEvent!((await host.getInbox(slackInbox))!, await loadRawPayload(server.ctx, stored), host);
    await waitFor(async () =>
      expect(await server.ctx.db.outboxJob.count({ where: { messageId: message.id, status: { not: "done" } } })).toBe(0),
    );
    expect(await server.ctx.db.message.count({ where: { inboxId: slackInbox, providerMessageId } })).toBe(1);
    expect(await server.ctx.db.attachment.count({ where: { messageId: message.id } })).toBe(1);
    expect(await server.ctx.db.outboxJob.count({ where: { messageId: message.id } })).toBe(1);
    expect(slack.fileDownloads.filter((d) => d.id === "FQUOTE")).toHaveLength(1);
  });
});

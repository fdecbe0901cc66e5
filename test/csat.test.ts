import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import "./support/console-guard.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import type { InboundMessage } from "~/integrations/core/types.ts";
import { connectVisitor, createSession, nextMessage, request } from "~/integrations/web-chat/testing/visitor-client.ts";
import type { WidgetMessage } from "~/integrations/web-chat/messages.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";
import { startFakeTwilio, type FakeTwilio } from "./support/fake-twilio.ts";
import { startFakeSlack, type FakeSlack } from "./support/fake-slack.ts";
import { startWebhookReceiver } from "./support/webhook-receiver.ts";

/**
 * CSAT surveys (issue 12) through the real server: resolve over the REST API, the survey goes out
 * through each channel's real protocol (SMTP, the Twilio and Slack APIs, the widget's Socket.IO), the
 * customer answers on the public page.
 */
let server: TestServer;
let sink: SmtpSink;
let twilio: FakeTwilio;
let slack: FakeSlack;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let token: string;
const inboxes: Record<"email" | "sms" | "slack" | "chat", string> = { email: "", sms: "", slack: "", chat: "" };
const sockets: { close(): void }[] = [];
let seq = 0;
const run = Date.now().toString(36);
const waitFor = <T>(fn: () => Promise<T> | T) => vi.waitFor(fn, { timeout: 20_000, interval: 50 });
const api = (method: string, path: string, body?: unknown, as = token) => server.api(method, `/api/v1${path}`, body, as);

const ingest = async (inboxId: string, message: Omit<InboundMessage, "providerMessageId">) =>
  (await ingestInboundMessage(server.ctx, { inboxId, message: { providerMessageId: `csat-${run}-${++seq}`, ...message } })).conversationId;
const mail = (address: string, text = "Where is my order?") =>
  ingest(inboxes.email, { from: { kind: "email", address }, subject: `Order ${++seq}`, text });

async function resolve(conversationId: string, extra: Record<string, unknown> = {}) {
  const res = await api("PATCH", `/conversations/${conversationId}`, { status: "resolved", ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
const surveysOf = (conversationId: string) => server.ctx.db.csatSurvey.findMany({ where: { conversationId }, orderBy: { sentAt: "asc" } });
const linkIn = (text: string) => {
  const match = /(http:\/\/127\.0\.0\.1:\d+\/survey\/([A-Za-z0-9_-]{43}))/.exec(text);
  expect(match, text).not.toBeNull();
  return { url: match![1]!, token: match![2]! };
};
const answer = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: "POST", body: new URLSearchParams(fields), redirect: "manual", headers: { origin: server.url } });

beforeAll(async () => {
  [sink, twilio, slack, receiver] = await Promise.all([startSmtpSink(), startFakeTwilio(), startFakeSlack(), startWebhookReceiver()]);
  server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
  token = await server.apiToken();
  inboxes.email = await server.createInbox("email", "Acme Support", {
    address: "support@acme.example",
    smtp: { host: "127.0.0.1", port: sink.port, secure: false },
  });
  inboxes.sms = await server.createInbox("twilio_sms", "SMS", {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    phoneNumber: "+815012345678",
    apiBaseUrl: twilio.url,
  });
  inboxes.slack = await server.createInbox("slack", "Slack", { signingSecret: "s3cret", botToken: slack.botToken, apiUrl: slack.apiUrl });
  inboxes.chat = await server.createInbox("web_chat", "Website", {});
  for (const id of Object.values(inboxes)) {
    const res = await api("PATCH", `/inboxes/${id}`, { csat: { enabled: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.csat).toEqual({ enabled: true, quietPeriodDays: 7 });
  }
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
  await Promise.all([sink?.stop(), twilio?.close(), slack?.close(), receiver?.close()]);
});

describe("CSAT surveys per channel", () => {
  it("email: the link and List-Unsubscribe (https one-click + mailto) arrive; one-click unsubscribe stops the next survey", async () => {
    const id = await mail(`hanako-${run}@example.jp`, "注文が届きません");
    const before = sink.messages.length;
    await resolve(id);
    const [survey] = await sink.waitFor(before + 1).then((m) => m.slice(before));
    expect(survey!.envelope.to).toEqual([`hanako-${run}@example.jp`]);
    const { url, token: surveyToken } = linkIn(survey!.parsed.text ?? "");
    // Japanese from the customer's own message.
    expect(survey!.parsed.text).toContain("ご対応はいかがでしたか");
    const unfolded = String(survey!.raw).replace(/\r?\n[ \t]+/g, " ");
    const header = unfolded.match(/^List-Unsubscribe: (.*)$/m)?.[1] ?? "";
    expect(header).toContain(`<${url}/unsubscribe>`);
    expect(header).toContain("<mailto:support@acme.example?subject=unsubscribe>");
    const [row] = await surveysOf(id);
    expect(row).toMatchObject({ token: surveyToken, channel: "email", locale: "ja", rating: null });
    const sent = await waitFor(async () => {
      const events = await server.ctx.db.message.findMany({ where: { conversationId: id, kind: "event" }, select: { meta: true } });
      const found = events.map((e) => e.meta as Record<string, unknown>).find((m) => m.event === "csat-sent");
      expect(found).toBeDefined();
      return found!;
    });
    expect(sent).toMatchObject({ event: "csat-sent", surveyId: row!.id, channel: "email" });

    // RFC 8058: the mailbox provider POSTs List-Unsubscribe=One-Click.
    const oneClick = await fetch(`${url}/unsubscribe`, { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }) });
    expect(oneClick.status).toBe(200);
    const identity = await server.ctx.db.contactIdentity.findFirstOrThrow({ where: { address: `hanako-${run}@example.jp` } });
    expect(identity.surveysOptedOutAt).not.toBeNull();
    const next = await mail(`hanako-${run}@example.jp`, "Another question");
    await resolve(next);
    expect(await surveysOf(next)).toHaveLength(0);
    // Replies are not marketing: they still go.
    expect((await api("POST", `/conversations/${next}/messages`, { text: "Happy to help" })).status).toBe(202);
  });

  it("SMS: the link is in the body sent to Twilio", async () => {
    const id = await ingest(inboxes.sms, { from: { kind: "phone", address: "+819011112222" }, text: "Is my order shipped?" });
    const before = twilio.messages.length;
    await resolve(id);
    const sms = await waitFor(() => {
      expect(twilio.messages.length).toBeGreaterThan(before);
      return twilio.messages[twilio.messages.length - 1]!;
    });
    expect(sms.to).toBe("+819011112222");
    const { token: surveyToken } = linkIn(sms.body ?? "");
    expect(sms.body).toContain("How did we do?");
    expect((await surveysOf(id))[0]).toMatchObject({ token: surveyToken, channel: "twilio_sms", locale: "en" });
  });

  it("Slack: the link is posted into the customer's thread", async () => {
    const id = await ingest(inboxes.slack, {
      from: { kind: "slack", address: `TCUST:U${run.toUpperCase()}`, displayName: "Yuki" },
      text: "Help please",
      threading: { threadKey: "CSHARED1:1790000000.000100", startsThread: true },
    });
    await resolve(id);
    const post = await waitFor(() => {
      const posts = slack.callsTo("chat.postMessage").filter((c) => String(c.params.text).includes("/survey/"));
      expect(posts).toHaveLength(1);
      return posts[0]!;
    });
    expect(post.params).toMatchObject({ channel: "CSHARED1", thread_ts: "1790000000.000100" });
    expect((await surveysOf(id))[0]!.channel).toBe("slack");
  });

  it("web chat: the widget gets the survey inline and answers it; history shows the answer", async () => {
    const session = await createSession(server.url, inboxes.chat);
    const socket = await connectVisitor(server.url, inboxes.chat, session.token);
    sockets.push(socket);
    const ack = await request<WidgetMessage>(socket, "message:send", { clientId: `c-${run}`, text: "チャットで質問です" });
    expect(ack.ok).toBe(true);
    const conversation = await waitFor(async () => {
      const row = await server.ctx.db.conversation.findFirst({ where: { inboxId: inboxes.chat, threadKey: session.visitorId } });
      expect(row).not.toBeNull();
      return row!;
    });
    const inline = nextMessage(socket, (m) => m.survey !== null);
    await resolve(conversation.id);
    const message = await inline;
    const [survey] = await surveysOf(conversation.id);
    expect(message.survey).toEqual({ token: survey!.token, rating: null });
    expect(message.text).toContain(`/survey/${survey!.token}`);
    const res = await fetch(`${server.url}/survey/${survey!.token}/answer`, { method: "POST", body: new URLSearchParams({ rating: "5" }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, rating: 5 });
    const history = await request<{ messages: WidgetMessage[] }>(socket, "history:get", {});
    expect(history.ok).toBe(true);
    expect(history.ok && history.data.messages.find((m) => m.survey)?.survey).toEqual({ token: survey!.token, rating: 5 });
  });
});

describe("CSAT rules", () => {
  it("quiet period: a customer's thanks after a resolve and a second resolve bring no second survey", async () => {
    const address = `taro-${run}@example.jp`;
    const id = await mail(address);
    await resolve(id);
    await waitFor(async () => expect(await surveysOf(id)).toHaveLength(1));
    // "thanks!" reopens the conversation through the same thread.
    await ingest(inboxes.email, { from: { kind: "email", address }, subject: "Re", text: "thanks!", threading: { conversationId: id } });
    expect((await server.ctx.db.conversation.findUniqueOrThrow({ where: { id } })).status).toBe("open");
    await resolve(id);
    expect(await surveysOf(id)).toHaveLength(1);
  });

  it("resolve without survey: sendSurvey false", async () => {
    const id = await mail(`jiro-${run}@example.jp`);
    await resolve(id, { sendSurvey: false });
    expect((await server.ctx.db.conversation.findUniqueOrThrow({ where: { id } })).status).toBe("resolved");
    expect(await surveysOf(id)).toHaveLength(0);
  });

  it("a complained identity gets none", async () => {
    const address = `spam-${run}@example.jp`;
    const id = await mail(address);
    await server.ctx.db.contactIdentity.update({ where: { kind_address: { kind: "email", address } }, data: { complainedAt: new Date() } });
    await resolve(id);
    expect(await surveysOf(id)).toHaveLength(0);
  });

  it("no survey when neither the inbox nor the department has surveys on; the department setting turns it on", async () => {
    const dept = await api("POST", "/departments", { name: `Billing ${run}` });
    expect(dept.status).toBe(201);
    await api("PATCH", `/inboxes/${inboxes.email}`, { csat: { enabled: false } });
    const off = await mail(`off-${run}@example.jp`);
    await resolve(off);
    expect(await surveysOf(off)).toHaveLength(0);
    const patched = await api("PATCH", `/departments/${dept.body.id}`, { csat: { enabled: true, quietPeriodDays: 3 } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.csat).toEqual({ enabled: true, quietPeriodDays: 3 });
    expect((await api("PATCH", `/departments/${dept.body.id}`, { csat: { quietPeriodDays: 0 } })).status).toBe(400);
    const on = await mail(`on-${run}@example.jp`);
    await api("PATCH", `/conversations/${on}`, { departmentId: dept.body.id });
    await resolve(on);
    expect(await surveysOf(on)).toHaveLength(1);
    await api("PATCH", `/inboxes/${inboxes.email}`, { csat: { enabled: true } });
  });

  it("automation send_csat sends one even where resolve would not, and respects the quiet period", async () => {
    const created = await api("POST", "/automation-rules", {
      name: `Survey on tag ${run}`,
      event: "conversation_updated",
      conditions: [{ field: "tags", op: "has_any", values: ["survey-me"] }],
      actions: [{ type: "send_csat" }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = await mail(`rule-${run}@example.jp`);
    await resolve(id, { sendSurvey: false });
    await api("PATCH", `/conversations/${id}`, { tags: ["survey-me"] });
    const [survey] = await waitFor(async () => {
      const rows = await surveysOf(id);
      expect(rows).toHaveLength(1);
      return rows;
    });
    const sentEvent = await server.ctx.db.message.findFirstOrThrow({
      where: { conversationId: id, kind: "event", text: { contains: "survey" } },
    });
    expect(sentEvent.text).toContain(`by rule "${created.body.name}"`);
    await api("PATCH", `/conversations/${id}`, { tags: ["other"] });
    await api("PATCH", `/conversations/${id}`, { tags: ["survey-me", "again"] });
    await waitFor(async () => {
      const notes = await server.ctx.db.message.count({ where: { conversationId: id, kind: "event" } });
      expect(notes).toBeGreaterThan(0);
    });
    expect((await surveysOf(id)).map((s) => s.id)).toEqual([survey!.id]);
    await api("DELETE", `/automation-rules/${created.body.id}`);
  });
});

describe("CSAT answers", () => {
  it("the page answers, a second submit updates, the timeline and the webhook get each answer, GET /csat lists it", async () => {
    const hook = await api("POST", "/webhooks", { url: `${receiver.url}/csat`, events: ["csat.received"] });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const id = await mail(`answer-${run}@example.jp`);
    const conversation = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id } });
    await resolve(id);
    const [survey] = await surveysOf(id);
    const url = `${server.url}/survey/${survey!.token}`;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("How did we do?");
    expect((await answer(url, { rating: "9" })).status).toBe(400);
    expect((await answer(url, { rating: "2", comment: "Slow answer" })).status).toBe(200);
    expect((await answer(url, { rating: "4", comment: "" })).status).toBe(200);
    const row = await server.ctx.db.csatSurvey.findUniqueOrThrow({ where: { id: survey!.id } });
    expect(row).toMatchObject({ rating: 4, comment: null });
    expect(await (await fetch(url)).text()).toContain("Thank you for your feedback!");

    const events = await server.ctx.db.message.findMany({ where: { conversationId: id, kind: "event" }, orderBy: { createdAt: "asc" } });
    const csat = events.map((e) => e.meta as Record<string, unknown>).filter((m) => m.event === "csat");
    expect(csat).toEqual([
      { event: "csat", surveyId: survey!.id, rating: 2, comment: "Slow answer" },
      { event: "csat", surveyId: survey!.id, rating: 4, comment: null },
    ]);

    await receiver.waitFor((r) => r.filter((w) => w.json.type === "csat.received").length === 2, 20_000);
    // Deliveries run concurrently, so the two answers may arrive in either order: each is checked.
    const delivered = receiver.received.filter((w) => w.json.type === "csat.received").map((w) => w.json.data);
    expect(delivered.map((d) => ({ rating: d.rating, comment: d.comment })).sort((a, b) => a.rating - b.rating)).toEqual([
      { rating: 2, comment: "Slow answer" },
      { rating: 4, comment: null },
    ]);
    for (const data of delivered) {
      expect(data).toMatchObject({ surveyId: survey!.id, conversationId: id, contactId: conversation.contactId });
      expect(Date.parse(data.respondedAt)).not.toBeNaN();
    }

    const list = await api("GET", `/csat?from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`);
    expect(list.status).toBe(200);
    expect(list.body.items.find((i: { id: string }) => i.id === survey!.id)).toEqual({
      id: survey!.id,
      conversationId: id,
      contactId: conversation.contactId,
      rating: 4,
      comment: null,
      channel: "email",
      sentAt: survey!.sentAt.toISOString(),
      respondedAt: row.respondedAt!.toISOString(),
      departmentId: null,
      inboxId: inboxes.email,
    });
    expect((await api("GET", `/csat?to=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).body.items).toEqual([]);

    // Erasing the customer blanks their words in the answer, and keeps the rating for the counts.
    expect((await answer(url, { rating: "3", comment: "山田です。電話は090-1234-5678" })).status).toBe(200);
    expect((await api("DELETE", `/contacts/${conversation.contactId}?erase=true`)).status).toBeLessThan(300);
    expect(await server.ctx.db.csatSurvey.findUniqueOrThrow({ where: { id: survey!.id } })).toMatchObject({ rating: 3, comment: null });
    const lines = await server.ctx.db.message.findMany({ where: { conversationId: id }, select: { text: true, meta: true } });
    expect(JSON.stringify(lines)).not.toContain("090-1234-5678");
  });

  it("an unknown token is a 404 page; the unsubscribe URL of one too", async () => {
    const res = await fetch(`${server.url}/survey/${"x".repeat(43)}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("This survey link is not valid");
    expect((await answer(`${server.url}/survey/${"x".repeat(43)}`, { rating: "3" })).status).toBe(404);
    expect((await fetch(`${server.url}/survey/nope/unsubscribe`, { method: "POST", body: new URLSearchParams({}) })).status).toBe(404);
  });

  it("restricted departments' responses stay hidden from non-members", async () => {
    const legal = await api("POST", "/departments", { name: `Legal ${run}`, restricted: true });
    const agent = await api("POST", "/users", {
      email: `agent-${run}@test.local`,
      name: "Agent",
      role: "agent",
      password: "a long enough password",
    });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    const agentToken = await server.apiToken(agent.body.id);
    const id = await mail(`legal-${run}@example.jp`);
    await api("PATCH", `/conversations/${id}`, { departmentId: legal.body.id });
    await resolve(id);
    const [survey] = await surveysOf(id);
    expect((await answer(`${server.url}/survey/${survey!.token}`, { rating: "1" })).status).toBe(200);
    const ids = async (as: string) =>
      ((await api("GET", "/csat?limit=100", undefined, as)).body.items as { id: string }[]).map((i) => i.id);
    expect(await ids(token)).toContain(survey!.id);
    expect(await ids(agentToken)).not.toContain(survey!.id);
    expect((await api("GET", `/csat?departmentId=${legal.body.id}`, undefined, agentToken)).body.items).toEqual([]);
    expect((await api("GET", `/csat?departmentId=${legal.body.id}`)).body.items.map((i: { id: string }) => i.id)).toEqual([survey!.id]);
  });
});

import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "~/server/events/bus.ts";
import { fireDueSlaClocks } from "~/server/domain/sla/fire-due-clocks.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * SLA policies through real mail (SMTP in, the outbox out) and REST: the first matching policy applies
 * and follows priority changes, replies meet targets, an auto-reply resets nothing, pending pauses the
 * clocks, and warnings and breaches fire once with a timeline line, a bus event and a notification.
 */
let server: TestServer;
let sink: SmtpSink;
let token: string;
let inboxId: string;
let agentId: string;
let agent: string;
const run = Date.now().toString(36);
const events: DomainEvent[] = [];

const api = (method: string, path: string, body?: unknown, t = token) => server.api(method, `/api/v1${path}`, body, t);
const sla = async (id: string) => (await api("GET", `/conversations/${id}`)).body.conversation.sla;
const minutesBetween = (a: string, b: string) => (new Date(b).getTime() - new Date(a).getTime()) / 60_000;

async function deliver(messageId: string, body: string, headers: string[] = [], inReplyTo?: string) {
  const raw = [
    "From: Hanako <hanako@customer.example>",
    "To: support@acme.example",
    `Subject: ${inReplyTo ? "Re: " : ""}請求書が届きません ${run}`,
    `Message-ID: <${messageId}>`,
    ...(inReplyTo ? [`In-Reply-To: <${inReplyTo}>`] : []),
    ...headers,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ].join("\r\n");
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: server.smtpPort(), secure: false, ignoreTLS: true });
  await transport
    .sendMail({ envelope: { from: "hanako@customer.example", to: ["support@acme.example"] }, raw })
    .finally(() => transport.close());
  for (;;) {
    const m = await server.ctx.db.message.findFirst({ where: { inboxId, providerMessageId: messageId }, select: { conversationId: true } });
    if (m) return m.conversationId;
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  inboxId = await server.createInbox("email", "Acme Support", {
    address: "support@acme.example",
    smtp: { host: "127.0.0.1", port: sink.port, secure: false },
  });
  const user = await api("POST", "/users", {
    email: `sla-${run}@test.local`,
    name: "Sato",
    role: "agent",
    password: "long enough password",
  });
  agentId = user.body.id;
  agent = await server.apiToken(agentId);
  server.ctx.bus.subscribe((e) => {
    if (e.type === "sla.warning" || e.type === "sla.breached" || (e.type === "host" && e.event.type === "sla.alert")) events.push(e);
  });
});
afterAll(async () => {
  await server?.stop();
  await sink?.stop();
});

describe("SLA policies", () => {
  let urgent: string;
  let standard: string;
  let conversationId: string;

  it("creates policies through REST and names a bad field in a 400", async () => {
    const bad = await api("POST", "/sla-policies", { name: "x", warnAtPercent: 120 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("warnAtPercent");
    const badCondition = await api("POST", "/sla-policies", { name: "x", conditions: { priorities: ["soon"] } });
    expect(badCondition.status).toBe(400);
    expect(JSON.stringify(badCondition.body)).toContain("conditions.priorities");
    expect((await api("POST", "/sla-policies", { name: "x" }, agent)).status).toBe(403);

    const u = await api("POST", "/sla-policies", {
      name: `Urgent ${run}`,
      position: 1,
      conditions: { priorities: ["urgent"] },
      firstResponseMinutes: 15,
      nextResponseMinutes: 10,
      resolutionMinutes: 120,
      warnAtPercent: 50,
    });
    expect(u.status).toBe(201);
    urgent = u.body.id;
    const s = await api("POST", "/sla-policies", {
      name: `Standard ${run}`,
      position: 2,
      conditions: { inboxIds: [inboxId] },
      firstResponseMinutes: 60,
      nextResponseMinutes: 30,
      resolutionMinutes: 600,
      warnAtPercent: 80,
    });
    expect(s.status).toBe(201);
    standard = s.body.id;
    const list = await api("GET", "/sla-policies");
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([urgent, standard]);
    expect((await api("PATCH", `/sla-policies/${urgent}`, { warnAtPercent: 50, enabled: true })).status).toBe(200);
  });

  it("applies the first matching policy to a new conversation and records it", async () => {
    conversationId = await deliver(`first-${run}@customer.example`, "請求書がまだ届いていません。");
    const c = (await api("GET", `/conversations/${conversationId}`)).body.conversation;
    expect(c.sla.policyId).toBe(standard);
    expect(minutesBetween(c.createdAt, c.sla.firstResponseDueAt)).toBeCloseTo(60, 0);
    expect(minutesBetween(c.createdAt, c.sla.firstResponseWarnAt)).toBeCloseTo(48, 0);
    expect(minutesBetween(c.createdAt, c.sla.resolutionDueAt)).toBeCloseTo(600, 0);
    expect(c.sla.nextResponseDueAt).toBeNull();
    // The list row carries it too.
    const row = (await api("GET", "/conversations?status=active")).body.items.find((r: { id: string }) => r.id === conversationId);
    expect(row.sla).toEqual(c.sla);
  });

  it("follows a priority change to the urgent policy, counting from the same start", async () => {
    const patched = await api("PATCH", `/conversations/${conversationId}`, { priority: "urgent", assigneeId: agentId });
    expect(patched.status).toBe(200);
    expect(patched.body.sla.policyId).toBe(urgent);
    expect(minutesBetween(patched.body.createdAt, patched.body.sla.firstResponseDueAt)).toBeCloseTo(15, 0);
  });

  it("fires the warning, then the breach, once each, with a timeline line, events and a notification", async () => {
    // Automation reacts to the alerts: one rule per event.
    for (const [event, tag] of [
      ["sla_warning", "sla-soon"],
      ["sla_breached", "sla-late"],
    ]) {
      const rule = await api("POST", "/automation-rules", { name: `${event} ${run}`, event, actions: [{ type: "add_tags", tags: [tag] }] });
      expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    }
    const before = await sla(conversationId);
    const warnAt = new Date(before.firstResponseWarnAt);
    expect(await fireDueSlaClocks(server.ctx, new Date(warnAt.getTime() + 1000))).toBe(1);
    expect(await fireDueSlaClocks(server.ctx, new Date(warnAt.getTime() + 2000))).toBe(0);
    const dueAt = new Date(before.firstResponseDueAt);
    expect(await fireDueSlaClocks(server.ctx, new Date(dueAt.getTime() + 1000))).toBe(1);
    expect(await fireDueSlaClocks(server.ctx, new Date(dueAt.getTime() + 5000))).toBe(0);

    const after = await sla(conversationId);
    expect(after.breaches).toEqual([expect.objectContaining({ target: "first_response", dueAt: before.firstResponseDueAt })]);
    const timeline = (await api("GET", `/conversations/${conversationId}`)).body.messages.filter(
      (m: { meta: { event?: string } }) => m.meta.event === "sla",
    );
    expect(timeline.map((m: { text: string }) => m.text)).toEqual(["SLA first response due soon", "SLA first response breached"]);
    expect(
      events.filter((e) => e.type === "sla.warning" || e.type === "sla.breached").map((e) => [e.type, "target" in e && e.target]),
    ).toEqual([
      ["sla.warning", "first_response"],
      ["sla.breached", "first_response"],
    ]);
    expect(events.filter((e) => e.type === "host")).toHaveLength(2);
    const notes = (await api("GET", "/notifications", undefined, agent)).body.items.filter((n: { kind: string }) => n.kind === "sla");
    expect(notes).toHaveLength(2);
    expect(notes.map((n: { title: string }) => n.title).join()).toContain("SLA first response breached");
    await expect
      .poll(async () => (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).tags, { timeout: 10_000 })
      .toEqual(expect.arrayContaining(["sla-soon", "sla-late"]));
  });

  it("an agent reply meets the first response; an auto-reply starts nothing; a customer reply starts the next response", async () => {
    expect((await api("POST", `/conversations/${conversationId}/messages`, { text: "確認します。" }, agent)).status).toBe(202);
    expect((await sla(conversationId)).firstResponseDueAt).toBeNull();
    await deliver(`ooo-${run}@customer.example`, "不在です。", ["Auto-Submitted: auto-replied"], `first-${run}@customer.example`);
    expect((await sla(conversationId)).nextResponseDueAt).toBeNull();
    await deliver(`second-${run}@customer.example`, "まだですか？", [], `first-${run}@customer.example`);
    const next = await sla(conversationId);
    expect(next.nextResponseDueAt).not.toBeNull();
    expect(minutesBetween(new Date().toISOString(), next.nextResponseDueAt)).toBeGreaterThan(9);
    expect(minutesBetween(new Date().toISOString(), next.nextResponseDueAt)).toBeLessThanOrEqual(10);
  });

  it("pauses while pending on the customer and moves the due times by the pause", async () => {
    const running = await sla(conversationId);
    expect((await api("PATCH", `/conversations/${conversationId}`, { status: "pending" })).status).toBe(200);
    const paused = await sla(conversationId);
    expect(paused.pausedAt).not.toBeNull();
    // Nothing fires while paused, however late.
    expect(await fireDueSlaClocks(server.ctx, new Date(Date.now() + 86_400_000))).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect((await api("PATCH", `/conversations/${conversationId}`, { status: "open" })).status).toBe(200);
    const resumed = await sla(conversationId);
    expect(resumed.pausedAt).toBeNull();
    expect(new Date(resumed.nextResponseDueAt).getTime()).toBeGreaterThanOrEqual(new Date(running.nextResponseDueAt).getTime() + 250);
  });

  it("resolving stops every clock; a reopen starts a new next-response target", async () => {
    expect((await api("PATCH", `/conversations/${conversationId}`, { status: "resolved" })).status).toBe(200);
    const resolved = await sla(conversationId);
    expect([resolved.firstResponseDueAt, resolved.nextResponseDueAt, resolved.resolutionDueAt]).toEqual([null, null, null]);
    expect(resolved.breaches).toHaveLength(1);
    await deliver(`third-${run}@customer.example`, "再発しました。", [], `first-${run}@customer.example`);
    const reopened = await sla(conversationId);
    expect(reopened.nextResponseDueAt).not.toBeNull();
    expect((await api("GET", `/conversations/${conversationId}`)).body.conversation.status).toBe("open");
  });
});

describe("business hours", () => {
  it("CRUD through REST, validates zones and intervals, assigns to inboxes and departments", async () => {
    const bad = await api("POST", "/business-hours", { name: "x", timezone: "Mars/Olympus" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("timezone");
    const badInterval = await api("POST", "/business-hours", {
      name: "x",
      timezone: "UTC",
      intervals: [{ day: 8, start: "09:00", end: "10:00" }],
    });
    expect(badInterval.status).toBe(400);
    const created = await api("POST", "/business-hours", {
      name: `Tokyo ${run}`,
      timezone: "Asia/Tokyo",
      intervals: [
        { day: 1, start: "09:00", end: "12:00" },
        { day: 1, start: "13:00", end: "18:00" },
      ],
      holidays: ["2026-12-31"],
      japaneseHolidays: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ timezone: "Asia/Tokyo", japaneseHolidays: true, holidays: ["2026-12-31"] });
    const id = created.body.id;
    expect((await api("PATCH", `/business-hours/${id}`, { holidays: [] })).body.holidays).toEqual([]);
    expect((await api("GET", "/business-hours")).body.items.map((b: { id: string }) => b.id)).toContain(id);
    expect((await api("PUT", `/inboxes/${inboxId}/business-hours`, { businessHoursId: id })).status).toBe(200);
    expect((await api("PUT", `/inboxes/${inboxId}/business-hours`, { businessHoursId: "nope" })).status).toBe(400);
    const department = (await api("POST", "/departments", { name: `Billing ${run}` })).body.id;
    expect((await api("PUT", `/departments/${department}/business-hours`, { businessHoursId: id })).status).toBe(200);
    expect((await api("DELETE", `/business-hours/${id}`)).status).toBe(204);
    expect((await api("GET", `/business-hours/${id}`)).status).toBe(404);
    expect(
      (await server.ctx.db.inbox.findUnique({ where: { id: inboxId }, select: { businessHoursId: true } }))?.businessHoursId,
    ).toBeNull();
  });

  it('shows "we\'re closed" to chat visitors and to agents, and nothing when open', async () => {
    const chat = await server.createInbox("web_chat", `Chat ${run}`, {});
    const bootOf = async () => {
      const html = await (await fetch(`${server.url}/widget/${chat}`)).text();
      return JSON.parse(/<script type="application\/json" id="sb-config">(.*?)<\/script>/s.exec(html)![1]!);
    };
    expect((await bootOf()).closed).toBeNull();
    const today = new Date().getUTCDay() || 7;
    const tomorrow = (today % 7) + 1;
    // Open only tomorrow: closed now, opening tomorrow at 00:00 UTC.
    const hours = await api("POST", "/business-hours", {
      name: `Tomorrow ${run}`,
      timezone: "UTC",
      intervals: [{ day: tomorrow, start: "00:00", end: "24:00" }],
    });
    expect((await api("PUT", `/inboxes/${chat}/business-hours`, { businessHoursId: hours.body.id })).status).toBe(200);
    const boot = await bootOf();
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    expect(boot.closed).toEqual({ nextOpeningAt: midnight.toISOString() });

    const conversation = await ingestChat(chat);
    const view = (await api("GET", `/conversations/${conversation}`)).body;
    expect(view.opening).toMatchObject({ open: false, nextOpeningAt: midnight.toISOString(), businessHoursId: hours.body.id });
    // Open around the clock today and tomorrow: nothing is shown.
    await api("PATCH", `/business-hours/${hours.body.id}`, {
      intervals: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" })),
    });
    expect((await bootOf()).closed).toBeNull();
    expect((await api("GET", `/conversations/${conversation}`)).body.opening).toMatchObject({ open: true, nextOpeningAt: null });
  });
});

/** A chat message stored as the widget's socket would store it (the visitor's socket flow is tested in web-chat.test.ts). */
async function ingestChat(inboxId: string) {
  const r = await ingestInboundMessage(server.ctx, {
    inboxId,
    message: {
      providerMessageId: `chat-${run}`,
      from: { kind: "chat_visitor", address: `visitor-${run}` },
      text: "こんばんは",
      threading: { threadKey: `visitor-${run}` },
    },
  });
  return r.conversationId;
}

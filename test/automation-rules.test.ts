import { randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";
import { createDepartment, createPerson, createSmsInbox, type Person, type SmsInbox, waitFor } from "./collab-fixtures.ts";

/**
 * Automation rules and macros through the real server (issue 12): customers text a Twilio inbox
 * (fake Twilio on loopback) and mail its SMTP listener; agents act through the REST API. Each
 * event type drives a rule, each action is checked, every change names its rule on the timeline,
 * and loops stop.
 */
let server: TestServer;
let sink: SmtpSink;
let token: string;
let sms: SmsInbox;
let emailInboxId: string;
let billing: string;
let ana: Person;
let phone = 819030000000 + Math.floor(Math.random() * 1e5);
const run = randomBytes(3).toString("hex");
const rules: string[] = [];

const api = (method: string, path: string, body?: unknown) => server.api(method, `/api/v1${path}`, body, token);
async function rule(body: Record<string, unknown>) {
  const res = await api("POST", "/automation-rules", { ...body, name: `${body.name} ${run}` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  rules.push(res.body.id);
  return res.body as { id: string; name: string };
}
const conversation = (id: string) => server.ctx.db.conversation.findUniqueOrThrow({ where: { id } });
const timeline = (conversationId: string) =>
  server.ctx.db.message.findMany({
    where: { conversationId },
    orderBy: { createdAt: "asc" },
    select: { kind: true, direction: true, text: true, meta: true },
  });
const byRule = async (conversationId: string, name: string) =>
  (await timeline(conversationId)).filter((m) => (m.meta as { rule?: { name: string } }).rule?.name === name);
const customerTexts = (body: string) => sms.customerWrites(`+${++phone}`, body);

async function mail(from: string, subject: string, body: string, headers: Record<string, string> = {}) {
  const messageId = `${randomBytes(6).toString("hex")}@customer.example`;
  const raw = [
    `From: ${from}`,
    "To: support@rules.example",
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    `Date: ${new Date().toUTCString()}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ].join("\r\n");
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: server.smtpPort(), secure: false, ignoreTLS: true });
  await transport.sendMail({ envelope: { from, to: ["support@rules.example"] }, raw }).finally(() => transport.close());
  // Mail is parsed in a worker pool: slower than a webhook on a busy machine.
  return vi.waitFor(
    async () => {
      const m = await server.ctx.db.message.findFirst({
        where: { inboxId: emailInboxId, providerMessageId: messageId },
        select: { conversationId: true },
      });
      expect(m).toBeTruthy();
      return m!.conversationId;
    },
    { timeout: 30_000, interval: 50 },
  );
}

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  billing = await createDepartment(server, `Billing ${run}`);
  ana = await createPerson(server, `Ana ${run}`, { departmentIds: [billing] });
  sms = await createSmsInbox(server);
  emailInboxId = await server.createInbox("email", "Rules mail", {
    address: "support@rules.example",
    smtp: { host: "127.0.0.1", port: sink.port, secure: false, user: "u", pass: "p" },
  });
});
afterEach(async () => {
  for (const id of rules.splice(0)) await api("DELETE", `/automation-rules/${id}`);
});
afterAll(async () => {
  await sms?.twilio.close();
  await server?.stop();
  await sink?.stop();
});

describe("automation rules", () => {
  it("rejects bad rules with a 400 naming the field", async () => {
    const base = { name: `bad ${run}`, event: "conversation_created", actions: [{ type: "set_priority", priority: "high" }] };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, event: "whenever" }, /event/],
      [{ ...base, conditions: [{ field: "tags", op: "is", values: ["x"] }] }, /conditions\.0\.op/],
      [{ ...base, actions: [] }, /actions/],
      [{ ...base, actions: [{ type: "set_priority", priority: "extreme" }] }, /actions\.0\.priority/],
      [{ ...base, event: "open_no_reply" }, /minutes/],
      [{ ...base, minutes: 5 }, /minutes/],
      [{ ...base, actions: [{ type: "assign_agent", userId: "nobody" }] }, /actions\.0\.userId: unknown id/],
    ];
    for (const [body, message] of cases) {
      const res = await api("POST", "/automation-rules", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    const agentToken = await server.apiToken(ana.id);
    expect((await server.api("GET", "/api/v1/automation-rules", undefined, agentToken)).status).toBe(403);
  });

  it("conversation created + sender domain: priority, tags, department and an assignee, each by rule on the timeline", async () => {
    const r = await rule({
      name: "VIP mail",
      event: "conversation_created",
      conditions: [{ field: "sender", op: "domain_is", values: ["vip.example"] }],
      actions: [
        { type: "set_priority", priority: "urgent" },
        { type: "add_tags", tags: ["vip"] },
        { type: "assign_department", departmentId: billing },
        { type: "assign_agent", userId: ana.id },
      ],
    });
    const vip = await mail("Kim <kim@vip.example>", "Order", "Where is my order?");
    const plain = await mail("Lee <lee@other.example>", "Order", "Where is my order?");
    await waitFor(async () => expect((await conversation(vip)).assigneeId).toBe(ana.id));
    const c = await conversation(vip);
    expect(c).toMatchObject({ priority: "urgent", tags: ["vip"], departmentId: billing });
    const events = await byRule(vip, r.name);
    expect(events.map((e) => (e.meta as { event: string }).event)).toEqual(["priority", "tags", "department", "assigned"]);
    expect(events[0]!.text).toBe(`Rule "${r.name}" set the priority to urgent`);
    expect(await conversation(plain)).toMatchObject({ priority: "normal", tags: [] });
  });

  it("customer message containing a Japanese word (any width): internal note and a canned reply through SMS", async () => {
    const canned = await api("POST", "/canned-responses", {
      shortcut: `refund-${run}`,
      title: "Refund",
      body: "{{contact.name}}様、返金について確認します。",
    });
    expect(canned.status).toBe(201);
    const r = await rule({
      name: "Refund words",
      event: "customer_message",
      conditions: [{ field: "text", op: "contains", values: ["返金", "refund"] }],
      actions: [
        { type: "add_note", text: "Refund request: check the order" },
        { type: "send_canned", cannedResponseId: canned.body.id },
      ],
    });
    const ja = await customerTexts("先週の注文を返金してください");
    const wide = await customerTexts("ＲＥＦＵＮＤ please");
    const other = await customerTexts("配送はいつですか");
    for (const id of [ja.conversationId, wide.conversationId]) {
      await waitFor(async () => expect((await byRule(id, r.name)).length).toBe(2));
      const [note, reply] = await byRule(id, r.name);
      expect(note).toMatchObject({ kind: "note", direction: "internal", text: "Refund request: check the order" });
      expect(reply).toMatchObject({ kind: "message", direction: "outbound" });
      expect(reply!.text).toContain("返金について確認します");
    }
    await waitFor(() => expect(sms.twilio.messages.filter((m) => m.body?.includes("返金について確認します")).length).toBe(2));
    expect(await byRule(other.conversationId, r.name)).toEqual([]);
  });

  it("agent reply sent: status pending; conversation updated: notify the assignee", async () => {
    const pendingRule = await rule({
      name: "Wait for customer",
      event: "agent_reply",
      conditions: [{ field: "channel", op: "is", values: ["twilio_sms"] }],
      actions: [{ type: "set_status", status: "pending" }],
    });
    const urgentRule = await rule({
      name: "Urgent ping",
      event: "conversation_updated",
      conditions: [{ field: "priority", op: "is", values: ["urgent"] }],
      actions: [{ type: "notify_agents", assignee: true }],
    });
    const { conversationId } = await customerTexts("助けて");
    expect((await api("PATCH", `/conversations/${conversationId}`, { assigneeId: ana.id })).status).toBe(200);
    expect((await api("POST", `/conversations/${conversationId}/messages`, { text: "見てみます" })).status).toBe(202);
    await waitFor(async () => expect((await conversation(conversationId)).status).toBe("pending"));
    expect((await byRule(conversationId, pendingRule.name)).map((e) => (e.meta as { status: string }).status)).toEqual(["pending"]);

    expect((await api("PATCH", `/conversations/${conversationId}`, { priority: "urgent" })).status).toBe(200);
    await waitFor(async () =>
      expect(await server.ctx.db.notification.count({ where: { userId: ana.id, conversationId, kind: "automation" } })).toBe(1),
    );
    const n = await server.ctx.db.notification.findFirstOrThrow({ where: { userId: ana.id, conversationId, kind: "automation" } });
    expect(n.title).toContain(urgentRule.name);
  });

  it("auto-assign action, macro-free: runs the department's round-robin and says which rule asked", async () => {
    await server.ctx.db.department.update({ where: { id: billing }, data: { autoAssign: true } });
    await server.ctx.db.user.update({ where: { id: ana.id }, data: { status: "online" } });
    const r = await rule({
      name: "Billing queue",
      event: "customer_message",
      conditions: [{ field: "text", op: "contains", values: ["請求書"] }],
      actions: [{ type: "assign_department", departmentId: billing }, { type: "auto_assign" }],
    });
    const { conversationId } = await customerTexts("請求書を再発行してください");
    await waitFor(async () => expect((await conversation(conversationId)).assigneeId).toBe(ana.id));
    const events = (await byRule(conversationId, r.name)).map((e) => e.meta as { event: string });
    expect(events.map((e) => e.event)).toEqual(["department", "auto-assigned"]);
    await server.ctx.db.department.update({ where: { id: billing }, data: { autoAssign: false } });
  });

  it("automated mail (an auto-reply) never triggers rules", async () => {
    const r = await rule({ name: "Tag all mail", event: "conversation_created", actions: [{ type: "add_tags", tags: ["seen"] }] });
    const auto = await mail("Bot <bot@away.example>", "Out of office", "I am away", { "Auto-Submitted": "auto-replied" });
    const human = await mail("Ida <ida@away.example>", "Question", "Hello");
    await waitFor(async () => expect((await conversation(human)).tags).toEqual(["seen"]));
    expect((await conversation(auto)).tags).toEqual([]);
    expect(await byRule(auto, r.name)).toEqual([]);
  });

  it("loop protection: a rule's own change does not re-trigger it, and chains stop at the depth cap", async () => {
    // Each run of Flip changes the priority twice: re-triggered by its own changes it would never stop.
    const flip = await rule({
      name: "Flip",
      event: "conversation_updated",
      conditions: [{ field: "tags", op: "has_any", values: ["flip"] }],
      actions: [
        { type: "set_priority", priority: "high" },
        { type: "set_priority", priority: "low" },
      ],
    });
    const a = await customerTexts("flip");
    await api("PATCH", `/conversations/${a.conversationId}`, { tags: ["flip"] });
    await waitFor(async () => expect((await byRule(a.conversationId, flip.name)).length).toBe(2));
    await new Promise((r) => setTimeout(r, 1000));
    expect((await byRule(a.conversationId, flip.name)).length).toBe(2);
    expect((await conversation(a.conversationId)).priority).toBe("low");

    // Two rules undoing each other end once the chain holds both.
    const ping = await rule({
      name: "Ping",
      event: "conversation_updated",
      conditions: [
        { field: "tags", op: "has_any", values: ["loop"] },
        { field: "priority", op: "is", values: ["high"] },
      ],
      actions: [{ type: "set_priority", priority: "urgent" }],
    });
    const pong = await rule({
      name: "Pong",
      event: "conversation_updated",
      conditions: [
        { field: "tags", op: "has_any", values: ["loop"] },
        { field: "priority", op: "is", values: ["urgent"] },
      ],
      actions: [{ type: "set_priority", priority: "high" }],
    });
    const p = await customerTexts("loop");
    await api("PATCH", `/conversations/${p.conversationId}`, { tags: ["loop"] });
    await api("PATCH", `/conversations/${p.conversationId}`, { priority: "high" });
    await waitFor(async () => expect((await byRule(p.conversationId, pong.name)).length).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 1000));
    const runs = (await byRule(p.conversationId, ping.name)).length + (await byRule(p.conversationId, pong.name)).length;
    await new Promise((r) => setTimeout(r, 1000));
    expect((await byRule(p.conversationId, ping.name)).length + (await byRule(p.conversationId, pong.name)).length).toBe(runs);
    expect(runs).toBeLessThanOrEqual(4);

    // A chain of four distinct rules, each triggered by the previous one's change (ordered last to
    // first, so none sees another's change within one pass): the fourth is past MAX_RULE_DEPTH (3).
    const chain = [];
    for (let i = 1; i <= 4; i++) {
      chain.push(
        await rule({
          name: `Step ${i}`,
          event: "conversation_updated",
          order: 10 - i,
          conditions: [{ field: "tags", op: "has_any", values: [`s${i - 1}`] }],
          actions: [{ type: "add_tags", tags: [`s${i}`] }],
        }),
      );
    }
    const b = await customerTexts("chain");
    await api("PATCH", `/conversations/${b.conversationId}`, { tags: ["s0"] });
    await waitFor(async () => expect((await conversation(b.conversationId)).tags).toContain("s3"));
    await new Promise((r) => setTimeout(r, 500));
    expect((await conversation(b.conversationId)).tags.sort()).toEqual(["s0", "s1", "s2", "s3"]);
    expect(await byRule(b.conversationId, chain[3]!.name)).toEqual([]);
  });

  it("disabled rules do not run; order decides which runs first", async () => {
    const first = await rule({
      name: "First",
      event: "customer_message",
      order: 2,
      conditions: [{ field: "text", op: "contains", values: ["順番"] }],
      actions: [{ type: "add_tags", tags: ["second"] }],
    });
    await rule({
      name: "Zeroth",
      event: "customer_message",
      order: 1,
      conditions: [{ field: "text", op: "contains", values: ["順番"] }],
      actions: [{ type: "add_tags", tags: ["first"] }],
    });
    const off = await rule({
      name: "Off",
      event: "customer_message",
      enabled: false,
      conditions: [{ field: "text", op: "contains", values: ["順番"] }],
      actions: [{ type: "add_tags", tags: ["off"] }],
    });
    expect((await api("PATCH", `/automation-rules/${first.id}`, { order: 0 })).body.order).toBe(0);
    const { conversationId } = await customerTexts("順番のテスト");
    await waitFor(async () => expect((await conversation(conversationId)).tags).toEqual(["second", "first"]));
    expect(await byRule(conversationId, off.name)).toEqual([]);
  });
});

describe("macros", () => {
  it("a named bundle of actions runs on a conversation as the agent", async () => {
    const canned = await api("POST", "/canned-responses", {
      shortcut: `macro-${run}`,
      title: "Refund macro",
      body: "We are refunding order #{{conversation.number}}.",
    });
    const macro = await api("POST", "/macros", {
      name: `Refund request ${run}`,
      shortcut: "r",
      actions: [
        { type: "add_tags", tags: ["refund"] },
        { type: "assign_department", departmentId: billing },
        { type: "set_priority", priority: "high" },
        { type: "send_canned", cannedResponseId: canned.body.id },
      ],
    });
    expect(macro.status, JSON.stringify(macro.body)).toBe(201);
    expect((await api("POST", "/macros", { name: "x", actions: [{ type: "nope" }] })).body.error.message).toMatch(/actions\.0\.type/);
    const list = await server.api("GET", "/api/v1/macros", undefined, await server.apiToken(ana.id));
    expect(list.body.items.map((m: { name: string }) => m.name)).toContain(`Refund request ${run}`);

    const { conversationId } = await customerTexts("お金を返して");
    const ran = await server.api("POST", `/api/v1/macros/${macro.body.id}/run`, { conversationId }, await server.apiToken(ana.id));
    expect(ran.status).toBe(200);
    expect(ran.body.failures).toEqual([]);
    expect(await conversation(conversationId)).toMatchObject({ tags: ["refund"], departmentId: billing, priority: "high" });
    const c = await conversation(conversationId);
    await waitFor(() => expect(sms.twilio.messages.some((m) => m.body?.includes(`refunding order #${c.number}`))).toBe(true));
    const events = (await timeline(conversationId)).filter((m) => m.kind === "event");
    expect(events.some((e) => (e.meta as { actorName?: string }).actorName === ana.name)).toBe(true);
  });
});

import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runTimeRules } from "~/server/domain/automation/time-rules.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { startWebhookReceiver } from "./support/webhook-receiver.ts";
import { createSmsInbox, type SmsInbox, waitFor } from "./collab-fixtures.ts";

/**
 * The rule parts of issue 12 beyond the first cut, through the real server: "within / outside
 * business hours", contact and company attribute conditions (typed comparison), the "business hours
 * only" option of time-based rules, and the "call an outgoing webhook" action (signed delivery from
 * the webhook outbox to a local receiver). Customers text a fake-Twilio SMS inbox.
 */
let server: TestServer;
let token: string;
let sms: SmsInbox;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let phone = 819070000000 + Math.floor(Math.random() * 1e5);
const run = Math.random().toString(36).slice(2, 8);
const rules: string[] = [];

const api = (method: string, path: string, body?: unknown) => server.api(method, `/api/v1${path}`, body, token);
async function rule(body: Record<string, unknown>) {
  const res = await api("POST", "/automation-rules", { event: "customer_message", ...body, name: `${body.name} ${run}` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  rules.push(res.body.id);
  return res.body as { id: string; name: string };
}
const tagsOf = async (id: string) => (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id }, select: { tags: true } })).tags;
async function hours(name: string, intervals: { day: number; start: string; end: string }[]) {
  const res = await api("POST", "/business-hours", { name: `${name} ${run}`, timezone: "Asia/Tokyo", intervals, japaneseHolidays: false });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
const everyDay = (start: string, end: string) => [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start, end }));

beforeAll(async () => {
  server = await startTestServer({ ui: false, env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
  token = await server.apiToken();
  sms = await createSmsInbox(server);
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  for (const id of rules.splice(0)) await api("DELETE", `/automation-rules/${id}`);
});
afterAll(async () => {
  await sms?.twilio.close();
  await receiver?.close();
  await server?.stop();
});

describe("automation rule parts", () => {
  it("within / outside the conversation's business hours", async () => {
    await rule({
      name: "After hours",
      conditions: [{ field: "business_hours", op: "outside" }],
      actions: [{ type: "add_tags", tags: ["after-hours"] }],
    });
    await rule({
      name: "In hours",
      conditions: [{ field: "business_hours", op: "within" }],
      actions: [{ type: "add_tags", tags: ["in-hours"] }],
    });

    // No hours at all: always open.
    const open = await sms.customerWrites(`+${++phone}`, "営業中ですか");
    await waitFor(async () => expect(await tagsOf(open.conversationId)).toEqual(["in-hours"]));

    // Hours with no interval: closed all week.
    const closed = await hours("Never open", []);
    expect((await api("PUT", `/inboxes/${sms.id}/business-hours`, { businessHoursId: closed })).status).toBe(200);
    const late = await sms.customerWrites(`+${++phone}`, "夜分にすみません");
    await waitFor(async () => expect(await tagsOf(late.conversationId)).toEqual(["after-hours"]));

    expect((await api("PATCH", `/business-hours/${closed}`, { intervals: everyDay("00:00", "24:00") })).status).toBe(200);
    const day = await sms.customerWrites(`+${++phone}`, "こんにちは");
    await waitFor(async () => expect(await tagsOf(day.conversationId)).toEqual(["in-hours"]));
    expect((await api("PUT", `/inboxes/${sms.id}/business-hours`, { businessHoursId: null })).status).toBe(200);
  });

  it("contact and company attributes, compared as their type; bad ones are 400s naming the field", async () => {
    const define = async (body: Record<string, unknown>) => {
      const res = await api("POST", "/attributes", body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    await define({ entity: "contact", key: `plan_${run}`, label: "Plan", type: "single_select", options: ["free", "pro"] });
    await define({ entity: "company", key: `seats_${run}`, label: "Seats", type: "number" });
    const base = { name: `bad attr ${run}`, event: "customer_message", actions: [{ type: "set_priority", priority: "high" }] };
    const bad: [unknown, RegExp][] = [
      [{ field: "attribute", of: "contact", key: "nope", op: "equals", value: "x" }, /conditions\.0\.key: no contact attribute/],
      [{ field: "attribute", of: "company", key: `seats_${run}`, op: "contains", value: "1" }, /conditions\.0\.op/],
      [
        { field: "attribute", of: "company", key: `seats_${run}`, op: "greater_than", value: "many" },
        /conditions\.0\.value: expects a number/,
      ],
      [{ field: "attribute", of: "contact", key: `plan_${run}`, op: "equals", value: "gold" }, /conditions\.0\.value/],
      [{ field: "attribute", of: "contact", key: `plan_${run}`, op: "equals" }, /conditions\.0\.value: needs a value/],
    ];
    for (const [condition, message] of bad) {
      const res = await api("POST", "/automation-rules", { ...base, conditions: [condition] });
      expect(res.status, JSON.stringify(condition)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }

    await rule({
      name: "Big pro customer",
      conditions: [
        { field: "attribute", of: "contact", key: `plan_${run}`, op: "equals", value: "pro" },
        // A form sends numbers as text: compared as a number all the same (9 < 10 < 100 as numbers, not as text).
        { field: "attribute", of: "company", key: `seats_${run}`, op: "greater_than", value: "10" },
      ],
      actions: [{ type: "add_tags", tags: ["big-pro"] }],
    });
    const from = `+${++phone}`;
    const first = await sms.customerWrites(from, "はじめまして");
    const contactId = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } })).contactId;
    const company = await api("POST", "/companies", { name: `Acme ${run}`, attributes: { [`seats_${run}`]: 9 } });
    expect(company.status, JSON.stringify(company.body)).toBe(201);
    const patched = await api("PATCH", `/contacts/${contactId}`, { companyId: company.body.id, attributes: { [`plan_${run}`]: "pro" } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);

    await sms.customerWrites(from, "9席です");
    expect((await api("PATCH", `/companies/${company.body.id}`, { attributes: { [`seats_${run}`]: 100 } })).status).toBe(200);
    const last = await sms.customerWrites(from, "100席になりました");
    // It acted once, on the message after the company grew past 10 seats (9 seats did not match).
    const lastAt = (await server.ctx.db.message.findUniqueOrThrow({ where: { id: last.messageId } })).createdAt;
    await waitFor(async () => {
      const byRule = await server.ctx.db.message.findMany({
        where: { conversationId: first.conversationId, meta: { path: ["rule", "name"], equals: `Big pro customer ${run}` } },
      });
      expect(byRule).toHaveLength(1);
      expect(byRule[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(lastAt.getTime());
    });
    expect(last.conversationId).toBe(first.conversationId);
    expect(await tagsOf(first.conversationId)).toEqual(["big-pro"]);
  });

  it("calls an outgoing webhook through the outbox with an automation.rule event", async () => {
    const endpoint = await api("POST", "/webhooks", { url: `${receiver.url}/rules`, events: ["contact.updated"] });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
    const unknown = await api("POST", "/automation-rules", {
      name: `bad hook ${run}`,
      event: "customer_message",
      actions: [{ type: "call_webhook", webhookId: "nope" }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/actions\.0\.webhookId: unknown id/);

    const r = await rule({
      name: "Tell the CRM",
      conditions: [{ field: "text", op: "contains", values: ["解約"] }],
      actions: [{ type: "call_webhook", webhookId: endpoint.body.id }],
    });
    const c = await sms.customerWrites(`+${++phone}`, "解約したいです");
    await receiver.waitFor((got) => got.some((w) => w.json.type === "automation.rule"), 20_000);
    const hook = receiver.received.find((w) => w.json.type === "automation.rule")!;
    expect(hook.json.data).toMatchObject({ rule: { id: r.id, name: r.name }, conversation: { id: c.conversationId } });
    const { t, v1 } = Object.fromEntries(
      String(hook.headers["x-switchboard-signature"])
        .split(",")
        .map((p) => p.split("=") as [string, string]),
    );
    expect(createHmac("sha256", endpoint.body.secret).update(`${t}.${hook.body}`).digest("hex")).toBe(v1);
    const delivery = await server.ctx.db.webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.body.id, eventType: "automation.rule" },
    });
    expect(delivery.eventId).toBe(hook.json.id);
  });

  it("time-based with business hours only: the minutes count only while open", async () => {
    // Mon–Fri 09:00–12:00 and 13:00–18:00 in Tokyo; a lunch break in between.
    const weekdays = [1, 2, 3, 4, 5].flatMap((day) => [
      { day, start: "09:00", end: "12:00" },
      { day, start: "13:00", end: "18:00" },
    ]);
    const schedule = await hours("Office", weekdays);
    const office = await createSmsInbox(server);
    try {
      expect((await api("PUT", `/inboxes/${office.id}/business-hours`, { businessHoursId: schedule })).status).toBe(200);
      const r = await rule({
        name: "Business hour nudge",
        event: "open_no_reply",
        minutes: 60,
        businessHoursOnly: true,
        conditions: [{ field: "inbox", op: "is", values: [office.id] }],
        actions: [{ type: "add_note", text: "1 business hour without a reply" }],
      });
      expect((await api("GET", `/automation-rules/${r.id}`)).body.businessHoursOnly).toBe(true);
      const c = await office.customerWrites(`+${++phone}`, "至急お願いします");
      // The last message came on Monday 7 December 2026 at 11:30 in Tokyo (a future day, so the server's own timer leaves it alone).
      await server.ctx.db.message.updateMany({
        where: { conversationId: c.conversationId },
        data: { createdAt: new Date("2026-12-07T02:30:00Z") },
      });
      const notes = () => server.ctx.db.message.count({ where: { conversationId: c.conversationId, kind: "note" } });

      // 12:45: an hour of calendar time, but 30 business minutes (11:30–12:00).
      await runTimeRules(server.ctx, new Date("2026-12-07T03:45:00Z"));
      expect(await notes()).toBe(0);
      // 13:29: 59 business minutes.
      await runTimeRules(server.ctx, new Date("2026-12-07T04:29:00Z"));
      expect(await notes()).toBe(0);
      // 13:31: past the 60th business minute (13:30); once however often it runs.
      await runTimeRules(server.ctx, new Date("2026-12-07T04:31:00Z"));
      await runTimeRules(server.ctx, new Date("2026-12-07T04:40:00Z"));
      expect(await notes()).toBe(1);
      const timer = await server.ctx.db.automationTimer.findFirstOrThrow({ where: { ruleId: r.id, conversationId: c.conversationId } });
      expect(timer.dueAt.toISOString()).toBe("2026-12-07T04:30:00.000Z");

      const calendarOnly = await api("POST", "/automation-rules", {
        name: `bad bh ${run}`,
        event: "customer_message",
        businessHoursOnly: true,
        actions: [{ type: "add_note", text: "x" }],
      });
      expect(calendarOnly.status).toBe(400);
      expect(calendarOnly.body.error.message).toMatch(/businessHoursOnly/);
    } finally {
      await office.twilio.close();
    }
  });
});

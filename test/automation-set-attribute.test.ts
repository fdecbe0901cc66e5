import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createSmsInbox, type SmsInbox, waitFor } from "./collab-fixtures.ts";

/**
 * The `set_attribute` action of rules and macros (issue 14: attributes in automation actions), through
 * the real server: a rule sets the conversation's, its contact's and the company's custom attributes
 * when a customer texts; a macro clears one; a value that does not fit the definition is a 400 naming
 * `actions.N.value` when the rule or macro is saved, an unknown key names `actions.N.key`.
 */
let server: TestServer;
let token: string;
let sms: SmsInbox;
const run = Math.random().toString(36).slice(2, 8);
let phone = 819080000000 + Math.floor(Math.random() * 1e5);
const api = (method: string, path: string, body?: unknown) => server.api(method, `/api/v1${path}`, body, token);
const keys = { tier: `tier_${run}`, seats: `seats_${run}`, vip: `vip_${run}` };

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  sms = await createSmsInbox(server);
  for (const body of [
    { entity: "contact", key: keys.tier, label: "Tier", type: "single_select", options: ["gold", "silver"] },
    { entity: "company", key: keys.seats, label: "Seats", type: "number" },
    { entity: "conversation", key: keys.vip, label: "VIP", type: "checkbox" },
  ]) {
    const res = await api("POST", "/attributes", body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(async () => {
  await sms?.twilio.close();
  await server?.stop();
});

describe("the set_attribute action", () => {
  it("a rule sets the conversation's, the contact's and the company's attributes", async () => {
    const first = await sms.customerWrites(`+${++phone}`, "hello");
    const { contactId } = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } });
    const company = await api("POST", "/companies", { name: `Acme ${run}` });
    expect(company.status, JSON.stringify(company.body)).toBe(201);
    expect((await api("PATCH", `/contacts/${contactId}`, { companyId: company.body.id })).status).toBe(200);

    const rule = await api("POST", "/automation-rules", {
      name: `Gold customers ${run}`,
      event: "customer_message",
      conditions: [{ field: "text", op: "contains", values: ["gold"] }],
      actions: [
        { type: "set_attribute", of: "conversation", key: keys.vip, value: true },
        { type: "set_attribute", of: "contact", key: keys.tier, value: "gold" },
        { type: "set_attribute", of: "company", key: keys.seats, value: "25" },
      ],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const again = await sms.customerWrites(`+${phone}`, "I am a gold member");
    expect(again.conversationId).toBe(first.conversationId);
    // The actions run in order after the message is stored: wait for the last one.
    await waitFor(async () => {
      const stored = await server.ctx.db.company.findUniqueOrThrow({ where: { id: company.body.id }, select: { attributes: true } });
      expect(stored.attributes).toEqual({ [keys.seats]: 25 });
    });
    const c = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId }, select: { attributes: true } });
    expect(c.attributes).toMatchObject({ [keys.vip]: true });
    const contact = await api("GET", `/contacts/${contactId}`);
    expect(contact.body.attributes).toMatchObject({ [keys.tier]: "gold" });
    // Each change is on the record's timeline and in the audit log as the rule's (decision 026).
    const ruleName = `Gold customers ${run}`;
    const contactTimeline = (await api("GET", `/contacts/${contactId}/timeline`)).body.items;
    expect(contactTimeline).toContainEqual(
      expect.objectContaining({
        kind: "attribute_change",
        change: expect.objectContaining({ label: "Tier", to: "gold", ruleName, actorName: null }),
      }),
    );
    const companyTimeline = (await api("GET", `/companies/${company.body.id}/timeline`)).body.items;
    expect(companyTimeline).toContainEqual(
      expect.objectContaining({
        kind: "attribute_change",
        change: expect.objectContaining({ label: "Seats", from: null, to: 25, ruleName }),
      }),
    );
    const events = await server.ctx.db.message.findMany({
      where: { conversationId: first.conversationId, kind: "event" },
      select: { text: true },
    });
    expect(events.map((e) => e.text)).toContain(`Rule "${ruleName}" set VIP to yes`);
    const audit = (await api("GET", "/audit-log?action=contact.attributes_changed")).body.items;
    expect(audit).toContainEqual(
      expect.objectContaining({ targetId: contactId, after: { attributes: { [keys.tier]: "gold" }, rule: ruleName } }),
    );

    // A macro clears the contact's tier.
    const macro = await api("POST", "/macros", {
      name: `Downgrade ${run}`,
      actions: [{ type: "set_attribute", of: "contact", key: keys.tier, value: null }],
    });
    expect(macro.status, JSON.stringify(macro.body)).toBe(201);
    const ran = await api("POST", `/macros/${macro.body.id}/run`, { conversationId: first.conversationId });
    expect(ran.status, JSON.stringify(ran.body)).toBe(200);
    expect(ran.body.failures).toEqual([]);
    expect((await api("GET", `/contacts/${contactId}`)).body.attributes[keys.tier]).toBeUndefined();
    await api("DELETE", `/automation-rules/${rule.body.id}`);
  });

  it("a value that does not fit, or an unknown attribute, is a 400 naming the action when saved", async () => {
    const save = (path: string, actions: unknown[]) =>
      api("POST", path, { name: `Bad ${path} ${Math.random()}`, event: path === "/macros" ? undefined : "customer_message", actions });
    const wrongValue = await save("/automation-rules", [
      { type: "add_tags", tags: ["x"] },
      { type: "set_attribute", of: "contact", key: keys.tier, value: "bronze" },
    ]);
    expect(wrongValue.status).toBe(400);
    expect(wrongValue.body.error.message).toMatch(/actions\.1\.value: .*gold, silver/);
    const wrongNumber = await save("/macros", [{ type: "set_attribute", of: "company", key: keys.seats, value: "many" }]);
    expect(wrongNumber.status).toBe(400);
    expect(wrongNumber.body.error.message).toMatch(/actions\.0\.value: .*expects a number/);
    const unknown = await save("/automation-rules", [{ type: "set_attribute", of: "company", key: keys.tier, value: "gold" }]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/actions\.0\.key: no company attribute/);
    const badEntity = await save("/automation-rules", [{ type: "set_attribute", of: "user", key: keys.tier, value: "gold" }]);
    expect(badEntity.status).toBe(400);
    expect(badEntity.body.error.message).toMatch(/actions\.0\.of/);
  });
});

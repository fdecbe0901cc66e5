import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { startTestServer, type TestServer } from "./support/server.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { updateContact } from "~/server/domain/contacts/update-contact.ts";
import "~/app/i18n/dictionaries.server.ts";
import { translator } from "~/app/i18n/index.ts";
import { attributeChangeText } from "~/app/components/conversation/event-text.ts";

/**
 * Attribute changes on the record's timeline and in the audit log (issue 14; docs/decisions/026): an
 * agent's edit (the page action and REST call the same flow), an API PATCH of contacts, companies and
 * conversations, and a CSV import's update each leave a timeline line naming who changed what from
 * what to what, and one audit entry; a write that changes nothing leaves neither. (Automation's
 * set_attribute: test/automation-set-attribute.test.ts.)
 */
let server: TestServer;
let maya: string;
let mayaId: string;
let agent: string;
let contactId: string;
let companyId: string;
let conversationId: string;
const run = randomBytes(3).toString("hex");
const email = `hist-${run}@example.jp`;

const api = (method: string, path: string, body?: unknown, token = maya) => server.api(method, path, body, token);
const ok = async (res: Promise<{ status: number; body: any }>) => {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  const admin = await server.apiToken();
  const user = (name: string, role: string) =>
    server.api("POST", "/api/v1/users", { email: `${name}-${run}@test.local`, name, role, password: "history password 123" }, admin);
  mayaId = (await user("Maya", "admin")).body.id;
  maya = await server.apiToken(mayaId);
  agent = await server.apiToken((await user("Ken", "agent")).body.id);
  const legal = (await api("POST", "/api/v1/departments", { name: `Legal ${run}`, restricted: true })).body.id;
  for (const body of [
    { entity: "contact", key: "plan", label: "Plan", labelJa: "プラン", type: "single_select", options: ["Free", "Pro"] },
    { entity: "contact", key: "secret_note", label: "Secret", type: "text", departmentIds: [legal] },
    { entity: "company", key: "seats", label: "Seats", labelJa: "席数", type: "number" },
    { entity: "conversation", key: "vip", label: "VIP", type: "checkbox" },
  ]) {
    const res = await api("POST", "/api/v1/attributes", body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const inbox = await server.ctx.db.inbox.create({
    data: { kind: "email", name: "Support", config: { address: `s-${run}@example.test` } },
  });
  conversationId = (
    await ingestInboundMessage(server.ctx, {
      inboxId: inbox.id,
      message: { providerMessageId: `<h-${run}@example.jp>`, from: { kind: "email", address: email }, subject: "Upgrade", text: "hi" },
    })
  ).conversationId;
  contactId = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).contactId;
  companyId = (await api("POST", "/api/v1/companies", { name: `Hist ${run}` })).body.id;
  await ok(api("PATCH", `/api/v1/contacts/${contactId}`, { companyId }));
});
afterAll(async () => {
  await server?.stop();
});

const changes = async (path: string, token = maya) =>
  ((await ok(api("GET", path, undefined, token))).items as any[]).filter((i) => i.kind === "attribute_change").map((i) => i.change);
const audit = async (action: string, targetId: string) =>
  ((await ok(api("GET", `/api/v1/audit-log?action=${action}`))).items as any[]).filter((e) => e.targetId === targetId);

describe("attribute changes", () => {
  it("an API PATCH of a contact: on its timeline and in the audit log, from what to what", async () => {
    await ok(api("PATCH", `/api/v1/contacts/${contactId}`, { attributes: { plan: "Free" } }));
    await ok(api("PATCH", `/api/v1/contacts/${contactId}`, { attributes: { plan: "Pro" } }));
    const timeline = await changes(`/api/v1/contacts/${contactId}/timeline`);
    expect(timeline.slice(0, 2)).toEqual([
      { key: "plan", label: "Plan", labelJa: "プラン", from: "Free", to: "Pro", actorName: "Maya", ruleName: null, via: null },
      { key: "plan", label: "Plan", labelJa: "プラン", from: null, to: "Free", actorName: "Maya", ruleName: null, via: null },
    ]);
    const [entry] = await audit("contact.attributes_changed", contactId);
    expect(entry).toMatchObject({
      actor: { id: mayaId, name: "Maya" },
      targetType: "contact",
      before: { attributes: { plan: "Free" } },
      after: { attributes: { plan: "Pro" } },
    });
    // The company's timeline shows its people's conversations, not their attribute changes.
    expect(await changes(`/api/v1/companies/${companyId}/timeline`)).toEqual([]);
  });

  it("reads in English and Japanese", () => {
    const change = { label: "Plan", labelJa: "プラン", from: "Free", to: "Pro" };
    expect(attributeChangeText(translator("en"), "Maya", "en", change)).toBe("Maya changed Plan from Free to Pro");
    expect(attributeChangeText(translator("ja"), "Maya", "ja", change)).toBe("Maya が プラン を Free から Pro に変更");
    expect(attributeChangeText(translator("ja"), "Maya", "ja", { ...change, to: null })).toBe("Maya が プラン を消去");
  });

  it("a write that changes nothing leaves no line and no entry", async () => {
    const before = (await changes(`/api/v1/contacts/${contactId}/timeline`)).length;
    const entries = (await audit("contact.attributes_changed", contactId)).length;
    await ok(api("PATCH", `/api/v1/contacts/${contactId}`, { attributes: { plan: "Pro" } }));
    expect(await changes(`/api/v1/contacts/${contactId}/timeline`)).toHaveLength(before);
    expect(await audit("contact.attributes_changed", contactId)).toHaveLength(entries);
  });

  it("an agent's edit through the page flow names the agent; hidden attributes stay hidden", async () => {
    const actor = { id: mayaId, email: "", name: "Maya", role: "admin" as const, locale: "en", departmentIds: [], ip: "203.0.113.9" };
    await updateContact(server.ctx, actor, contactId, { attributes: { secret_note: "VIP lawsuit" } });
    expect((await changes(`/api/v1/contacts/${contactId}/timeline`))[0]).toMatchObject({ label: "Secret", to: "VIP lawsuit" });
    // Ken is not in Legal: neither the value nor its change reach him.
    expect((await changes(`/api/v1/contacts/${contactId}/timeline`, agent)).map((c) => c.key)).not.toContain("secret_note");
    const [entry] = await audit("contact.attributes_changed", contactId);
    expect(entry).toMatchObject({ ip: "203.0.113.9", after: { attributes: { secret_note: "VIP lawsuit" } } });
  });

  it("a company PATCH: on the company's timeline and in the audit log", async () => {
    await ok(api("PATCH", `/api/v1/companies/${companyId}`, { attributes: { seats: "12" } }));
    expect((await changes(`/api/v1/companies/${companyId}/timeline`))[0]).toMatchObject({
      label: "Seats",
      from: null,
      to: 12,
      actorName: "Maya",
    });
    const [entry] = await audit("company.attributes_changed", companyId);
    expect(entry).toMatchObject({ targetType: "company", targetLabel: `Hist ${run}`, after: { attributes: { seats: 12 } } });
  });

  it("a conversation PATCH: an event on the conversation's timeline and an audit entry", async () => {
    await ok(api("PATCH", `/api/v1/conversations/${conversationId}`, { attributes: { vip: true } }));
    const messages = (await ok(api("GET", `/api/v1/conversations/${conversationId}`))).messages as any[];
    const event = messages.find((m) => m.kind === "event" && m.meta.event === "attribute");
    expect(event).toMatchObject({
      text: "Maya set VIP to yes",
      meta: { key: "vip", label: "VIP", from: null, to: true, actorName: "Maya" },
    });
    const [entry] = await audit("conversation.attributes_changed", conversationId);
    expect(entry).toMatchObject({ actor: { id: mayaId }, before: { attributes: { vip: null } }, after: { attributes: { vip: true } } });
  });

  it("a CSV import's update says it came from the import", async () => {
    const form = new FormData();
    form.set("entity", "contact");
    form.set("mapping", JSON.stringify({ email: "email", plan: "attributes.plan" }));
    form.set("file", new Blob([Buffer.from(`email,plan\n${email},Free\n`)]), "plans.csv");
    const res = await fetch(`${server.url}/api/v1/imports`, { method: "POST", body: form, headers: { authorization: `Bearer ${maya}` } });
    const job = (await res.json()) as { id: string };
    expect(res.status, JSON.stringify(job)).toBe(201);
    await expect.poll(async () => (await api("GET", `/api/v1/imports/${job.id}`)).body.status, { timeout: 30_000 }).toBe("done");
    expect((await changes(`/api/v1/contacts/${contactId}/timeline`))[0]).toMatchObject({
      label: "Plan",
      from: "Pro",
      to: "Free",
      actorName: "Maya",
      via: "import",
    });
    const [entry] = await audit("contact.attributes_changed", contactId);
    expect(entry).toMatchObject({ actor: { id: mayaId }, after: { attributes: { plan: "Free" }, via: "import" } });
  });
});

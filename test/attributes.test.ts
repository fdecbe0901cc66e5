import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { startTestServer, type TestServer } from "./support/server.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { validateAttributeValues } from "~/server/domain/attributes/validate-attribute-values.ts";

/**
 * Custom attributes through REST API v1 (issue 14): definitions of every type for contacts, companies
 * and conversations, values validated on each write path with a 400 naming the attribute, the
 * validation function other flows call, required-on-resolve, and per-department visibility.
 */
let server: TestServer;
let admin: string;
let agent: string;
let contactId: string;
let companyId: string;
let conversationId: string;
let legalId: string;
const run = randomBytes(3).toString("hex");

const api = (method: string, path: string, body?: unknown, token = admin) => server.api(method, path, body, token);

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  const user = await api("POST", "/api/v1/users", {
    email: `agent-${run}@test.local`,
    name: "Agent",
    role: "agent",
    password: "agent password 123",
  });
  agent = await server.apiToken(user.body.id);
  legalId = (await api("POST", "/api/v1/departments", { name: `Legal ${run}` })).body.id;
  const inbox = await server.ctx.db.inbox.create({ data: { kind: "email", name: "Support", config: { address: "support@example.test" } } });
  conversationId = (
    await ingestInboundMessage(server.ctx, {
      inboxId: inbox.id,
      message: {
        providerMessageId: `<a-${run}@example.jp>`,
        from: { kind: "email", address: `attr-${run}@example.jp` },
        subject: "hi",
        text: "hi",
      },
    })
  ).conversationId;
  contactId = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).contactId;
  companyId = (await api("POST", "/api/v1/companies", { name: `Attr ${run}` })).body.id;
});
afterAll(async () => {
  await server?.stop();
});

// One attribute of each type per entity; `good` is a valid value (and what it is stored as), `bad` a wrong one.
const TYPES = [
  { type: "text", good: " 大口 ", stored: "大口", bad: { x: 1 } },
  { type: "number", good: "12", stored: 12, bad: "twelve" },
  { type: "date", good: "2026-12-24", stored: "2026-12-24", bad: "2026-13-01" },
  { type: "single_select", options: ["gold", "silver"], good: "gold", stored: "gold", bad: "bronze" },
  { type: "multi_select", options: ["a", "b"], good: ["b", "a"], stored: ["b", "a"], bad: ["c"] },
  { type: "checkbox", good: true, stored: true, bad: "maybe" },
  { type: "url", good: "https://example.com/x", stored: "https://example.com/x", bad: "ftp:/nope" },
] as const;

const paths = {
  contact: () => `/api/v1/contacts/${contactId}`,
  company: () => `/api/v1/companies/${companyId}`,
  conversation: () => `/api/v1/conversations/${conversationId}`,
} as const;

describe("attribute definitions", () => {
  it.each(["contact", "company", "conversation"] as const)("defines one attribute of every type for %s", async (entity) => {
    for (const t of TYPES) {
      const res = await api("POST", "/api/v1/attributes", {
        entity,
        key: `${t.type}_${entity}`,
        label: `${t.type} label`,
        labelJa: `${t.type} ラベル`,
        type: t.type,
        options: "options" in t ? t.options : undefined,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const list = await api("GET", `/api/v1/attributes?entity=${entity}`);
    expect(list.body.items.map((a: { type: string }) => a.type)).toEqual(TYPES.map((t) => t.type));
  });

  it("refuses malformed definitions, duplicates, and non-admins", async () => {
    const base = { entity: "contact", key: "tier", label: "Tier", type: "single_select" };
    expect((await api("POST", "/api/v1/attributes", base)).status).toBe(400);
    expect((await api("POST", "/api/v1/attributes", { ...base, type: "text", options: ["x"] })).status).toBe(400);
    expect((await api("POST", "/api/v1/attributes", { ...base, type: "colour" })).status).toBe(400);
    expect((await api("POST", "/api/v1/attributes", { ...base, key: "Bad Key", type: "text" })).status).toBe(400);
    expect((await api("POST", "/api/v1/attributes", { ...base, type: "text", required: true })).status).toBe(400);
    expect((await api("POST", "/api/v1/attributes", { ...base, type: "text" }, agent)).status).toBe(403);
    expect((await api("POST", "/api/v1/attributes", { ...base, key: "text_contact", type: "text" })).status).toBe(409);
  });
});

describe.each(["contact", "company", "conversation"] as const)("%s attribute values", (entity) => {
  it.each(TYPES)("stores a valid $type value and refuses a wrong one with a 400 naming it", async (t) => {
    const key = `${t.type}_${entity}`;
    const ok = await api("PATCH", paths[entity](), { attributes: { [key]: t.good } }, agent);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const bad = await api("PATCH", paths[entity](), { attributes: { [key]: t.bad } }, agent);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain(`attribute ${key}`);
    const read = await api("GET", paths[entity](), undefined, agent);
    const values = entity === "conversation" ? read.body.conversation.attributes : read.body.attributes;
    expect(values[key]).toEqual(t.stored);
  });

  it("refuses an unknown key and clears a value with null", async () => {
    const unknown = await api("PATCH", paths[entity](), { attributes: { nope: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("attribute nope: no such attribute");
    expect((await api("PATCH", paths[entity](), { attributes: { [`text_${entity}`]: null } })).status).toBe(200);
    const read = await api("GET", paths[entity]());
    const values = entity === "conversation" ? read.body.conversation.attributes : read.body.attributes;
    expect(values).not.toHaveProperty(`text_${entity}`);
    expect(values).toHaveProperty(`number_${entity}`, 12);
  });
});

describe("attributes elsewhere", () => {
  it("validates a new company's attributes", async () => {
    const bad = await api("POST", "/api/v1/companies", { name: "X", attributes: { number_company: "lots" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("attribute number_company");
  });

  it("exposes the same validation to other flows (automation, import)", async () => {
    await expect(validateAttributeValues(server.ctx, null, "contact", { date_contact: "tomorrow" })).rejects.toThrow(
      /attribute date_contact/,
    );
    expect(await validateAttributeValues(server.ctx, null, "contact", { number_contact: "3" })).toEqual({ number_contact: 3 });
  });

  it("requires a required conversation attribute before resolving", async () => {
    const def = await api("POST", "/api/v1/attributes", {
      entity: "conversation",
      key: "reason",
      label: "Reason",
      type: "single_select",
      options: ["billing", "bug"],
      required: true,
    });
    expect(def.status).toBe(201);
    const refused = await api("PATCH", paths.conversation(), { status: "resolved" }, agent);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("attribute reason (Reason)");
    const resolved = await api("PATCH", paths.conversation(), { status: "resolved", attributes: { reason: "bug" } }, agent);
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    await api("PATCH", `/api/v1/attributes/${def.body.id}`, { required: false });
  });

  it("hides an attribute of one department from agents outside it, on reads and writes", async () => {
    const def = await api("POST", "/api/v1/attributes", {
      entity: "contact",
      key: "legal_hold",
      label: "Legal hold",
      type: "checkbox",
      departmentIds: [legalId],
    });
    expect(def.status).toBe(201);
    expect((await api("PATCH", paths.contact(), { attributes: { legal_hold: true } })).status).toBe(200);
    const asAgent = await api("GET", paths.contact(), undefined, agent);
    expect(asAgent.body.attributes).not.toHaveProperty("legal_hold");
    expect((await api("PATCH", paths.contact(), { attributes: { legal_hold: false } }, agent)).status).toBe(400);
    const list = await api("GET", "/api/v1/attributes?entity=contact", undefined, agent);
    expect(list.body.items.map((a: { key: string }) => a.key)).not.toContain("legal_hold");
    expect((await api("GET", paths.contact())).body.attributes.legal_hold).toBe(true);
  });
});

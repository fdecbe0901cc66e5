import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { startTestServer, type TestServer } from "./support/server.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

/**
 * Attribute filters of the conversation lists (issue 14; docs/decisions/026): `filter` on
 * GET /api/v1/conversations and GET /api/v1/search, over conversation, contact and company attributes
 * of every type, compiled by the customer filter language. Bad values are a 400 naming the attribute;
 * keys and values cannot inject SQL; restricted departments' conversations stay hidden.
 */
let server: TestServer;
let admin: string;
let agent: string;
let legalId: string;
const run = randomBytes(3).toString("hex");
const keyOf = new Map<string, string>();

const api = (method: string, path: string, body?: unknown, token = agent) => server.api(method, path, body, token);

const TYPES = [
  ["t_text", "text"],
  ["t_number", "number"],
  ["t_date", "date"],
  ["t_select", "single_select"],
  ["t_multi", "multi_select"],
  ["t_check", "checkbox"],
  ["t_url", "url"],
] as const;
const ENTITIES = ["conversation", "contact", "company"] as const;
const VALUES = {
  a: {
    t_text: "Gold Plan",
    t_number: 10,
    t_date: "2026-12-24",
    t_select: "gold",
    t_multi: ["a", "b"],
    t_check: true,
    t_url: "https://acme.example/x",
  },
  b: { t_text: "silver", t_number: 3, t_date: "2026-01-05", t_select: "silver", t_multi: ["b"] },
};

async function conversation(key: string, inboxId: string, values: Record<string, unknown>, companyId: string) {
  const { conversationId } = await ingestInboundMessage(server.ctx, {
    inboxId,
    message: {
      providerMessageId: `<${key}-${run}@example.jp>`,
      from: { kind: "email", address: `${key}-${run}@example.jp` },
      subject: `${key} hello`,
      text: "hello there",
    },
  });
  keyOf.set(conversationId, key);
  const { contactId } = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
  const ok = async (res: Promise<{ status: number; body: unknown }>) =>
    expect((await res).status, JSON.stringify((await res).body)).toBe(200);
  await ok(api("PATCH", `/api/v1/conversations/${conversationId}`, { attributes: values }, admin));
  await ok(api("PATCH", `/api/v1/contacts/${contactId}`, { attributes: values, companyId }, admin));
  await ok(api("PATCH", `/api/v1/companies/${companyId}`, { attributes: values }, admin));
}

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  const user = await api(
    "POST",
    "/api/v1/users",
    { email: `agent-${run}@test.local`, name: "Agent", role: "agent", password: "agent password 123" },
    admin,
  );
  agent = await server.apiToken(user.body.id);
  legalId = (await api("POST", "/api/v1/departments", { name: `Legal ${run}`, restricted: true }, admin)).body.id;
  for (const entity of ENTITIES) {
    for (const [key, type] of TYPES) {
      const options = type.endsWith("select") ? (key === "t_multi" ? ["a", "b"] : ["gold", "silver"]) : undefined;
      const res = await api("POST", "/api/v1/attributes", { entity, key, label: `L ${key}`, type, options }, admin);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }
  await api("POST", "/api/v1/attributes", { entity: "contact", key: "tier", label: "Tier", type: "text", departmentIds: [legalId] }, admin);
  const inbox = await server.ctx.db.inbox.create({
    data: { kind: "email", name: "Support", config: { address: `s-${run}@example.test` } },
  });
  const legalInbox = await server.ctx.db.inbox.create({
    data: { kind: "email", name: "Legal", departmentId: legalId, config: { address: `l-${run}@example.test` } },
  });
  const acme = (await api("POST", "/api/v1/companies", { name: `Acme ${run}` }, admin)).body.id;
  const beta = (await api("POST", "/api/v1/companies", { name: `Beta ${run}` }, admin)).body.id;
  const lex = (await api("POST", "/api/v1/companies", { name: `Lex ${run}` }, admin)).body.id;
  await conversation("a", inbox.id, VALUES.a, acme);
  await conversation("b", inbox.id, VALUES.b, beta);
  // Same values as "a", in a restricted department the agent is not a member of.
  await conversation("legal", legalInbox.id, VALUES.a, lex);
});
afterAll(async () => {
  await server?.stop();
});

const filterParam = (conditions: unknown[]) => encodeURIComponent(JSON.stringify({ all: conditions }));

async function listed(conditions: unknown[], token = agent) {
  const res = await api("GET", `/api/v1/conversations?status=active&filter=${filterParam(conditions)}`, undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as { id: string }[]).map((c) => keyOf.get(c.id)).sort();
}
async function searched(conditions: unknown[], q = "", token = agent) {
  const res = await api("GET", `/api/v1/search?q=${q}&filter=${filterParam(conditions)}`, undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as { conversationId: string }[]).map((c) => keyOf.get(c.conversationId)).sort();
}

// [key, op, value, conversations the agent gets]; "legal" matches like "a" but is never visible to the agent.
const CASES: [string, string, unknown, string[]][] = [
  ["t_text", "contains", "GOLD", ["a"]],
  ["t_text", "is_not", "gold plan", ["b"]],
  ["t_number", "gte", 5, ["a"]],
  ["t_number", "lt", 5, ["b"]],
  ["t_date", "on", "2026-12-24", ["a"]],
  ["t_date", "before", "2026-06-01", ["b"]],
  ["t_select", "is", ["gold"], ["a"]],
  ["t_select", "is_not", "gold", ["b"]],
  ["t_multi", "has_all", ["a", "b"], ["a"]],
  ["t_multi", "has_any", ["b"], ["a", "b"]],
  ["t_multi", "has_none", ["a"], ["b"]],
  ["t_check", "is_true", undefined, ["a"]],
  ["t_check", "is_false", undefined, ["b"]],
  ["t_url", "contains", "acme.example", ["a"]],
  ["t_url", "is_not_set", undefined, ["b"]],
];

describe.each(ENTITIES)("%s attributes", (entity) => {
  it.each(CASES)(`filters the inbox list on ${entity}.attribute.%s %s %j`, async (key, op, value, expected) => {
    expect(await listed([{ field: `${entity}.attribute.${key}`, op, value }])).toEqual(expected);
  });

  it("filters search, with and without words", async () => {
    const field = `${entity}.attribute.t_number`;
    expect(await searched([{ field, op: "gt", value: 1 }])).toEqual(["a", "b"]);
    expect(await searched([{ field, op: "gt", value: 5 }], "hello")).toEqual(["a"]);
    expect(await searched([{ field, op: "gt", value: 5 }], "hello", admin)).toEqual(["a", "legal"]);
  });

  it.each([
    ["t_text", "is", true, "expects text"],
    ["t_number", "gt", "many", "expects a number"],
    ["t_date", "on", "2026-13-01", "expects a date"],
    ["t_select", "is", 5, "expects text"],
    ["t_multi", "has_any", [" "], "expects text"],
    ["t_check", "is", "yes", "takes is_true, is_false"],
    ["t_url", "contains", false, "expects text"],
  ])("refuses a bad %s value with a 400 naming the attribute", async (key, op, value, problem) => {
    for (const path of ["/api/v1/conversations", "/api/v1/search"]) {
      const res = await api("GET", `${path}?filter=${filterParam([{ field: `${entity}.attribute.${key}`, op, value }])}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`${entity} attribute ${key} (L ${key})`);
      expect(res.body.error.message).toContain(problem);
    }
  });
});

describe("conversation attribute filters", () => {
  it("combines conditions of several entities with all and any", async () => {
    const all = [
      { field: "conversation.attribute.t_select", op: "is", value: "gold" },
      { field: "company.attribute.t_number", op: "eq", value: 10 },
    ];
    expect(await listed(all, admin)).toEqual(["a", "legal"]);
    const any = {
      any: [
        { field: "contact.attribute.t_check", op: "is_true" },
        { field: "company.attribute.t_date", op: "after", value: "2026-01-01" },
      ],
    };
    expect(await listed([any])).toEqual(["a", "b"]);
  });

  it("keeps restricted departments' conversations out for non-members, on every page", async () => {
    expect(await listed([{ field: "contact.attribute.t_text", op: "is_set" }])).toEqual(["a", "b"]);
    expect(await listed([{ field: "contact.attribute.t_text", op: "is_set" }], admin)).toEqual(["a", "b", "legal"]);
    const first = await api(
      "GET",
      `/api/v1/conversations?limit=1&filter=${filterParam([{ field: "contact.attribute.t_text", op: "is_set" }])}`,
      undefined,
      admin,
    );
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await api(
        "GET",
        `/api/v1/conversations?limit=1&cursor=${cursor}&filter=${filterParam([{ field: "contact.attribute.t_text", op: "is_set" }])}`,
        undefined,
        admin,
      );
      seen.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    expect(seen.map((c: { id: string }) => keyOf.get(c.id)).sort()).toEqual(["a", "b", "legal"]);
  });

  it("treats an attribute of another department like one that does not exist", async () => {
    const condition = [{ field: "contact.attribute.tier", op: "is_set" }];
    const res = await api("GET", `/api/v1/conversations?filter=${filterParam(condition)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("no such contact attribute tier");
    expect(await listed([{ field: "contact.attribute.tier", op: "is_not_set" }], admin)).toEqual(["a", "b", "legal"]);
  });

  it("names a malformed filter", async () => {
    const notJson = await api("GET", "/api/v1/conversations?filter=%7Bnope");
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toContain("filter: expects JSON");
    const badField = await api("GET", `/api/v1/conversations?filter=${filterParam([{ field: "plan", op: "is", value: "x" }])}`);
    expect(badField.status).toBe(400);
    expect(badField.body.error.message).toContain("filter.all.0.field");
  });

  it("cannot be used to inject SQL through keys or values", async () => {
    for (const field of [`contact.attribute.t_text' OR '1'='1`, `contact.attribute.t_text"; DROP TABLE "Contact"; --`]) {
      const res = await api("GET", `/api/v1/conversations?filter=${filterParam([{ field, op: "is_set" }])}`, undefined, admin);
      expect(res.status).toBe(400);
    }
    for (const value of ["x' OR '1'='1", `'; DROP TABLE "Contact"; --`, "%", "_"]) {
      expect(await listed([{ field: "contact.attribute.t_text", op: "contains", value }], admin)).toEqual([]);
      expect(await listed([{ field: "company.attribute.t_select", op: "is", value }], admin)).toEqual([]);
      expect(await searched([{ field: "conversation.attribute.t_text", op: "is", value }], "", admin)).toEqual([]);
    }
    expect(await server.ctx.db.contact.count()).toBeGreaterThanOrEqual(3);
  });
});

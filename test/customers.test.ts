import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import iconv from "iconv-lite";
import { parse } from "csv-parse/sync";
import { startTestServer, type TestServer } from "./support/server.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

/**
 * The customer filter language, the customer list, segments and export through REST API v1 (issue 14,
 * docs/decisions/022-filter-language.md): every field and attribute type, injection attempts in values,
 * keys and operators, keyset pages, segments with live counts and visibility, and CSV export read the
 * way Excel reads it.
 */
let server: TestServer;
let admin: string;
let agent: string;
let legalAgent: string;
let legalId: string;
let legalInbox: string;
let inbox: string;
let seq = 0;
const run = randomBytes(3).toString("hex");
const ids: Record<string, string> = {};

const api = (method: string, path: string, body?: unknown, token = admin) => server.api(method, path, body, token);
const filterQuery = (filter: unknown, extra: Record<string, string> = {}) =>
  new URLSearchParams({ filter: JSON.stringify(filter), ...extra }).toString();

/** Names of the contacts matching a filter, sorted, as `who` sees them. */
async function names(filter: unknown, who = admin) {
  const res = await api("GET", `/api/v1/customers?${filterQuery(filter, { limit: "200" })}`, undefined, who);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.total).toBe(res.body.items.length);
  return (res.body.items as { name: string }[]).map((c) => c.name).sort();
}
const where = (field: string, op: string, value?: unknown) => ({ all: [{ field, op, ...(value === undefined ? {} : { value }) }] });

async function ingest(address: string, name: string, opts: { inboxId?: string; tags?: string[]; resolved?: boolean } = {}) {
  const { conversationId } = await ingestInboundMessage(server.ctx, {
    inboxId: opts.inboxId ?? inbox,
    message: {
      providerMessageId: `<cust${++seq}-${run}@example.jp>`,
      from: { kind: "email", address, displayName: name },
      subject: `hello ${seq}`,
      text: "hello",
    },
  });
  const conversation = await server.ctx.db.conversation.update({
    where: { id: conversationId },
    data: { tags: opts.tags ?? [], status: opts.resolved ? "resolved" : "open" },
    select: { contactId: true },
  });
  return conversation.contactId;
}

async function user(role: string, departmentIds: string[] = []) {
  const res = await api("POST", "/api/v1/users", {
    email: `${role}-${++seq}-${run}@test.local`,
    name: `User ${seq}`,
    role,
    password: "agent password 123",
    departmentIds,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return server.apiToken(res.body.id);
}

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  legalId = (await api("POST", "/api/v1/departments", { name: `Legal ${run}`, restricted: true })).body.id;
  agent = await user("agent");
  legalAgent = await user("agent", [legalId]);
  inbox = (await server.ctx.db.inbox.create({ data: { kind: "email", name: "Support", config: { address: "s@example.test" } } })).id;
  legalInbox = (
    await server.ctx.db.inbox.create({
      data: { kind: "email", name: "Legal", departmentId: legalId, config: { address: "legal@example.test" } },
    })
  ).id;
  const attrs = [
    { key: "plan", type: "single_select", options: ["gold", "silver"] },
    { key: "seats", type: "number" },
    { key: "renewal", type: "date" },
    { key: "vip", type: "checkbox" },
    { key: "langs", type: "multi_select", options: ["ja", "en", "zh"] },
    { key: "memo", type: "text" },
    { key: "site", type: "url" },
    { key: "case_ref", type: "text", departmentIds: [legalId] },
  ];
  for (const a of attrs) {
    const res = await api("POST", "/api/v1/attributes", { entity: "contact", label: a.key, ...a });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const acme = await api("POST", "/api/v1/companies", { name: "ACME 物流", domains: [`acme-${run}.example`], attributes: {} });
  ids.acme = acme.body.id;

  ids.taro = await ingest(`taro@acme-${run}.example`, "山田 太郎", { tags: ["billing", "vip"] });
  await ingest(`taro@acme-${run}.example`, "山田 太郎", { tags: ["refund"], resolved: true });
  ids.hanako = await ingest(`hanako@example.jp`, "佐藤 花子", { tags: ["billing"], resolved: true });
  ids.legal = await ingest(`secret@example.jp`, "Legal Only", { inboxId: legalInbox, tags: ["lawsuit"] });
  const evil = await api("POST", "/api/v1/contacts", { name: "=cmd|' /C calc'!A0", phone: "090-1234-5678" });
  ids.evil = evil.body.id;
  const percent = await api("POST", "/api/v1/contacts", { name: "100% O'Brien_x" });
  ids.percent = percent.body.id;

  const set = async (id: string, attributes: Record<string, unknown>) => {
    const res = await api("PATCH", `/api/v1/contacts/${id}`, { attributes });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  await set(ids.taro, {
    plan: "gold",
    seats: 120,
    renewal: "2027-03-31",
    vip: true,
    langs: ["ja", "en"],
    memo: "大口 顧客",
    site: "https://acme.example/",
  });
  await set(ids.hanako, { plan: "silver", seats: "8", renewal: "2026-01-15", vip: false, langs: ["en"], memo: "small" });
  await set(ids.evil, { seats: 9, case_ref: "L-1" });
});
afterAll(async () => {
  await server?.stop();
});

const TARO = "山田 太郎";
const HANAKO = "佐藤 花子";
const EVIL = "=cmd|' /C calc'!A0";
const PERCENT = "100% O'Brien_x";

describe("the filter compiler, per field", () => {
  it.each([
    [where("name", "contains", "山田"), [TARO]],
    [where("name", "is", "佐藤 花子"), [HANAKO]],
    [where("name", "not_contains", "山田"), [EVIL, PERCENT, HANAKO].sort()],
    [where("email", "is", `TARO@acme-${run}.example`), [TARO]],
    [where("email", "contains", "example.jp"), [HANAKO]],
    [where("email", "is_not_set"), [EVIL, PERCENT].sort()],
    [where("phone", "is", "+81 90-1234-5678"), [EVIL]],
    [where("company", "contains", "acme"), [TARO]],
    [where("company", "is_not_set"), [EVIL, PERCENT, HANAKO].sort()],
    [where("identity.channel", "is", "phone"), [EVIL]],
    [where("identity.channel", "is_not", "email"), [EVIL, PERCENT].sort()],
    [where("tags", "has_any", ["refund", "nothing"]), [TARO]],
    [where("tags", "has_all", ["billing", "vip"]), [TARO]],
    [where("tags", "has_none", ["billing"]), [EVIL, PERCENT].sort()],
    [where("openConversations", "gte", 1), [TARO]],
    [where("openConversations", "eq", 0), [EVIL, PERCENT, HANAKO].sort()],
    [where("lastContactAt", "within_days", 1), [TARO, HANAKO].sort()],
    [where("lastContactAt", "is_not_set"), [EVIL, PERCENT].sort()],
    [where("createdAt", "before", "2000-01-01"), []],
    [where("createdAt", "after", "2000-01-01"), [EVIL, PERCENT, HANAKO, TARO].sort()],
  ])("%j", async (filter, expected) => {
    expect(await names(filter, agent)).toEqual(expected);
  });

  it("nests all and any groups", async () => {
    const filter = {
      any: [
        {
          all: [
            { field: "name", op: "contains", value: "山田" },
            { field: "tags", op: "has_any", value: ["vip"] },
          ],
        },
        where("phone", "is_set"),
      ],
    };
    expect(await names(filter, agent)).toEqual([EVIL, TARO].sort());
  });
});

describe("the filter compiler, per attribute type", () => {
  it.each([
    [where("attribute.plan", "is", "gold"), [TARO]],
    [where("attribute.plan", "is", ["gold", "silver"]), [TARO, HANAKO].sort()],
    [where("attribute.plan", "is_not", "gold"), [EVIL, PERCENT, HANAKO].sort()],
    // Numbers compare as numbers (8 < 9 < 120), not as text ("120" < "8").
    [where("attribute.seats", "gt", 8), [EVIL, TARO].sort()],
    [where("attribute.seats", "lte", "9"), [EVIL, HANAKO].sort()],
    [where("attribute.seats", "is_not_set"), [PERCENT]],
    [where("attribute.renewal", "before", "2027-01-01"), [HANAKO]],
    [where("attribute.renewal", "on", "2027-03-31"), [TARO]],
    [where("attribute.vip", "is_true"), [TARO]],
    [where("attribute.vip", "is_false"), [EVIL, PERCENT, HANAKO].sort()],
    [where("attribute.langs", "has_any", ["ja", "zh"]), [TARO]],
    [where("attribute.langs", "has_all", ["en"]), [TARO, HANAKO].sort()],
    [where("attribute.langs", "has_none", ["ja"]), [EVIL, PERCENT, HANAKO].sort()],
    [where("attribute.memo", "contains", "大口"), [TARO]],
    [where("attribute.site", "is_set"), [TARO]],
  ])("%j", async (filter, expected) => {
    expect(await names(filter, agent)).toEqual(expected);
  });

  it("refuses an operator the field's type does not take, naming the condition", async () => {
    const res = await api("GET", `/api/v1/customers?${filterQuery(where("attribute.seats", "contains", "1"))}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/filter\.all\.0\.op: attribute\.seats takes eq/);
    const bad = await api("GET", `/api/v1/customers?${filterQuery(where("attribute.renewal", "before", "31/03/2027"))}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/filter\.all\.0\.value: expects a date/);
  });
});

describe("SQL injection attempts", () => {
  const attacks = ["' OR 1=1 --", '\'); DROP TABLE "Contact"; --', "%", "_", "\\", "gold' OR 'a'='a"];

  it.each(attacks)("treats %j in a value as data", async (value) => {
    expect(await names(where("name", "contains", value), agent)).toEqual(value === "%" || value === "_" ? [PERCENT] : []);
    expect(await names(where("attribute.plan", "is", value), agent)).toEqual([]);
    expect(await names(where("email", "is", value), agent)).toEqual([]);
    expect(await names(where("tags", "has_any", [value]), agent)).toEqual([]);
  });

  it.each([
    'attribute.plan\'); DROP TABLE "Contact"; --',
    "attribute.PLAN",
    "attribute.plan ->> 'x'",
    '"Contact"."name"',
    "name; SELECT 1",
  ])("refuses the field %j", async (field) => {
    const res = await api("GET", `/api/v1/customers?${filterQuery(where(field, "is", "x"))}`);
    expect(res.status).toBe(400);
  });

  it.each(["= 'x' OR 1=1 --", "IS NOT NULL OR TRUE", "eq; DROP TABLE x"])("refuses the operator %j", async (op) => {
    const res = await api("GET", `/api/v1/customers?${filterQuery(where("name", op, "x"))}`);
    expect(res.status).toBe(400);
  });

  it("refuses a value of the wrong shape instead of interpolating it", async () => {
    const res = await api("GET", `/api/v1/customers?${filterQuery(where("attribute.seats", "gt", "1 OR 1=1"))}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/expects a number/);
    const obj = await api("GET", `/api/v1/customers?${filterQuery(where("name", "is", { $ne: 1 }))}`);
    expect(obj.status).toBe(400);
  });

  it("still has every contact afterwards", async () => {
    expect(await names({ all: [] })).toEqual([EVIL, PERCENT, HANAKO, TARO, "Legal Only"].sort());
  });
});

describe("visibility", () => {
  it("never counts a customer or conversation of a restricted department for an agent outside it", async () => {
    expect(await names(where("tags", "has_any", ["lawsuit"]), agent)).toEqual([]);
    expect(await names(where("tags", "has_any", ["lawsuit"]), legalAgent)).toEqual(["Legal Only"]);
    expect((await names({ all: [] }, agent)).includes("Legal Only")).toBe(false);
  });

  it("refuses a department-limited attribute to an agent outside the department, as if it did not exist", async () => {
    const res = await api("GET", `/api/v1/customers?${filterQuery(where("attribute.case_ref", "is_set"))}`, undefined, agent);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/no such contact field attribute\.case_ref/);
    expect(await names(where("attribute.case_ref", "is_set"), legalAgent)).toEqual([EVIL]);
  });
});

describe("the customer list", () => {
  it("pages with a keyset cursor in every sort without repeating or skipping anyone", async () => {
    for (const sort of ["createdAt", "name", "lastContactAt", "openConversations"]) {
      for (const dir of ["asc", "desc"]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const q = new URLSearchParams({ sort, dir, limit: "2", ...(cursor ? { cursor } : {}) });
          const res = await api("GET", `/api/v1/customers?${q}`);
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          seen.push(...(res.body.items as { id: string }[]).map((c) => c.id));
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(seen.length, `${sort} ${dir}`).toBe(5);
        expect(new Set(seen).size, `${sort} ${dir}`).toBe(5);
      }
    }
  });

  it("lists companies with their people and open conversations", async () => {
    const res = await api("GET", `/api/v1/customers?${filterQuery(where("domain", "is", `acme-${run}.example`), { entity: "company" })}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: ids.acme, people: 1, openConversations: 1, domains: [`acme-${run}.example`] }),
    ]);
  });
});

describe("segments", () => {
  let segmentId: string;
  const gold = {
    any: [
      { field: "attribute.plan", op: "is", value: "gold" },
      { field: "tags", op: "has_any", value: ["lawsuit"] },
    ],
  };

  it("saves a private segment with its live count, audited", async () => {
    const res = await api("POST", "/api/v1/segments", { name: "Gold or lawsuit", filter: gold, shared: false });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    segmentId = res.body.id;
    const list = await api("GET", "/api/v1/segments");
    expect(list.body.items).toEqual([expect.objectContaining({ id: segmentId, name: "Gold or lawsuit", count: 2, shared: false })]);
    const audit = await api("GET", `/api/v1/audit-log?target=segment:${segmentId}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(["segment.created"]);
  });

  it("keeps a private segment from everyone else", async () => {
    expect((await api("GET", "/api/v1/segments", undefined, agent)).body.items).toEqual([]);
    expect((await api("GET", `/api/v1/segments/${segmentId}`, undefined, agent)).status).toBe(404);
    expect((await api("PATCH", `/api/v1/segments/${segmentId}`, { name: "x" }, agent)).status).toBe(404);
  });

  it("shares with a department: members see it with a count of what they may see", async () => {
    const res = await api("PATCH", `/api/v1/segments/${segmentId}`, { shared: true, departmentId: legalId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await api("GET", "/api/v1/segments", undefined, agent)).body.items).toEqual([]);
    const legal = await api("GET", "/api/v1/segments", undefined, legalAgent);
    expect(legal.body.items).toEqual([expect.objectContaining({ id: segmentId, count: 2 })]);
    expect((await api("PATCH", `/api/v1/segments/${segmentId}`, { name: "mine now" }, legalAgent)).status).toBe(403);
  });

  it("shared with everyone, the restricted customer is not counted for an outsider", async () => {
    await api("PATCH", `/api/v1/segments/${segmentId}`, { departmentId: null });
    expect((await api("GET", "/api/v1/segments", undefined, agent)).body.items).toEqual([
      expect.objectContaining({ id: segmentId, count: 1 }),
    ]);
    const contacts = await api("GET", `/api/v1/segments/${segmentId}/contacts`, undefined, agent);
    expect(contacts.body.items.map((c: { id: string }) => c.id)).toEqual([ids.taro]);
    const all = await api("GET", `/api/v1/segments/${segmentId}/contacts?limit=1`);
    expect(all.body.items).toHaveLength(1);
    const next = await api("GET", `/api/v1/segments/${segmentId}/contacts?limit=1&cursor=${all.body.nextCursor}`);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
  });

  it("has no count for a reader who cannot see an attribute it filters on", async () => {
    const res = await api(
      "POST",
      "/api/v1/segments",
      { name: "Cases", filter: where("attribute.case_ref", "is_set"), shared: true, departmentId: legalId },
      legalAgent,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const seen = (await api("GET", "/api/v1/segments")).body.items.find((s: { id: string }) => s.id === res.body.id);
    expect(seen.count).toBe(1);
    await api("PATCH", `/api/v1/segments/${res.body.id}`, { departmentId: null }, legalAgent);
    const outsider = (await api("GET", "/api/v1/segments", undefined, agent)).body.items.find((s: { id: string }) => s.id === res.body.id);
    expect(outsider.count).toBeNull();
    expect((await api("GET", `/api/v1/segments/${res.body.id}/contacts`, undefined, agent)).status).toBe(400);
  });

  it("refuses an invalid filter and sharing with someone else's department", async () => {
    expect((await api("POST", "/api/v1/segments", { name: "x", filter: where("attribute.nope", "is", "x") })).status).toBe(400);
    expect(
      (await api("POST", "/api/v1/segments", { name: "x", filter: { all: [] }, shared: true, departmentId: legalId }, agent)).status,
    ).toBe(403);
  });

  it("deletes, audited", async () => {
    expect((await api("DELETE", `/api/v1/segments/${segmentId}`)).status).toBe(200);
    expect((await api("GET", `/api/v1/segments/${segmentId}`)).status).toBe(404);
    const audit = await api("GET", `/api/v1/audit-log?target=segment:${segmentId}`);
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      "segment.created",
      "segment.deleted",
      "segment.updated",
      "segment.updated",
    ]);
  });
});

describe("CSV export", () => {
  async function download(query: string, token = admin) {
    const res = await fetch(`${server.url}/api/v1/customers/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv; charset=utf-8/);
    return Buffer.from(await res.arrayBuffer());
  }
  /** What Excel does: a UTF-8 BOM selects UTF-8, the BOM itself is not part of the first cell. */
  function asExcel(bytes: Buffer) {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parse(iconv.decode(bytes, "utf8", { stripBOM: true }), { relax_column_count: false }) as string[][];
  }

  it("exports every matching contact (not one page) as UTF-8 with a BOM, Japanese intact, formulas defused", async () => {
    const rows = asExcel(await download(filterQuery({ all: [] })));
    const [header, ...body] = rows;
    expect(header!.slice(0, 8)).toEqual(["id", "name", "email", "phone", "company", "open_conversations", "last_contact_at", "created_at"]);
    expect(header).toContain("plan");
    expect(body).toHaveLength(5);
    const byId = new Map(body.map((r) => [r[0], r]));
    expect(byId.get(ids.taro)!.slice(1, 6)).toEqual([TARO, `taro@acme-${run}.example`, "", "ACME 物流", "1"]);
    expect(byId.get(ids.taro)![header!.indexOf("langs")]).toBe("ja; en");
    expect(byId.get(ids.evil)![1]).toBe(`'${EVIL}`);
    expect(byId.get(ids.evil)![3]).toBe("'+819012345678");
    for (const row of body) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it("exports a segment, and companies, with the filter applied", async () => {
    const seg = await api("POST", "/api/v1/segments", { name: "Gold", filter: where("attribute.plan", "is", "gold") });
    const rows = asExcel(await download(`segmentId=${seg.body.id}`));
    expect(rows.slice(1).map((r) => r[1])).toEqual([TARO]);
    const companies = asExcel(await download(filterQuery(where("name", "contains", "物流"), { entity: "company" })));
    expect(companies[0]!.slice(0, 3)).toEqual(["id", "name", "domains"]);
    expect(companies.slice(1).map((r) => r[1])).toEqual(["ACME 物流"]);
  });

  it("leaves out what the reader may not see", async () => {
    const rows = asExcel(await download(filterQuery({ all: [] }), agent));
    expect(rows[0]).not.toContain("case_ref");
    expect(rows.slice(1).map((r) => r[1])).not.toContain("Legal Only");
  });
});

describe("segment as an automation condition", () => {
  it("matches a conversation whose contact is (or is not) in the segment", async () => {
    const seg = await api("POST", "/api/v1/segments", { name: "Gold again", filter: where("attribute.plan", "is", "gold") });
    for (const [op, tag] of [
      ["is", "gold-segment"],
      ["is_not", "not-gold"],
    ]) {
      const res = await api("POST", "/api/v1/automation-rules", {
        name: `Segment ${op} ${run}`,
        enabled: true,
        event: "conversation_created",
        minutes: null,
        match: "all",
        conditions: [{ field: "segment", op, values: [seg.body.id] }],
        actions: [{ type: "add_tags", tags: [tag] }],
        order: 0,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const write = async (address: string) =>
      (
        await ingestInboundMessage(server.ctx, {
          inboxId: inbox,
          message: {
            providerMessageId: `<rule${++seq}-${run}@example.jp>`,
            from: { kind: "email", address },
            subject: `rule ${seq}`,
            text: "hi",
          },
        })
      ).conversationId;
    const gold = await write(`taro@acme-${run}.example`);
    const silver = await write("hanako@example.jp");
    const tags = async (id: string) => (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id }, select: { tags: true } })).tags;
    await expect.poll(() => tags(gold), { timeout: 15_000 }).toContain("gold-segment");
    await expect.poll(() => tags(silver), { timeout: 15_000 }).toContain("not-gold");
    expect(await tags(gold)).not.toContain("not-gold");
    expect(await tags(silver)).not.toContain("gold-segment");
  });
});

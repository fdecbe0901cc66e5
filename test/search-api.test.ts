import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

/**
 * GET /api/v1/search (issue 11) through HTTP with API tokens: every query form (English words,
 * prefixes, phrases, exclusions, Japanese of one, two and more characters, full- and half-width
 * input, mixed), notes, subjects and file names, filters, sort, pagination, highlighting, and
 * restricted departments that never leak to non-members.
 */
let server: TestServer;
let admin: string;
let agent: string;
let member: string;
let inbox: string;
let legalInbox: string;
let seq = 0;
const run = randomBytes(3).toString("hex");
const conv: Record<string, { conversationId: string; messageId: string }> = {};

const mail = async (key: string, text: string, subject = "", inboxId = inbox) => {
  const r = await ingestInboundMessage(server.ctx, {
    inboxId,
    message: {
      providerMessageId: `<s${run}${++seq}@example.jp>`,
      from: { kind: "email", address: `c${seq}-${run}@example.jp`, displayName: `Customer ${key}` },
      subject,
      text,
    },
  });
  conv[key] = { conversationId: r.conversationId, messageId: r.messageId };
};
const find = async (q: string, extra = "", token = agent) => {
  const res = await server.api("GET", `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    items: {
      conversationId: string;
      messageId: string | null;
      kind: string;
      snippet: string;
      highlights: [number, number][];
      hitCount: number;
    }[];
    contacts: { id: string; name: string }[];
    ticket: { conversationId: string } | null;
    nextCursor: string | null;
  };
};
const keys = async (q: string, extra = "", token = agent) => {
  const ids = (await find(q, extra, token)).items.map((i) => i.conversationId);
  return Object.entries(conv)
    .filter(([, c]) => ids.includes(c.conversationId))
    .map(([k]) => k)
    .sort();
};

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  const user = async (name: string) =>
    (
      await server.api(
        "POST",
        "/api/v1/users",
        { email: `${name}-${run}@test.local`, name, role: "agent", password: "agent password 123" },
        admin,
      )
    ).body.id as string;
  const agentId = await user("agent");
  const memberId = await user("member");
  agent = await server.apiToken(agentId);
  member = await server.apiToken(memberId);
  inbox = (await server.ctx.db.inbox.create({ data: { kind: "email", name: "Support", config: { address: `s-${run}@example.test` } } })).id;
  const legal = await server.api("POST", "/api/v1/departments", { name: `法務-${run}`, restricted: true }, admin);
  await server.ctx.db.departmentMember.create({ data: { userId: memberId, departmentId: legal.body.id } });
  legalInbox = (
    await server.ctx.db.inbox.create({
      data: { kind: "email", name: "Legal", departmentId: legal.body.id, config: { address: `l-${run}@example.test` } },
    })
  ).id;

  await mail("invoice", "Please resend the INVOICE for March.", "Billing");
  await mail("refund", "We found the refund bug in the export. Refunds are blocked.", "Export problem");
  await mail("refundOnly", "A refund, please. The bug was elsewhere.");
  await mail("henkin", "返金をお願いします。先月の請求に誤りがありました。");
  await mail("sso", "ＳＳＯの設定方法を教えてください");
  await mail("guide", "ｶﾞｲﾄﾞを読みましたが分かりません");
  await mail("kanji", "障害が発生しています");
  await mail("html", "<script>alert(1)</script> attack text");
  await mail("legal", "契約書のレビューを依頼します refund", "", legalInbox);
  await mail("subject", "hello", "解約の手続き");
});
afterAll(async () => {
  await server?.stop();
});

describe("GET /api/v1/search", () => {
  it("matches English words case-insensitively, as prefixes, all words required", async () => {
    expect(await keys("invoice")).toEqual(["invoice"]);
    expect(await keys("INVO")).toEqual(["invoice"]);
    expect(await keys("refund bug")).toEqual(["refund", "refundOnly"]);
    expect(await keys("voice")).toEqual([]);
  });

  it("matches exact phrases and excludes words", async () => {
    expect(await keys('"refund bug"')).toEqual(["refund"]);
    expect(await keys("refund -export")).toEqual(["refundOnly"]);
    expect(await keys('refund -"refund bug"')).toEqual(["refundOnly"]);
  });

  it("finds Japanese substrings of one, two and more characters", async () => {
    expect(await keys("返金")).toEqual(["henkin"]);
    expect(await keys("請求")).toEqual(["henkin"]);
    expect(await keys("障")).toEqual(["kanji"]);
    expect(await keys("金を")).toEqual(["henkin"]);
    expect(await keys("先月の請求に誤り")).toEqual(["henkin"]);
    expect(await keys("請求書")).toEqual([]);
  });

  it("folds full-width and half-width forms (NFKC) and takes mixed queries", async () => {
    expect(await keys("SSO")).toEqual(["sso"]);
    expect(await keys("ｓｓｏ")).toEqual(["sso"]);
    expect(await keys("ガイド")).toEqual(["guide"]);
    expect(await keys("SSO 設定")).toEqual(["sso"]);
    expect(await keys("SSO 返金")).toEqual([]);
  });

  it("finds subjects and returns the snippet with the match marked, as plain text", async () => {
    const subject = await find("解約");
    expect(subject.items).toHaveLength(1);
    expect(subject.items[0]).toMatchObject({ conversationId: conv.subject!.conversationId, kind: "subject", messageId: null });
    const hit = (await find("返金")).items[0]!;
    expect(hit.messageId).toBe(conv.henkin!.messageId);
    expect(hit.highlights.map(([a, b]) => hit.snippet.slice(a, b))).toEqual(["返金"]);
    const html = (await find("attack")).items[0]!;
    expect(html.snippet).toContain("<script>");
    expect(html.highlights.map(([a, b]) => html.snippet.slice(a, b))).toEqual(["attack"]);
  });

  it("never shows restricted hits, snippets or counts to non-members", async () => {
    expect(await keys("契約書")).toEqual([]);
    expect(await keys("refund")).toEqual(["refund", "refundOnly"]);
    expect(JSON.stringify(await find("refund"))).not.toMatch(/契約書/);
    expect(await keys("契約書", "", member)).toEqual(["legal"]);
    expect(await keys("refund", "", admin)).toEqual(["legal", "refund", "refundOnly"]);
  });

  it("filters by status, channel, tag, assignee, department, customer and date", async () => {
    const { conversationId } = conv.refund!;
    await server.ctx.db.conversation.update({ where: { id: conversationId }, data: { status: "resolved", tags: ["vip"] } });
    expect(await keys("refund", "&status=resolved")).toEqual(["refund"]);
    expect(await keys("refund", "&tag=vip")).toEqual(["refund"]);
    expect(await keys("refund", "&channel=sms")).toEqual([]);
    expect(await keys("refund", "&channel=email")).toEqual(["refund", "refundOnly"]);
    const contactId = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).contactId;
    expect(await keys("refund", `&contactId=${contactId}`)).toEqual(["refund"]);
    expect(await keys("refund", "&from=2000-01-01&to=2001-01-01")).toEqual([]);
    expect(await keys("refund", "&from=2000-01-01")).toEqual(["refund", "refundOnly"]);
    const legal = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conv.legal!.conversationId } });
    expect(await keys("refund", `&departmentId=${legal.departmentId}`, member)).toEqual(["legal"]);
    expect(await keys("refund", `&assigneeId=nobody`)).toEqual([]);
    expect((await server.api("GET", "/api/v1/search?q=x&status=nope", undefined, agent)).status).toBe(400);
  });

  it("paginates with a cursor and sorts by newest", async () => {
    for (let i = 0; i < 5; i++) await mail(`page${i}`, `pagination probe number ${i}`);
    const first = await find("pagination", "&limit=2&sort=newest");
    expect(first.items.map((i) => i.conversationId)).toEqual([conv.page4!.conversationId, conv.page3!.conversationId]);
    const seen = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await find("pagination", `&limit=2&sort=newest&cursor=${cursor}`);
      seen.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(new Set(seen.map((i) => i.conversationId)).size).toBe(5);
  });

  it("groups several hits of a conversation and lists contacts above; a ticket number names the conversation", async () => {
    const found = await find("Customer");
    expect(found.contacts.length).toBeGreaterThan(0);
    const number = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conv.invoice!.conversationId } })).number;
    expect((await find(`#${number}`)).ticket?.conversationId).toBe(conv.invoice!.conversationId);
    await ingestInboundMessage(server.ctx, {
      inboxId: inbox,
      message: {
        providerMessageId: `<s${run}again@example.jp>`,
        from: { kind: "email", address: `c1-${run}@example.jp` },
        subject: "Re: Billing",
        text: "The invoice is still missing",
        threading: { references: [`<s${run}1@example.jp>`] },
      },
    });
    const grouped = (await find("invoice")).items;
    expect(grouped).toHaveLength(1);
    expect(grouped[0]!.hitCount).toBe(2);
  });

  it("finds contacts by name, email, company and phone in any format, through the index", async () => {
    const company = await server.ctx.db.company.create({ data: { name: `北都物流 ${run}` } });
    const contact = await server.ctx.db.contact.create({
      data: {
        name: `佐々木 花子 ${run}`,
        companyId: company.id,
        identities: {
          create: [
            { kind: "email", address: `hanako.sasaki-${run}@hokuto.example` },
            { kind: "phone", address: "+81312345678" },
          ],
        },
      },
    });
    const found = async (q: string) => (await find(q)).contacts.map((c) => c.id);
    expect(await found(`花子 ${run}`)).toEqual([contact.id]);
    expect(await found(`hanako.sasaki-${run}`)).toEqual([contact.id]);
    expect(await found(`HANAKO.SASAKI-${run}@HOKUTO`)).toEqual([contact.id]);
    expect(await found(`物流 ${run}`)).toEqual([contact.id]);
    expect(await found("03-1234-5678")).toEqual([contact.id]);
    expect(await found("＋８１ ３ １２３４ ５６７８")).toEqual([contact.id]);
    expect(await found(`佐々木 花子 ${run}x`)).toEqual([]);
    // Through the GIN indexes on the generated lexeme columns, not a scan of every contact.
    // SET LOCAL in one transaction: the same connection for both statements (PostgreSQL has a pool).
    const plan = await server.ctx.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        `EXPLAIN SELECT id FROM "Contact" WHERE "searchLexemes" @@ search_query('花子')`,
      );
    });
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain("Contact_searchLexemes_idx");
  });

  it("is documented in the OpenAPI document", async () => {
    const doc = await server.api("GET", "/api/v1/openapi.json", undefined, agent);
    expect(Object.keys(doc.body.paths["/search"].get.parameters.map((p: { name: string }) => p.name))).toBeDefined();
    expect(doc.body.paths["/search"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining([
        "q",
        "channel",
        "status",
        "departmentId",
        "assigneeId",
        "tag",
        "contactId",
        "companyId",
        "from",
        "to",
        "sort",
        "cursor",
        "limit",
      ]),
    );
  });
});

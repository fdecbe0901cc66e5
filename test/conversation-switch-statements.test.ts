import { AsyncLocalStorage } from "node:async_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createPerson, type Person } from "./collab-fixtures.ts";
import { countStatements } from "~/bench/statement-counter.ts";
import { createSession } from "~/server/auth/session.ts";
import { loadActor, type Actor } from "~/server/domain/access.ts";
import { getConversation } from "~/server/domain/conversations/get-conversation.ts";
import { countConversations } from "~/server/domain/conversations/count-conversations.ts";
import { markConversationRead } from "~/server/domain/conversations/read-state.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { conversationLoader } from "~/app/lib/conversation.server.ts";

/**
 * Issue 10: what a conversation switch costs in SQL statements, counted at the driver as the benchmarks
 * count them (bench/statement-counter.ts), so Prisma splitting a nested select into one query per
 * relation, or sending `IN (NULL)` for an empty one, shows here as a higher count. The count must not
 * depend on the data either: a conversation with everything (SLA clocks, business hours, participants,
 * attachments, forwards, hidden attributes, drafts, ratings, macros) costs what an empty one costs.
 *
 * Before (Dec 2026): 33 statements per switch as an admin (session 1, getConversation 23, drafts 4,
 * ratings 2, macros 1, view event 1, with `IN (NULL)` reads for empty relations), 25 for
 * GET /api/v1/conversations/:id; the read mark on joining the room 2, the nav counts 3. Now see SWITCH below. Background workers are off, so every statement
 * counted is the request's.
 */
const SWITCH = {
  // session, conversation with its panel, messages, view event, drafts, ratings, macros
  agent: 7,
  // the same without macros (viewers cannot run them)
  viewer: 6,
  // getConversation alone (the REST API's GET shares it): the conversation and its messages
  getConversation: 2,
  // after the switch the page joins the conversation's room (read mark) and reloads the nav counts
  readMark: 1,
  navCounts: 2,
};

let server: TestServer;
let admin: Person;
let maya: Person; // Sales agent
let vera: Person; // viewer
let legalId: string;
let rich: string; // a conversation with something in every relation the view reads
let bare: string; // a single inbound message and nothing else
let restricted: string; // in Legal (restricted), which the admin is not a member of

beforeAll(async () => {
  server = await startTestServer({ ui: false, env: { WORKERS_ENABLED: "false" } });
  const db = server.ctx.db;
  const adminUser = await db.user.findFirstOrThrow({ where: { role: "admin" } });
  admin = { id: adminUser.id, name: adminUser.name, token: await server.apiToken() };
  legalId = await createDepartment(server, "Legal", { restricted: true });
  const salesId = await createDepartment(server, "Sales");
  maya = await createPerson(server, "Maya Sato", { departmentIds: [salesId] });
  vera = await createPerson(server, "Vera Viewer", { role: "viewer" });

  const inboxId = await server.createInbox("email", "Mail", { address: "support@switch.test" }, salesId);
  const write = async (n: string, conversationId?: string, extra: Record<string, unknown> = {}) =>
    (
      await ingestInboundMessage(server.ctx, {
        inboxId,
        message: {
          providerMessageId: `switch-${n}`,
          from: { kind: "email", address: "hana@customer.test", displayName: "Hana" },
          subject: `Order ${n}`,
          ...(conversationId ? { threading: { conversationId } } : {}),
          text: `Message ${n}`,
          ...extra,
        },
      } as never)
    ).conversationId;
  rich = await write("rich-1");
  await write("rich-2", rich, { attachments: [{ filename: "invoice.pdf", contentType: "application/pdf", content: Buffer.from("%PDF") }] });
  const forward = await write("forward");
  await db.conversation.update({ where: { id: forward }, data: { relatedToId: rich } });
  bare = (
    await ingestInboundMessage(server.ctx, {
      inboxId: await server.createInbox("email", "Other", { address: "other@switch.test" }),
      message: { providerMessageId: "switch-bare", from: { kind: "email", address: "solo@customer.test" }, subject: "Solo", text: "Hi" },
    })
  ).conversationId;
  restricted = await write("legal");
  await db.conversation.update({ where: { id: restricted }, data: { departmentId: legalId } });

  const hours = await db.businessHours.create({
    data: { name: "Sales hours", timezone: "Asia/Tokyo", intervals: [{ day: 1, start: "09:00", end: "17:00" }] },
  });
  await db.department.update({ where: { id: salesId }, data: { businessHoursId: hours.id } });
  const policy = await db.slaPolicy.create({ data: { name: "Sales SLA", firstResponseMinutes: 60 } });
  const now = Date.now();
  await db.conversation.update({
    where: { id: rich },
    data: { slaPolicyId: policy.id, assigneeId: maya.id, departmentId: salesId, attributes: { plan: "gold", legalCase: "L-1" } },
  });
  await db.slaClock.create({
    data: { conversationId: rich, policyId: policy.id, target: "first_response", startedAt: new Date(now), dueAt: new Date(now + 3600e3) },
  });
  const legalOnly = await db.attributeDefinition.create({
    data: { entity: "conversation", key: "legalCase", label: "Case", type: "text" },
  });
  await db.attributeDepartment.create({ data: { attributeId: legalOnly.id, departmentId: legalId } });
  const company = await db.company.create({ data: { name: "Hana Co" } });
  const contactId = (await db.conversation.findUniqueOrThrow({ where: { id: rich } })).contactId;
  await db.contact.update({ where: { id: contactId }, data: { companyId: company.id } });
  for (const userId of [admin.id, maya.id])
    await db.draft.create({ data: { userId, conversationId: rich, kind: "message", text: "Draft" } });
  await db.csatSurvey.create({
    data: { token: "switch-survey", conversationId: rich, inboxId, channel: "email", locale: "en", rating: 5, respondedAt: new Date() },
  });
  await db.macro.create({ data: { name: "Close politely", actions: [] } });
});

afterAll(async () => {
  await server?.stop();
});

/**
 * Statements `fn` sends, also just after it returns (the view event is written without awaiting). Only
 * those of `fn`'s own async context count: the node's timers (API tokens' batched lastUsedAt, the
 * presence sweep) write now and then, and would make the count flaky.
 */
const request = new AsyncLocalStorage<symbol>();
async function statementsOf(fn: () => Promise<unknown>) {
  const seen: string[] = [];
  const mine = Symbol("request");
  const counter = countStatements(server.db.sql, (s) => {
    if (request.getStore() === mine) seen.push(s.text.replace(/\s+/g, " ").trim().slice(0, 120));
  });
  try {
    await request.run(mine, fn);
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    counter.stop();
  }
  return seen;
}

async function switchTo(person: Person, conversationId: string) {
  const { token } = await createSession(server.ctx, person.id);
  const request = new Request(`${server.url}/inbox/all/${conversationId}`, { headers: { cookie: `sb_session=${token}` } });
  return () => conversationLoader({ request, context: { app: server.ctx }, params: { conversationId } });
}

describe("a conversation switch's statements", () => {
  it("the loader costs the same few statements for every role and however much the conversation holds", async () => {
    for (const [person, budget] of [
      [admin, SWITCH.agent],
      [maya, SWITCH.agent],
      [vera, SWITCH.viewer],
    ] as const) {
      for (const id of [rich, bare]) {
        const load = await switchTo(person, id);
        const statements = await statementsOf(load);
        expect(
          statements,
          `${person.name} opening ${id === rich ? "the full" : "the bare"} conversation:\n${statements.join("\n")}`,
        ).toHaveLength(budget);
      }
    }
  });

  it("the loader still returns what the view shows", async () => {
    const data = await (await switchTo(maya, rich))();
    expect(data.drafts.reply).toBe("Draft");
    expect(data.teammateDrafts.map((d) => d.userId)).toEqual([admin.id]);
    expect(data.csat).toMatchObject({ average: 5, count: 1, latest: [{ rating: 5 }] });
    expect(data.macros.map((m) => m.name)).toEqual(["Close politely"]);
    expect(data.conversation).toMatchObject({
      assignee: { id: maya.id },
      forwards: [{ id: expect.any(String) }],
      attributes: { plan: "gold" }, // legalCase is Legal's
      sla: { policyId: expect.any(String), firstResponseDueAt: expect.any(String) },
    });
    expect(data.conversation.attributes).not.toHaveProperty("legalCase");
    expect(data.opening).toMatchObject({ name: "Sales hours" });
    expect(data.contact.company).toMatchObject({ name: "Hana Co" });
    expect(data.messages.at(-1)?.attachments).toMatchObject([{ filename: "invoice.pdf" }]);
    expect(data.otherConversations.length).toBeGreaterThan(0);
  });

  it("getConversation (also the REST GET) is two statements; an admin's read of a restricted one adds the audit entry", async () => {
    const actorOf = async (p: Person) => (await loadActor(server.ctx, p.id)) as Actor;
    for (const p of [admin, maya, vera]) {
      for (const id of [rich, bare]) {
        const actor = await actorOf(p);
        expect(await statementsOf(() => getConversation(server.ctx, actor, id))).toHaveLength(SWITCH.getConversation);
      }
    }
    // An admin outside Legal reads its conversations audited (issue 15): the audit entry is the one extra.
    const adminActor = await actorOf(admin);
    const audited = await statementsOf(() => getConversation(server.ctx, adminActor, restricted));
    expect(audited).toHaveLength(SWITCH.getConversation + 1);
    expect(audited.filter((s) => s.startsWith('INSERT INTO "public"."AuditLog"'))).toHaveLength(1);
    expect(await server.ctx.db.auditLog.count({ where: { action: "conversation.restricted_read", targetId: restricted } })).toBe(1);
  });

  it("what the page sends after a switch: the read mark (visibility checked in the same statement) and the nav counts", async () => {
    const mayaActor = (await loadActor(server.ctx, maya.id)) as Actor;
    const unreadBefore = (await countConversations(server.ctx, mayaActor)).unread.all;
    expect(await statementsOf(() => markConversationRead(server.ctx, mayaActor, rich))).toHaveLength(SWITCH.readMark);
    expect(await statementsOf(() => markConversationRead(server.ctx, mayaActor, rich))).toHaveLength(SWITCH.readMark); // again: an update
    expect(await server.ctx.db.conversationRead.count({ where: { userId: maya.id, conversationId: rich } })).toBe(1);
    // Maya is not in Legal: not found, and no mark.
    await expect(markConversationRead(server.ctx, mayaActor, restricted)).rejects.toMatchObject({ code: "not_found" });
    expect(await server.ctx.db.conversationRead.count({ where: { userId: maya.id, conversationId: restricted } })).toBe(0);
    let counts: Awaited<ReturnType<typeof countConversations>> | undefined;
    expect(
      await statementsOf(async () => {
        counts = await countConversations(server.ctx, mayaActor);
      }),
    ).toHaveLength(SWITCH.navCounts);
    expect(counts!.unread.all).toBe(unreadBefore - 1);
  });
});

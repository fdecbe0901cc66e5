import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createPerson, type Person } from "./collab-fixtures.ts";
import { createConversation, type TestConversation, timeline } from "./reports-fixtures.ts";
import { durationStats } from "~/server/domain/reports/duration-stats.ts";
import { type ConversationFacts, deriveConversationFacts } from "~/server/domain/reports/load-segments.ts";
import type { SegmentEvent } from "~/server/domain/reports/derive-segments.ts";
import { eraseMessages } from "~/server/domain/privacy/erase-messages.ts";
import { refreshReportSpans } from "~/server/domain/reports/refresh-report-spans.ts";
import { seededRandom } from "./support/seeded-random.ts";

/**
 * The ReportSpan rollup (docs/decisions/025-report-span-rollup.md) against the derivation it stores:
 * random conversations (reopens, bot replies, closes, two departments, one with business hours),
 * written in waves with reports read in between (so the rollup is rebuilt incrementally), then merged,
 * erased and deleted as retention does (the log stays), and a schedule changed. After each wave the
 * rollup must equal a rebuild from the whole log, and the summary and team numbers must equal those
 * computed in JS from deriveConversationFacts over the log, for several filters and a restricted reader.
 */
const SEED = Number(process.env.REPORTS_ROLLUP_SEED ?? Date.now() % 100_000);
let server: TestServer;
let token: string;
let agents: Person[];
let outsider: Person;
let inboxId: string;
let hoursId: string;
const departments: string[] = [];
const conversations: TestConversation[] = [];
const range = { from: "2026-11-01", to: "2026-11-30" };
const bounds = { from: Date.parse("2026-11-01T00:00:00Z"), to: Date.parse("2026-12-01T00:00:00Z") };

const rand = seededRandom(SEED);
const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  const hours = await server.api(
    "POST",
    "/api/v1/business-hours",
    {
      name: `Rollup hours ${SEED}`,
      timezone: "Asia/Tokyo",
      intervals: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })),
    },
    token,
  );
  expect(hours.status).toBe(201);
  hoursId = hours.body.id;
  departments.push(await createDepartment(server, "Rollup desk"), await createDepartment(server, "Rollup legal", { restricted: true }));
  expect(
    (await server.api("PUT", `/api/v1/departments/${departments[0]}/business-hours`, { businessHoursId: hoursId }, token)).status,
  ).toBe(200);
  agents = [await createPerson(server, "Rollup Sato"), await createPerson(server, "Rollup Kim", { departmentIds: [departments[1]!] })];
  outsider = await createPerson(server, "Rollup Outsider", { role: "viewer" });
  inboxId = await server.createInbox("web_chat", "Rollup chat", {});
});

afterAll(async () => {
  await server?.stop();
});

/** Appends a random history of 2–12 steps to a conversation, starting at `start` (ms). */
async function writeHistory(c: TestConversation, start: number) {
  const t = timeline(server, c);
  let now = start;
  const steps = 2 + Math.floor(rand() * 11);
  for (let i = 0; i < steps; i++) {
    now += Math.floor(rand() * 20 * 3600) * 1000 + 1000;
    const when = new Date(now).toISOString();
    const r = rand();
    if (r < 0.35) await t.customer(when);
    else if (r < 0.4) await t.customer(when, "auto", { automated: true });
    else if (r < 0.65) await t.reply(when, pick(agents).id);
    else if (r < 0.72) await t.ruleReply(when);
    else if (r < 0.85) await t.status(when, pick(["resolved", "resolved", "closed"]), pick(agents).id);
    else if (r < 0.9) await t.status(when, "open", pick(agents).id);
    else await t.note(when, pick(agents).id);
  }
  return now;
}

async function newConversations(n: number) {
  for (let i = 0; i < n; i++) {
    const c = await createConversation(server, {
      inboxId,
      channel: "web_chat",
      contactName: `Rollup customer ${SEED}-${conversations.length}`,
      ...(rand() < 0.7 ? { departmentId: pick(departments) } : {}),
      assigneeId: pick(agents).id,
      tags: rand() < 0.5 ? [pick(["billing", "login"])] : [],
    });
    conversations.push(c);
    await writeHistory(c, bounds.from - 3 * 86_400_000 + Math.floor(rand() * 30 * 86_400_000));
  }
}

const SPAN_COLUMNS = `"conversationId", "kind", "segment", "startAt", "at", "calendarSeconds", "businessSeconds", "businessHoursId",
  "contactId", "companyId", "departmentId", "inboxId", "channel", "agentId", "tags"`;
const spanTable = () => server.ctx.sql.query(`SELECT ${SPAN_COLUMNS} FROM "ReportSpan" ORDER BY ${SPAN_COLUMNS}`);

/** The rollup as it stands must be what a rebuild from the whole log writes. */
async function expectRollupEqualsRebuild() {
  await refreshReportSpans(server.ctx);
  const incremental = await spanTable();
  await server.ctx.sql.exec(
    `INSERT INTO "ReportSpanQueue" ("conversationId") SELECT DISTINCT "conversationId" FROM "ReportEvent" WHERE "conversationId" IS NOT NULL`,
  );
  await refreshReportSpans(server.ctx);
  expect(await spanTable()).toEqual(incremental);
}

async function derivation(): Promise<ConversationFacts> {
  const ids = await server.ctx.sql.query<{ id: string }>(
    `SELECT DISTINCT "conversationId" AS id FROM "ReportEvent" WHERE "conversationId" IS NOT NULL`,
  );
  return deriveConversationFacts(
    server.ctx.sql,
    ids.map((r) => r.id),
  );
}

interface Filter {
  departmentId?: string;
  agentId?: string;
  tag?: string;
  businessHours?: boolean;
}

/** docs/metrics.md in JS over the derivation: what the rollup's SQL must answer. */
async function expected(facts: ConversationFacts, f: Filter, hidden: readonly string[]) {
  const now = await server.ctx.db.conversation.findMany({ select: { id: true, departmentId: true } });
  const departmentNow = new Map(now.map((c) => [c.id, c.departmentId]));
  const visible = (conversationId: string, e: SegmentEvent) =>
    !(e.departmentId && hidden.includes(e.departmentId)) && !hidden.includes(departmentNow.get(conversationId) ?? "");
  const matches = (e: SegmentEvent, agent: string | null) =>
    (!f.departmentId || e.departmentId === f.departmentId) && (!f.tag || e.tags.includes(f.tag)) && (!f.agentId || agent === f.agentId);
  const inRange = (t: number) => t >= bounds.from && t < bounds.to;
  const openings = facts.openings.filter(
    (o) => inRange(o.at) && visible(o.conversationId, o.event) && matches(o.event, o.event.assigneeId),
  );
  const spans = facts.spans.filter((s) => inRange(s.endAt) && visible(s.conversationId, s.end) && matches(s.end, s.end.agentId));
  const durations = (kind: string, list = spans) =>
    durationStats(list.filter((s) => s.kind === kind).map((s) => (f.businessHours ? s.businessSeconds : s.calendarSeconds)));
  const perAgent = new Map<string, { firstResponse: unknown; resolution: unknown; resolutions: number }>();
  for (const a of agents) {
    const own = spans.filter((s) => s.end.agentId === a.id);
    perAgent.set(a.id, {
      firstResponse: durations("first_response", own),
      resolution: durations("resolution", own),
      resolutions: own.filter((s) => s.kind === "resolution").length,
    });
  }
  const resolutions = spans.filter((s) => s.kind === "resolution").length;
  const reopens = openings.filter((o) => o.segment > 1).length;
  return {
    summary: {
      conversations: new Set(openings.map((o) => o.conversationId)).size,
      segments: openings.length,
      resolutions,
      reopens,
      reopenRate: resolutions === 0 ? null : reopens / resolutions,
      firstResponse: durations("first_response"),
      nextResponse: durations("next_response"),
      resolution: durations("resolution"),
    },
    perAgent,
  };
}

async function expectReportsEqualDerivation() {
  const facts = await derivation();
  const filters: Filter[] = [
    {},
    { businessHours: true },
    { departmentId: departments[0] },
    { agentId: agents[0]!.id },
    { tag: "billing", businessHours: true },
  ];
  for (const [reader, hidden] of [
    [token, []],
    [outsider.token, [departments[1]!]],
  ] as const) {
    for (const f of filters) {
      const query = new URLSearchParams({ ...range, ...(f as Record<string, string>) }).toString();
      const want = await expected(facts, f, hidden);
      const summary = await server.api("GET", `/api/v1/reports/summary?${query}`, undefined, reader);
      expect(summary.status).toBe(200);
      expect(summary.body, `${query} (seed ${SEED})`).toMatchObject(want.summary);
      const team = await server.api("GET", `/api/v1/reports/agents?${query}`, undefined, reader);
      expect(team.status).toBe(200);
      for (const a of agents) {
        const row = team.body.items.find((i: { agentId: string }) => i.agentId === a.id);
        if (f.agentId && f.agentId !== a.id) continue;
        expect(row, `${a.name} ${query} (seed ${SEED})`).toMatchObject(want.perAgent.get(a.id)!);
      }
    }
  }
}

describe(`the ReportSpan rollup (seed ${SEED})`, () => {
  it("equals the derivation from the log while conversations are written, reopened, merged, erased and deleted", async () => {
    await newConversations(12);
    await expectRollupEqualsRebuild();
    await expectReportsEqualDerivation();

    // A second wave: more history on existing conversations (reopens after resolves) and new ones.
    for (const c of conversations.slice(0, 6)) await writeHistory(c, bounds.from + Math.floor(rand() * 20 * 86_400_000));
    await newConversations(6);
    await expectReportsEqualDerivation();
    await expectRollupEqualsRebuild();

    // A merge moves messages, not events; erasure and retention's delete leave the log.
    const [source, into] = [conversations[1]!, conversations[2]!];
    await server.ctx.db.conversation.update({ where: { id: source.id }, data: { contactId: into.contactId } });
    const merged = await server.api("POST", `/api/v1/conversations/${source.id}/merge`, { intoId: into.id }, token);
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const gone = conversations.slice(3, 6).map((c) => c.id);
    await eraseMessages(server.ctx, { conversationId: { in: gone } });
    await server.ctx.db.conversation.deleteMany({ where: { id: { in: gone } } });
    // A changed schedule re-queues the conversations whose clocks started under it.
    await server.ctx.db.businessHours.update({
      where: { id: hoursId },
      data: { intervals: [1, 2, 3, 4, 5, 6].map((day) => ({ day, start: "08:00", end: "20:00" })) },
    });
    await writeHistory(into, bounds.from + 25 * 86_400_000);
    await expectReportsEqualDerivation();
    await expectRollupEqualsRebuild();
  }, 300_000);
});

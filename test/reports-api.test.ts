import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRICS_DOC_URL } from "~/server/domain/reports/report-types.ts";
import { updateSlaClocks } from "~/server/domain/sla/sla-clocks.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createPerson, type Person } from "./collab-fixtures.ts";
import { createConversation, timeline } from "./reports-fixtures.ts";

/**
 * The reports API around the metrics: CSAT from csat-sent / csat events, SLA met (through the clock
 * flow) and breached, restricted-department isolation, viewers, top issues in Japanese, the heatmap,
 * adoption from record views, the CSV export's BOM and header, and the log's append-only guard.
 */
let server: TestServer;
let admin: string;
let maya: Person; // Support agent, not in Legal
let kenji: Person; // Legal member
let viewer: Person;
let supportDept: string;
let inboxId: string;
let supportConversation: string;
const nov = "from=2026-11-01&to=2026-11-30";
const get = async (path: string, token = admin) => {
  const res = await server.api("GET", `/api/v1/reports/${path}`, undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  const legalDept = await createDepartment(server, "Legal", { restricted: true });
  supportDept = await createDepartment(server, "Support");
  maya = await createPerson(server, "Maya Chen", { departmentIds: [supportDept] });
  kenji = await createPerson(server, "Kenji Mori", { departmentIds: [legalDept] });
  viewer = await createPerson(server, "Sales Viewer", { role: "viewer" });
  inboxId = await server.createInbox("web_chat", "Chat", {});

  const s = await createConversation(server, {
    inboxId,
    channel: "web_chat",
    contactName: "Hanako",
    departmentId: supportDept,
    tags: ["billing"],
  });
  supportConversation = s.id;
  const t = timeline(server, s);
  await t.customer("2026-11-10T10:00:00Z", "返金をお願いします。請求書が届きません");
  await t.reply("2026-11-10T10:30:00Z", maya.id);
  await t.status("2026-11-10T11:00:00Z", "resolved", maya.id);
  await t.event("2026-11-10T11:00:01Z", { event: "csat-sent", surveyId: "s1", channel: "web_chat" });
  await t.event("2026-11-10T12:00:00Z", { event: "csat", surveyId: "s1", rating: 2, comment: "slow" });
  await t.event("2026-11-10T12:05:00Z", { event: "csat", surveyId: "s1", rating: 5, comment: "actually fine" });
  await t.event("2026-11-11T09:00:00Z", { event: "csat-sent", surveyId: "s2", channel: "web_chat" });

  const l = await createConversation(server, { inboxId, channel: "web_chat", contactName: "Legal client", departmentId: legalDept });
  const u = timeline(server, l);
  await u.customer("2026-11-12T03:00:00Z", "契約書の件で弁護士から連絡があります");
  await u.reply("2026-11-12T04:00:00Z", kenji.id);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("reports API", () => {
  it("derives CSAT from the latest rating of each survey, and never stores its comment", async () => {
    const s = await get(`summary?${nov}`);
    expect(s.csat).toEqual({ surveysSent: 2, responses: 1, responseRate: 0.5, average: 5, score: 100 });
    const [row] = await server.ctx.sql.query<{ data: Record<string, unknown> }>(
      `SELECT "data" FROM "ReportEvent" WHERE "type" = 'csat' LIMIT 1`,
    );
    expect(row!.data).not.toHaveProperty("comment");
  });

  it("counts an SLA target met when a reply stops its clock in time, and a breach from its timeline event", async () => {
    expect((await server.api("POST", "/api/v1/sla-policies", { name: "Default", firstResponseMinutes: 60 }, admin)).status).toBe(201);
    const c = await createConversation(server, { inboxId, channel: "web_chat", contactName: "Jiro" });
    await server.ctx.db.$transaction((tx) => updateSlaClocks(tx, c.id, { kind: "customer-message", created: true, automated: false }));
    await server.ctx.db.$transaction((tx) => updateSlaClocks(tx, c.id, { kind: "agent-reply" }));
    const late = await createConversation(server, { inboxId, channel: "web_chat", contactName: "Saburo" });
    await timeline(server, late).event(new Date().toISOString(), {
      event: "sla",
      alert: "breached",
      target: "first_response",
      dueAt: new Date().toISOString(),
      policyName: "Default",
    });
    const s = await get("summary");
    expect(s.sla).toEqual({ met: 1, breached: 1, metPercent: 50 });
  });

  it("shows restricted departments' data only to their members and admins; viewers may read reports", async () => {
    expect((await get(`summary?${nov}`)).messagesIn).toBe(2);
    expect((await get(`summary?${nov}`, kenji.token)).messagesIn).toBe(2);
    expect((await get(`summary?${nov}`, maya.token)).messagesIn).toBe(1);
    const seenByViewer = await get(`summary?${nov}`, viewer.token);
    expect(seenByViewer.messagesIn).toBe(1);
    const departments = await get(`departments?${nov}`, maya.token);
    expect(departments.items.map((d: { name: string | null }) => d.name)).toEqual(["Support"]);
    const terms = (await get(`top-issues?${nov}`, maya.token)).terms.map((t: { term: string }) => t.term);
    expect(terms).not.toContain("契約書");
  });

  it("lists the top tags and Japanese words with their previous-period counts", async () => {
    const top = await get(`top-issues?${nov}`);
    expect(top.tags).toEqual([{ tag: "billing", count: 1, previousCount: 0, change: 1 }]);
    const terms = Object.fromEntries(top.terms.map((t: { term: string; count: number }) => [t.term, t.count]));
    expect(terms).toMatchObject({ 返金: 1, 請求書: 1, 契約書: 1 });
  });

  it("puts customer messages on the weekday × hour heatmap in the workspace time zone", async () => {
    const h = await get(`heatmap?${nov}`, maya.token);
    expect(h.cells).toHaveLength(168);
    expect(h.cells.filter((c: { count: number }) => c.count > 0)).toEqual([{ weekday: 2, hour: 10, count: 1 }]);
  });

  it("filters by agent, department, channel and tag", async () => {
    expect((await get(`summary?${nov}&agentId=${kenji.id}`)).firstResponse.count).toBe(1);
    expect((await get(`summary?${nov}&departmentId=${supportDept}`)).firstResponse).toEqual({
      median: 1800,
      p90: 1800,
      mean: 1800,
      count: 1,
    });
    expect((await get(`summary?${nov}&channel=email`)).messagesIn).toBe(0);
    expect((await get(`summary?${nov}&tag=billing`)).resolutions).toBe(1);
    expect((await get(`summary?${nov}&tag=other`)).resolutions).toBe(0);
  });

  it("records one view per agent and conversation per window, for adoption", async () => {
    for (let i = 0; i < 2; i++)
      expect((await server.api("GET", `/api/v1/conversations/${supportConversation}`, undefined, maya.token)).status).toBe(200);
    await expect
      .poll(async () => (await get("adoption")).departments.find((d: { name: string | null }) => d.name === "Support"), { timeout: 15_000 })
      .toMatchObject({ members: 1, readers: 1, views: 1 });
  });

  it("exports CSV in UTF-8 with a BOM, durations named by calendar or business time", async () => {
    const res = await fetch(`${server.url}/api/v1/reports/export.csv?report=summary&${nov}&businessHours=true`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\n");
    expect(lines[0]).toBe("metric,value,previous_value");
    expect(lines).toContain("first_response_median_business_seconds,2700,");
    const bad = await server.api("GET", "/api/v1/reports/export.csv?report=nope", undefined, admin);
    expect(bad.status).toBe(400);
  });

  it("serves the metric definitions the report pages link to", async () => {
    const res = await fetch(`${server.url}${METRICS_DOC_URL}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("1 conversation,\n  3 resolutions and 2 reopens");
  });

  it("keeps the event log append-only", async () => {
    await expect(server.ctx.sql.query(`UPDATE "ReportEvent" SET "type" = 'x'`)).rejects.toThrow(/append-only/);
    await expect(server.ctx.sql.query(`DELETE FROM "ReportEvent"`)).rejects.toThrow(/append-only/);
  });
});

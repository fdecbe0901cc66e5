import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createPerson, type Person } from "./collab-fixtures.ts";
import { createConversation, timeline } from "./reports-fixtures.ts";

/**
 * Each metric of /api/v1/reports/summary asserted exactly on conversations with known event times
 * (docs/metrics.md): segments and reopens, bot and rule replies excluded, business hours vs calendar.
 */
let server: TestServer;
let token: string;
let sato: Person;
let inboxId: string;
let tokyoDept: string;
const range = "from=2026-11-01&to=2026-11-30";
const summary = async (query: string) => {
  const res = await server.api("GET", `/api/v1/reports/summary?${query}`, undefined, token);
  expect(res.status).toBe(200);
  return res.body;
};

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  sato = await createPerson(server, "Sato Reports");
  inboxId = await server.createInbox("web_chat", "Chat", {});
  const hours = await server.api(
    "POST",
    "/api/v1/business-hours",
    { name: "Tokyo office", timezone: "Asia/Tokyo", intervals: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })) },
    token,
  );
  expect(hours.status).toBe(201);
  tokyoDept = await createDepartment(server, "Tokyo desk");
  expect(
    (await server.api("PUT", `/api/v1/departments/${tokyoDept}/business-hours`, { businessHoursId: hours.body.id }, token)).status,
  ).toBe(200);

  // One conversation, resolved, reopened twice by the customer: 1 conversation, 3 resolutions, 2 reopens.
  const c = await createConversation(server, { inboxId, channel: "web_chat", contactName: "Hanako" });
  const t = timeline(server, c);
  await t.customer("2026-11-02T09:00:00Z");
  await t.ruleReply("2026-11-02T09:01:00Z");
  await t.reply("2026-11-02T09:10:00Z", sato.id);
  await t.customer("2026-11-02T09:20:00Z");
  await t.ruleReply("2026-11-02T09:25:00Z");
  await t.reply("2026-11-02T09:50:00Z", sato.id);
  await t.status("2026-11-02T10:00:00Z", "resolved", sato.id);
  await t.customer("2026-11-03T09:00:00Z");
  await t.reply("2026-11-03T09:30:00Z", sato.id);
  await t.status("2026-11-03T11:00:00Z", "resolved", sato.id);
  await t.status("2026-11-03T12:00:00Z", "closed", sato.id);
  await t.customer("2026-11-04T09:00:00Z");
  await t.customer("2026-11-04T09:01:00Z", "auto reply", { automated: true });
  await t.reply("2026-11-04T09:20:00Z", sato.id);
  await t.status("2026-11-04T09:30:00Z", "resolved", sato.id);

  // Friday 17:30 in Tokyo, answered Monday 09:30: 64 calendar hours, 1 business hour.
  const d = await createConversation(server, { inboxId, channel: "web_chat", contactName: "Taro", departmentId: tokyoDept });
  const u = timeline(server, d);
  await u.customer("2026-11-06T08:30:00Z");
  await u.reply("2026-11-09T00:30:00Z", sato.id);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("segments, reopens and responses", () => {
  it("counts one conversation reopened twice as 3 resolutions and 2 reopens, per segment", async () => {
    const s = await summary(`${range}&inboxId=${inboxId}`);
    expect(s.conversations).toBe(2);
    expect(s.segments).toBe(4);
    expect(s.resolutions).toBe(3);
    expect(s.reopens).toBe(2);
    expect(s.reopenRate).toBeCloseTo(2 / 3, 10);
    // Customer auto-replies are not messages in; rule replies are not messages out.
    expect(s.messagesIn).toBe(5);
    expect(s.messagesOut).toBe(5);
    expect(s.resolution).toEqual({ median: 3600, p90: 6480, mean: 4200, count: 3 });
    expect(s.nextResponse).toEqual({ median: 1800, p90: 1800, mean: 1800, count: 1 });
  });

  it("measures first response to the first human reply, never to a rule's reply", async () => {
    const s = await summary(`${range}&agentId=${sato.id}`);
    // 600 (not 60: the rule replied first), 1800, 1200, and 230400 for the Friday message.
    expect(s.firstResponse.count).toBe(4);
    expect(s.firstResponse.median).toBe(1500);
  });

  it("counts the same response in business hours of the department's schedule", async () => {
    const calendar = await summary(`${range}&departmentId=${tokyoDept}`);
    expect(calendar.firstResponse).toEqual({ median: 230400, p90: 230400, mean: 230400, count: 1 });
    const business = await summary(`${range}&departmentId=${tokyoDept}&businessHours=true`);
    expect(business.businessHours).toBe(true);
    expect(business.firstResponse).toEqual({ median: 3600, p90: 3600, mean: 3600, count: 1 });
  });

  it("compares with the previous period of equal length", async () => {
    // 3 November alone (the second segment) against 2 November (the first).
    const s = await summary(`from=2026-11-03&to=2026-11-03&inboxId=${inboxId}`);
    expect([s.from, s.to]).toEqual(["2026-11-03T00:00:00.000Z", "2026-11-04T00:00:00.000Z"]);
    expect([s.conversations, s.segments, s.reopens, s.resolutions, s.resolution.median]).toEqual([1, 1, 1, 1, 7200]);
    expect(s.previous.from).toBe("2026-11-02T00:00:00.000Z");
    expect([s.previous.segments, s.previous.reopens, s.previous.resolutions, s.previous.firstResponse.median]).toEqual([1, 0, 1, 600]);
  });

  it("answers 400 for bad filters", async () => {
    const bad = await server.api("GET", "/api/v1/reports/summary?from=2026-11-30&to=2026-11-01", undefined, token);
    expect(bad.status).toBe(400);
    const flag = await server.api("GET", "/api/v1/reports/summary?businessHours=maybe", undefined, token);
    expect(flag.status).toBe(400);
    expect(flag.body.error.message).toContain("businessHours");
  });
});

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createPerson, type Person } from "./collab-fixtures.ts";
import { createConversation, timeline } from "./reports-fixtures.ts";

/**
 * Segments as a report filter (issue 14): `segmentId=` narrows every report and the CSV export to the
 * facts of the segment's contacts, through the segment's compiled filter; a segment the reader may not
 * see is a 404.
 */
let server: TestServer;
let token: string;
let sato: Person;
let stranger: Person;
let inboxId: string;
let vipSegment: string;
let privateSegment: string;
let legalSegment: string;
const run = randomBytes(3).toString("hex");
const range = "from=2026-10-01&to=2026-10-31";
const get = async (path: string, t = token) => server.api("GET", `/api/v1/reports/${path}`, undefined, t);

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  sato = await createPerson(server, `Seg Sato ${run}`);
  stranger = await createPerson(server, `Seg Stranger ${run}`);
  const legal = await createDepartment(server, `Seg legal ${run}`);
  inboxId = await server.createInbox("web_chat", "Segment chat", {});

  // Two VIP customers (one with two conversations, one reopened) and one ordinary customer.
  const write = async (name: string, script: (t: ReturnType<typeof timeline>) => Promise<void>, contactId?: string) => {
    const c = await createConversation(server, { inboxId, channel: "web_chat", contactName: name, ...(contactId ? { contactId } : {}) });
    await script(timeline(server, c));
    return c;
  };
  const vip1 = await write(`VIP Tanaka ${run}`, async (t) => {
    await t.customer("2026-10-05T09:00:00Z");
    await t.reply("2026-10-05T09:10:00Z", sato.id);
    await t.status("2026-10-05T10:00:00Z", "resolved", sato.id);
    await t.customer("2026-10-06T09:00:00Z");
    await t.reply("2026-10-06T09:30:00Z", sato.id);
    await t.status("2026-10-06T11:00:00Z", "resolved", sato.id);
  });
  await write(
    "second conversation",
    async (t) => {
      await t.customer("2026-10-07T09:00:00Z");
      await t.reply("2026-10-07T09:20:00Z", sato.id);
    },
    vip1.contactId,
  );
  await write(`VIP Suzuki ${run}`, async (t) => {
    await t.customer("2026-10-08T09:00:00Z");
    await t.reply("2026-10-08T10:00:00Z", sato.id);
  });
  await write(`Plain Yamada ${run}`, async (t) => {
    await t.customer("2026-10-09T09:00:00Z");
    await t.customer("2026-10-09T09:05:00Z");
    await t.reply("2026-10-09T12:00:00Z", sato.id);
    await t.status("2026-10-09T13:00:00Z", "resolved", sato.id);
  });

  const vip = {
    all: [
      { field: "name", op: "contains", value: `VIP` },
      { field: "name", op: "contains", value: run },
    ],
  };
  const create = async (body: object, t = token) => {
    const res = await server.api("POST", "/api/v1/segments", body, t);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  vipSegment = await create({ name: `VIP ${run}`, filter: vip, shared: true });
  privateSegment = await create({ name: `Mine ${run}`, filter: vip, shared: false }, sato.token);
  legalSegment = await create({ name: `Legal ${run}`, filter: vip, shared: true, departmentId: legal });
});

afterAll(async () => {
  await server?.stop();
});

describe("segmentId as a report filter", () => {
  it("narrows the summary to the segment's contacts", async () => {
    const all = await get(`summary?${range}`);
    const vip = await get(`summary?${range}&segmentId=${vipSegment}`);
    expect(all.status).toBe(200);
    expect(vip.status).toBe(200);
    expect(all.body).toMatchObject({ conversations: 4, segments: 5, resolutions: 3, reopens: 1, messagesIn: 6 });
    // VIP: Tanaka's two conversations (one reopened) and Suzuki's; first responses 10, 30, 20, 60 minutes.
    expect(vip.body).toMatchObject({
      conversations: 3,
      segments: 4,
      resolutions: 2,
      reopens: 1,
      messagesIn: 4,
      messagesOut: 4,
      firstResponse: { count: 4, median: 1500, mean: 1800 },
      resolution: { count: 2, median: 5400 },
    });
  });

  it("narrows every other report and the CSV export", async () => {
    const q = `${range}&segmentId=${vipSegment}`;
    const agents = await get(`agents?${q}`);
    expect(agents.status).toBe(200);
    expect(agents.body.items.find((i: { agentId: string }) => i.agentId === sato.id)).toMatchObject({
      conversations: 3,
      replies: 4,
      resolutions: 2,
    });
    const heat = await get(`heatmap?${q}`);
    expect(heat.body.cells.reduce((s: number, c: { count: number }) => s + c.count, 0)).toBe(4);
    const customers = await get(`customers?${q}`);
    expect(customers.body.mostConversations.map((r: { name: string }) => r.name).sort()).toEqual([
      `VIP Suzuki ${run}`,
      `VIP Tanaka ${run}`,
    ]);
    const series = await get(`timeseries?${q}&metric=messages_in`);
    expect(series.body.points.reduce((s: number, p: { value: number }) => s + p.value, 0)).toBe(4);
    const csv = await server.api("GET", `/api/v1/reports/export.csv?report=customers&${q}`, undefined, token);
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toContain(`VIP Tanaka ${run}`);
    expect(String(csv.body)).not.toContain(`Plain Yamada ${run}`);
  });

  it("answers 404 for a segment the reader may not see, and 400 for a malformed id", async () => {
    // Someone else's private segment (admins included), a department's segment for a non-member.
    expect((await get(`summary?${range}&segmentId=${privateSegment}`)).status).toBe(404);
    expect((await get(`summary?${range}&segmentId=${privateSegment}`, sato.token)).status).toBe(200);
    expect((await get(`agents?${range}&segmentId=${legalSegment}`, stranger.token)).status).toBe(404);
    expect((await get(`summary?${range}&segmentId=${legalSegment}`)).status).toBe(200);
    expect((await get(`summary?${range}&segmentId=nope`)).status).toBe(404);
    const bad = await get(`summary?${range}&segmentId=${"x".repeat(100)}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("segmentId");
  });
});

import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { markRawEvent } from "~/server/domain/inbound/mark-raw-event.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * What ingest keeps per node to spend fewer statements per message (issue 18, decision 031): an
 * edit made through this node is seen by the very next webhook, and raw events are marked done in
 * groups, each caller's promise settling once its row is written.
 */
const ACCOUNT_SID = `AC${"0".repeat(31)}7`;
let server: TestServer;
let admin: string;
let inboxId: string;
const run = Math.random().toString(36).slice(2, 8);
let n = 0;

const webhook = async (authToken: string) => {
  const url = `${server.url}/webhooks/twilio/${inboxId}/sms`;
  const params = {
    AccountSid: ACCOUNT_SID,
    MessageSid: `SM${run}${String(++n).padStart(26, "0")}`,
    From: "+819011112222",
    Body: `hi ${n}`,
  };
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, sid: params.MessageSid };
};

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  inboxId = await server.createInbox("twilio_sms", `Cache ${run}`, {
    accountSid: ACCOUNT_SID,
    authToken: "first-token",
    phoneNumber: "+815000000000",
  });
});
afterAll(async () => {
  await server?.stop();
});

describe("per-node copies used by ingest", () => {
  it("a rotated auth token or a disabled inbox counts from the next webhook on", async () => {
    expect((await webhook("first-token")).status).toBe(200);
    const config = { accountSid: ACCOUNT_SID, authToken: "second-token", phoneNumber: "+815000000000" };
    expect((await server.api("PATCH", `/api/v1/inboxes/${inboxId}`, { config }, admin)).status).toBe(200);
    expect((await webhook("first-token")).status).toBe(403);
    expect((await webhook("second-token")).status).toBe(200);
    expect((await server.api("PATCH", `/api/v1/inboxes/${inboxId}`, { enabled: false }, admin)).status).toBe(200);
    expect((await webhook("second-token")).status).toBe(503);
    expect((await server.api("PATCH", `/api/v1/inboxes/${inboxId}`, { enabled: true }, admin)).status).toBe(200);
  });

  it("a rule created after messages were ingested acts on the next one", async () => {
    expect((await webhook("second-token")).status).toBe(200);
    const rule = await server.api(
      "POST",
      "/api/v1/automation-rules",
      { name: `Tag ${run}`, event: "customer_message", conditions: [], actions: [{ type: "add_tags", tags: [`cached-${run}`] }] },
      admin,
    );
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const { sid } = await webhook("second-token");
    await vi.waitFor(
      async () => {
        const m = await server.ctx.db.message.findFirstOrThrow({
          where: { inboxId, providerMessageId: sid },
          select: { conversation: { select: { tags: true } } },
        });
        expect(m.conversation.tags).toContain(`cached-${run}`);
      },
      { timeout: 20_000, interval: 100 },
    );
  });

  it("every accepted webhook's raw event is marked done soon after its answer", async () => {
    const sent = await Promise.all(Array.from({ length: 8 }, () => webhook("second-token")));
    expect(sent.map((s) => s.status)).toEqual(Array(8).fill(200));
    await vi.waitFor(
      async () => {
        const events = await server.ctx.db.inboundEvent.findMany({
          where: { inboxId, providerEventId: { in: sent.map((s) => `sms:${s.sid}`) } },
          select: { status: true, processedAt: true },
        });
        expect(events.map((e) => e.status)).toEqual(Array(8).fill("done"));
        for (const e of events) expect(Math.abs(e.processedAt!.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      },
      { timeout: 20_000, interval: 100 },
    );
  });
});

describe("grouped done marks", () => {
  it("marks made while one UPDATE runs go out together in the next, and a failure reaches each caller", async () => {
    const statements: { text: string; ids: string[] }[] = [];
    const queued: { ok(): void; fail(): void }[] = [];
    const ctx = {
      db: {},
      sql: {
        query: (text: string, params: unknown[]) => {
          statements.push({ text, ids: params[0] as string[] });
          return new Promise((resolve, reject) => queued.push({ ok: () => resolve([]), fail: () => reject(new Error("database down")) }));
        },
      },
    } as never;
    const first = markRawEvent(ctx, "e1", { ok: true });
    const second = markRawEvent(ctx, "e2", { ok: true });
    const third = markRawEvent(ctx, "e3", { ok: true });
    expect(statements).toEqual([]);
    await vi.waitFor(() => expect(statements.map((s) => s.ids)).toEqual([["e1", "e2", "e3"]]));
    const fourth = markRawEvent(ctx, "e4", { ok: true });
    queued.shift()!.ok();
    await Promise.all([first, second, third]);
    await vi.waitFor(() => expect(statements.map((s) => s.ids)).toEqual([["e1", "e2", "e3"], ["e4"]]));
    queued.shift()!.fail();
    await expect(fourth).rejects.toThrow("database down");
    expect(statements[0]!.text).toMatch(/WHERE id = ANY\(\$1::text\[\]\)/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTimeRules } from "~/server/domain/automation/time-rules.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createSmsInbox, type SmsInbox } from "./collab-fixtures.ts";

/**
 * Time-based rules on one node (issue 12): a conversation open for N minutes since its last message
 * fires its rule once per quiet spell, however often the scheduler runs; a new message starts a new
 * spell. The clock is moved by dating the last message back, not by waiting.
 */
let server: TestServer;
let sms: SmsInbox;
let token: string;
let phone = 819050000000 + Math.floor(Math.random() * 1e5);
const run = Math.random().toString(36).slice(2, 8);

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const backdate = (conversationId: string, minutes: number) =>
  server.ctx.db.message.updateMany({ where: { conversationId }, data: { createdAt: ago(minutes) } });
const notes = (conversationId: string, ruleName: string) =>
  server.ctx.db.message.count({ where: { conversationId, kind: "note", meta: { path: ["rule", "name"], equals: ruleName } } });

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  sms = await createSmsInbox(server);
});
afterAll(async () => {
  await sms?.twilio.close();
  await server?.stop();
});

describe("time-based rules", () => {
  it("fire once per quiet spell, and again after a new message went quiet", async () => {
    const name = `Nudge ${run}`;
    const created = await server.api(
      "POST",
      "/api/v1/automation-rules",
      { name, event: "open_no_reply", minutes: 30, actions: [{ type: "add_note", text: "30 minutes without a reply" }] },
      token,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const quietPhone = `+${++phone}`;
    const quiet = await sms.customerWrites(quietPhone, "まだですか");
    const fresh = await sms.customerWrites(`+${++phone}`, "こんにちは");
    await backdate(quiet.conversationId, 31);
    await backdate(fresh.conversationId, 20);

    await Promise.all([runTimeRules(server.ctx), runTimeRules(server.ctx), runTimeRules(server.ctx)]);
    await runTimeRules(server.ctx);
    expect(await notes(quiet.conversationId, name)).toBe(1);
    expect(await notes(fresh.conversationId, name)).toBe(0);
    const timers = await server.ctx.db.automationTimer.findMany({ where: { conversationId: quiet.conversationId } });
    expect(timers).toHaveLength(1);
    expect(timers[0]).toMatchObject({ status: "done" });
    expect(timers[0]!.firedAt).toBeTruthy();

    // The customer writes again: a new spell, which fires once it is 30 minutes old.
    await sms.customerWrites(quietPhone, "もしもし");
    await runTimeRules(server.ctx);
    expect(await notes(quiet.conversationId, name)).toBe(1);
    await backdate(quiet.conversationId, 45);
    await runTimeRules(server.ctx);
    await runTimeRules(server.ctx);
    expect(await notes(quiet.conversationId, name)).toBe(2);
  });

  it("pending and unassigned rules look at their own state; a disabled rule never fires", async () => {
    const pendingName = `Pending ${run}`;
    const unassignedName = `Unassigned ${run}`;
    for (const [name, event, enabled] of [
      [pendingName, "pending_no_reply", true],
      [unassignedName, "unassigned_no_reply", false],
    ] as const) {
      const res = await server.api(
        "POST",
        "/api/v1/automation-rules",
        { name, event, minutes: 60, enabled, actions: [{ type: "add_note", text: name }] },
        token,
      );
      expect(res.status).toBe(201);
    }
    const c = await sms.customerWrites(`+${++phone}`, "待ってます");
    expect((await server.api("PATCH", `/api/v1/conversations/${c.conversationId}`, { status: "pending" }, token)).status).toBe(200);
    await backdate(c.conversationId, 61);
    await runTimeRules(server.ctx);
    expect(await notes(c.conversationId, pendingName)).toBe(1);
    expect(await notes(c.conversationId, unassignedName)).toBe(0);
  });
});

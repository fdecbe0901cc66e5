import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

/**
 * POST /api/v1/conversations/bulk (issue 10): each action goes through the single action's flow, a
 * conversation the caller cannot see is reported per id while the rest change, and bad input is a 400
 * that names the field.
 */
let server: TestServer;
let admin: string;
let agent: string;
let viewer: string;
let agentId: string;
let secretId: string;
let inboxId: string;
let seq = 0;
const updates: { id: string; changes: string[] }[] = [];

const api = (method: string, path: string, body?: unknown, token = admin) => server.api(method, `/api/v1${path}`, body, token);
const bulk = (body: unknown, token = admin) => api("POST", "/conversations/bulk", body, token);
const conversation = async (id: string) => (await api("GET", `/conversations/${id}`)).body.conversation;
async function newConversation(from = `customer${++seq}@example.com`) {
  const r = await ingestInboundMessage(server.ctx, {
    inboxId,
    message: { providerMessageId: `bulk-${++seq}`, from: { kind: "email", address: from }, subject: `Order ${seq}`, text: "Where is it?" },
  });
  return r.conversationId;
}

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  secretId = (await api("POST", "/departments", { name: "Legal", restricted: true })).body.id;
  const user = (email: string, role: string) =>
    api("POST", "/users", { email, name: email.split("@")[0], role, password: "long enough password", departmentIds: [] });
  agentId = (await user("agent@test.local", "agent")).body.id;
  agent = await server.apiToken(agentId);
  viewer = await server.apiToken((await user("viewer@test.local", "viewer")).body.id);
  inboxId = await server.createInbox("email", "Mail", { address: "support@acme.example" });
  server.ctx.bus.subscribe((e) => {
    if (e.type === "conversation.updated") updates.push({ id: e.conversation.id, changes: e.changes });
  });
});
afterAll(async () => {
  await server?.stop();
});

describe("POST /conversations/bulk", () => {
  it("assigns each conversation through the single flow: timeline, realtime, per-id results", async () => {
    const ids = [await newConversation(), await newConversation(), await newConversation()];
    const res = await bulk({ action: "assign", ids, assigneeId: agentId }, agent);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ action: "assign", results: ids.map((id) => ({ id, ok: true, changed: true })) });
    for (const id of ids) {
      expect((await conversation(id)).assigneeId).toBe(agentId);
      expect(updates.some((u) => u.id === id && u.changes.includes("assigneeId"))).toBe(true);
      const { body } = await api("GET", `/conversations/${id}`);
      expect(body.messages.some((m: { kind: string; text?: string }) => m.kind === "event")).toBe(true);
    }
    // Again: nothing changes, and the results say so.
    const again = await bulk({ action: "assign", ids, assigneeId: agentId }, agent);
    expect(again.body.results.map((r: { changed: boolean }) => r.changed)).toEqual([false, false, false]);
    expect((await bulk({ action: "assign", ids, assigneeId: null }, agent)).body.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    expect((await conversation(ids[0]!)).assigneeId).toBeNull();
  });

  it("reports a conversation the agent cannot see per id, and still changes the visible ones", async () => {
    const [visible, hidden] = [await newConversation(), await newConversation()];
    expect((await api("PATCH", `/conversations/${hidden}`, { departmentId: secretId })).status).toBe(200);
    const res = await bulk({ action: "status", ids: [visible, hidden, "no-such-id"], status: "pending" }, agent);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { id: visible, ok: true, changed: true },
      { id: hidden, ok: false, error: { code: "not_found", message: "Conversation not found" } },
      { id: "no-such-id", ok: false, error: { code: "not_found", message: "Conversation not found" } },
    ]);
    expect((await conversation(visible)).status).toBe("pending");
    expect((await conversation(hidden)).status).toBe("open");
  });

  it("moves to a department, adds tags to each conversation's own, and snoozes or resolves", async () => {
    const sales = (await api("POST", "/departments", { name: "Sales" })).body.id;
    const [a, b] = [await newConversation(), await newConversation()];
    await api("PATCH", `/conversations/${a}`, { tags: ["vip"] });
    expect((await bulk({ action: "department", ids: [a, b], departmentId: sales })).body.results.every((r: { ok: boolean }) => r.ok)).toBe(
      true,
    );
    expect((await conversation(b)).departmentId).toBe(sales);

    expect((await bulk({ action: "tag", ids: [a, b], tags: ["Refund", "vip"] })).status).toBe(200);
    expect((await conversation(a)).tags).toEqual(["vip", "refund"]);
    expect((await conversation(b)).tags).toEqual(["refund", "vip"]);

    const until = new Date(Date.now() + 86_400_000).toISOString();
    expect((await bulk({ action: "status", ids: [a], status: "snoozed", snoozedUntil: until })).body.results[0].ok).toBe(true);
    expect((await conversation(a)).status).toBe("snoozed");
    const resolved = await bulk({ action: "status", ids: [a, b], status: "resolved", sendSurvey: false });
    expect(resolved.body.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    expect((await conversation(b)).status).toBe("resolved");
    // The state machine holds per id: a resolved conversation cannot become pending.
    const refused = await bulk({ action: "status", ids: [b], status: "pending" });
    expect(refused.body.results[0]).toMatchObject({ id: b, ok: false, error: { code: "conflict" } });
  });

  it("merges conversations of one customer into the first id, and refuses another customer's per id", async () => {
    const into = await newConversation("same@example.com");
    const dup = await newConversation("same@example.com");
    const other = await newConversation("else@example.com");
    const res = await bulk({ action: "merge", ids: [into, dup, other] });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toEqual({ id: into, ok: true, changed: false });
    expect(res.body.results[1]).toEqual({ id: dup, ok: true, changed: true });
    expect(res.body.results[2]).toMatchObject({ id: other, ok: false, error: { code: "conflict" } });
    const merged = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: dup }, select: { mergedIntoId: true, status: true } });
    expect(merged).toEqual({ mergedIntoId: into, status: "closed" });
    const audit = await api("GET", "/audit-log?action=conversation.merged");
    expect(audit.body.items.some((e: { targetId: string }) => e.targetId === dup)).toBe(true);
  });

  it("answers 400 naming the field for a bad action or payload, and 403 for a viewer", async () => {
    const id = await newConversation();
    const badAction = await bulk({ action: "delete", ids: [id] });
    expect(badAction.status).toBe(400);
    expect(badAction.body.error.message).toMatch(/^action: must be one of assign, department, tag, status, merge/);
    const noIds = await bulk({ action: "assign", ids: [], assigneeId: agentId });
    expect(noIds.status).toBe(400);
    expect(noIds.body.error.message).toMatch(/ids/);
    const noTags = await bulk({ action: "tag", ids: [id] });
    expect(noTags.status).toBe(400);
    expect(noTags.body.error.message).toMatch(/tags/);
    const noTime = await bulk({ action: "status", ids: [id], status: "snoozed" });
    expect(noTime.status).toBe(400);
    expect(noTime.body.error.message).toMatch(/snoozedUntil/);
    const oneToMerge = await bulk({ action: "merge", ids: [id] });
    expect(oneToMerge.status).toBe(400);
    const foreignTarget = await bulk({ action: "merge", ids: [id, await newConversation()], intoId: "elsewhere" });
    expect(foreignTarget.status).toBe(400);
    expect(foreignTarget.body.error.message).toMatch(/intoId/);
    expect((await bulk({ action: "status", ids: [id], status: "resolved" }, viewer)).status).toBe(403);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await server.api("GET", "/api/v1/openapi.json")).body;
    expect(doc.paths["/conversations/bulk"].post.requestBody.content["application/json"].schema.$ref).toMatch(/ConversationBulkAction/);
  });
});

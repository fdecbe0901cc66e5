import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { reassignFromOfflineAgents } from "~/server/domain/assignment/reassign-offline.ts";
import { assignQueuedConversations } from "~/server/domain/assignment/auto-assign.ts";
import {
  connectAgent,
  createDepartment,
  createPerson,
  createSmsInbox,
  waitFor,
  type Agent,
  type Person,
  type SmsInbox,
} from "./collab-fixtures.ts";

/**
 * Auto-assignment through the real server: customers text an SMS inbox of an auto-assigning
 * department; conversations go round-robin to online members with room, never to away, offline or
 * viewer members, and come back to the queue when their agent stays offline.
 */
let server: TestServer;
let departmentId: string;
let inbox: SmsInbox;
let ana: Person, ben: Person, cho: Person, dan: Person, vic: Person;
const sockets = new Map<string, Agent>();
let phone = 819020000000;

const statusOf = async (p: Person) => (await server.ctx.db.user.findUniqueOrThrow({ where: { id: p.id } })).status;
const assigneeOf = async (conversationId: string) =>
  (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).assigneeId;
const newCustomer = () => inbox.customerWrites(`+${++phone}`, "こんにちは、質問があります");
const countBy = (ids: (string | null)[]) =>
  ids.reduce<Record<string, number>>((acc, id) => {
    acc[id ?? "queue"] = (acc[id ?? "queue"] ?? 0) + 1;
    return acc;
  }, {});

async function goOnline(p: Person) {
  sockets.set(p.id, await connectAgent(server, p));
  await waitFor(async () => expect(await statusOf(p)).toBe("online"));
}
async function goOffline(p: Person) {
  sockets.get(p.id)!.close();
  sockets.delete(p.id);
  await waitFor(async () => expect(await statusOf(p)).toBe("offline"));
}

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  departmentId = await createDepartment(server, "Sales", { autoAssign: true });
  [ana, ben, cho, dan] = await Promise.all(
    ["Ana", "Ben", "Cho", "Dan"].map((n) => createPerson(server, n, { departmentIds: [departmentId] })),
  );
  vic = await createPerson(server, "Vic Viewer", { role: "viewer", departmentIds: [departmentId] });
  const capacity = await server.api("PATCH", `/api/v1/users/${cho.id}/capacity`, { capacity: 1 }, await server.apiToken());
  expect(capacity.status).toBe(200);
  inbox = await createSmsInbox(server, departmentId);
  for (const p of [ana, ben, cho, vic]) await goOnline(p); // Dan stays offline
});
afterAll(async () => {
  for (const s of sockets.values()) s.close();
  await inbox?.twilio.close();
  await server?.stop();
});

describe("auto-assignment", () => {
  it("shares new conversations round-robin among online agents, respecting capacity", async () => {
    const assigned: (string | null)[] = [];
    for (let i = 0; i < 7; i++) assigned.push(await assigneeOf((await newCustomer()).conversationId));
    const counts = countBy(assigned);
    expect(counts[cho.id]).toBe(1); // capacity 1
    expect(counts[dan.id]).toBeUndefined(); // offline
    expect(counts[vic.id]).toBeUndefined(); // viewers never get conversations
    expect(counts.queue).toBeUndefined();
    expect(counts[ana.id]! + counts[ben.id]!).toBe(6);
    expect(Math.abs(counts[ana.id]! - counts[ben.id]!)).toBeLessThanOrEqual(1);
    // Strict alternation between the two agents with room once Cho is full.
    const tail = assigned.slice(3);
    for (let i = 1; i < tail.length; i++) expect(tail[i]).not.toBe(tail[i - 1]);
  });

  it("records an event, notifies the assignee and updates the department pointer", async () => {
    const { conversationId } = await newCustomer();
    const assignee = (await assigneeOf(conversationId))!;
    const events = await server.ctx.db.message.findMany({ where: { conversationId, kind: "event" } });
    expect(events.map((e) => e.meta)).toContainEqual(expect.objectContaining({ event: "auto-assigned", assigneeId: assignee }));
    const department = await server.ctx.db.department.findUniqueOrThrow({ where: { id: departmentId } });
    expect(department.lastAssignedUserId).toBe(assignee);
    const socket = sockets.get(assignee)!;
    await waitFor(() =>
      expect(socket.events("notification:created")).toContainEqual(expect.objectContaining({ kind: "assignment", conversationId })),
    );
  });

  it("skips agents who are away", async () => {
    expect(await sockets.get(ben.id)!.emit("agent:set-status", { status: "away" })).toEqual({ ok: true });
    const assigned = [];
    for (let i = 0; i < 3; i++) assigned.push(await assigneeOf((await newCustomer()).conversationId));
    expect(assigned).toEqual([ana.id, ana.id, ana.id]);
    expect(await sockets.get(ben.id)!.emit("agent:set-status", { status: "online" })).toEqual({ ok: true });
  });

  it("never over-fills anyone when many customers write at once", async () => {
    await server.api("PATCH", `/api/v1/users/${ana.id}/capacity`, { capacity: 8 }, await server.apiToken());
    await server.api("PATCH", `/api/v1/users/${ben.id}/capacity`, { capacity: 6 }, await server.apiToken());
    const results = await Promise.all(Array.from({ length: 10 }, () => newCustomer()));
    const assigned = await Promise.all(results.map((r) => assigneeOf(r.conversationId)));
    const load = await server.ctx.db.conversation.groupBy({
      by: ["assigneeId"],
      where: { status: { in: ["open", "pending"] } },
      _count: { _all: true },
    });
    const loadOf = (p: Person) => load.find((l) => l.assigneeId === p.id)?._count._all ?? 0;
    expect(loadOf(ana)).toBeLessThanOrEqual(8);
    expect(loadOf(ben)).toBeLessThanOrEqual(6);
    expect(loadOf(cho)).toBe(1);
    // Ana had 7, Ben 3: room for 1 + 3; the other 6 wait in the queue.
    expect(countBy(assigned).queue).toBe(6);
    // Room frees up when Ben resolves one; the periodic task hands out the oldest queued conversation.
    const bens = await server.ctx.db.conversation.findFirstOrThrow({ where: { assigneeId: ben.id } });
    expect((await server.api("PATCH", `/api/v1/conversations/${bens.id}`, { status: "resolved" }, ben.token)).status).toBe(200);
    expect(await assignQueuedConversations(server.ctx)).toBe(1);
    expect(await server.ctx.db.conversation.count({ where: { assigneeId: null, status: "open" } })).toBe(5);
  });

  it("returns an offline agent's conversations to the queue after the department's delay", async () => {
    const settings = await server.api(
      "PATCH",
      `/api/v1/departments/${departmentId}`,
      { reassignOfflineAfterMinutes: 10 },
      await server.apiToken(),
    );
    expect(settings.body).toMatchObject({ reassignOfflineAfterMinutes: 10, autoAssign: true });
    await goOffline(ana);
    const anas = await server.ctx.db.conversation.count({ where: { assigneeId: ana.id, status: { in: ["open", "pending"] } } });
    expect(anas).toBeGreaterThan(0);
    expect(await reassignFromOfflineAgents(server.ctx)).toBe(0); // not long enough yet
    expect(await reassignFromOfflineAgents(server.ctx, new Date(Date.now() + 11 * 60_000))).toBe(anas);
    expect(await server.ctx.db.conversation.count({ where: { assigneeId: ana.id, status: { in: ["open", "pending"] } } })).toBe(0);
    const returned = await server.ctx.db.message.count({ where: { kind: "event", text: { contains: "Returned to the queue: Ana" } } });
    expect(returned).toBe(anas);
  });

  it("is refused to non-admins", async () => {
    expect((await server.api("PATCH", `/api/v1/departments/${departmentId}`, { autoAssign: false }, ben.token)).status).toBe(403);
    expect((await server.api("PATCH", `/api/v1/users/${ben.id}/capacity`, { capacity: 99 }, ben.token)).status).toBe(403);
  });
});

describe("assignment and reply notifications", () => {
  it("notifies the assignee of a manual assignment (not a self-assignment) and of the customer's replies", async () => {
    const from = `+${++phone}`;
    const { conversationId } = await inbox.customerWrites(from, "first");
    const admin = await server.apiToken();
    expect((await server.api("PATCH", `/api/v1/conversations/${conversationId}`, { assigneeId: cho.id }, admin)).status).toBe(200);
    const reply = await inbox.customerWrites(from, "私の注文はどこですか");
    const list = await server.api("GET", `/api/v1/notifications?unread=1`, undefined, cho.token);
    const kinds = list.body.items
      .filter((n: { conversationId: string }) => n.conversationId === conversationId)
      .map((n: { kind: string }) => n.kind);
    expect(kinds).toEqual(["reply", "assignment"]);
    expect(list.body.items[0].title).toContain("私の注文はどこですか");
    expect(list.body.items[0].messageId).toBe(reply.messageId);
    expect((await server.api("PATCH", `/api/v1/conversations/${conversationId}`, { assigneeId: ben.id }, ben.token)).status).toBe(200);
    const bens = await server.api("GET", `/api/v1/notifications`, undefined, ben.token);
    expect(bens.body.items.filter((n: { conversationId: string }) => n.conversationId === conversationId)).toEqual([]);
  });
});

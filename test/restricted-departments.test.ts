import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { loadActor } from "~/server/domain/access.ts";
import { search } from "~/server/domain/search/search.ts";
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
 * A restricted department (Legal) must leak nothing to non-members: not through the REST API, the
 * customer's timeline, search, files, notifications or Socket.IO rooms and broadcasts. Members and
 * admins see everything.
 */
const PHONE = "+819011110001";
let server: TestServer;
let legalId: string;
let supportId: string;
let kenji: Person; // Legal member
let maya: Person; // Support agent, not in Legal
let legal: SmsInbox;
let support: SmsInbox;
let legalConversation: string;
let supportConversation: string;
let contactId: string;
let noteAttachment: string;
let mayaSocket: Agent;
let kenjiSocket: Agent;
let adminSocket: Agent;

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  legalId = await createDepartment(server, "Legal", { restricted: true });
  supportId = await createDepartment(server, "Support");
  kenji = await createPerson(server, "Kenji Mori", { departmentIds: [legalId] });
  maya = await createPerson(server, "Maya Chen", { departmentIds: [supportId] });
  legal = await createSmsInbox(server, legalId);
  support = await createSmsInbox(server, supportId);
  mayaSocket = await connectAgent(server, maya);
  kenjiSocket = await connectAgent(server, kenji);
  adminSocket = await connectAgent(server, { id: "", name: "Admin", token: await server.apiToken() });

  supportConversation = (await support.customerWrites(PHONE, "Where is my parcel?")).conversationId;
  legalConversation = (await legal.customerWrites(PHONE, "契約書の件で弁護士から連絡があります")).conversationId;
  contactId = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: legalConversation } })).contactId;
  const upload = await fetch(`${server.url}/api/v1/uploads?filename=contract.pdf`, {
    method: "POST",
    headers: { authorization: `Bearer ${kenji.token}`, "content-type": "application/pdf" },
    body: new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")),
  });
  expect(upload.status).toBe(201);
  noteAttachment = (await upload.json()).id;
  const note = await server.api(
    "POST",
    `/api/v1/conversations/${legalConversation}/notes`,
    { text: `Privileged: see the draft contract @[Maya Chen](user:${maya.id})`, attachmentIds: [noteAttachment] },
    kenji.token,
  );
  expect(note.status).toBe(201);
  // Members working in it: viewing, typing and a draft (presence:changed, draft:changed).
  expect((await kenjiSocket.emit("conversation:join", { conversationId: legalConversation })).ok).toBe(true);
  expect((await kenjiSocket.emit("typing:set", { conversationId: legalConversation, kind: "note", typing: true })).ok).toBe(true);
  expect(
    (await server.api("PUT", `/api/v1/conversations/${legalConversation}/drafts/reply`, { text: "弁護士に確認中" }, kenji.token)).status,
  ).toBe(200);
  await waitFor(() => expect(kenjiSocket.events("draft:changed").some((e) => e.conversationId === legalConversation)).toBe(true));
  // Sentinel: an event Maya is allowed to see, emitted after everything above. Socket.IO keeps
  // per-connection order, so once it arrived any earlier leak would have arrived too.
  await support.customerWrites(PHONE, "sentinel");
  await waitFor(() => expect(mayaSocket.events("message:created").some((e) => e.message.text === "sentinel")).toBe(true));
});
afterAll(async () => {
  for (const s of [mayaSocket, kenjiSocket, adminSocket]) s?.close();
  await legal?.twilio.close();
  await support?.twilio.close();
  await server?.stop();
});

const mentionsLegal = (payload: unknown) => JSON.stringify(payload).includes(legalConversation);

describe("restricted department: non-members", () => {
  it("do not see its conversations in lists, filters or by id", async () => {
    for (const query of ["", "?status=open", `?contactId=${contactId}`, `?departmentId=${legalId}`, "?view=all"]) {
      const list = await server.api("GET", `/api/v1/conversations${query}`, undefined, maya.token);
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(legalConversation);
    }
    expect((await server.api("GET", `/api/v1/conversations/${legalConversation}`, undefined, maya.token)).status).toBe(404);
  });

  it("cannot act on them: every write answers 404 as if they did not exist", async () => {
    const calls: [string, string, unknown][] = [
      ["PATCH", "", { status: "resolved" }],
      ["POST", "/notes", { text: "peek" }],
      ["POST", "/messages", { text: "peek" }],
      ["PUT", "/drafts/note", { text: "peek" }],
      ["GET", "/drafts", undefined],
      ["POST", "/handoff", { departmentId: supportId }],
    ];
    for (const [method, suffix, body] of calls) {
      const res = await server.api(method, `/api/v1/conversations/${legalConversation}${suffix}`, body, maya.token);
      expect(res.status, `${method} ${suffix}`).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain("契約書");
    }
  });

  it("see the customer but not the restricted conversation, messages or notes on the customer page and timeline", async () => {
    const contact = await server.api("GET", `/api/v1/contacts/${contactId}`, undefined, maya.token);
    expect(contact.status).toBe(200);
    expect(contact.body.conversations.map((c: { id: string }) => c.id)).toEqual([supportConversation]);
    const timeline = await server.api("GET", `/api/v1/contacts/${contactId}/timeline?limit=200`, undefined, maya.token);
    expect(timeline.body.items.length).toBeGreaterThan(0);
    expect(timeline.body.items.every((i: { conversationId: string }) => i.conversationId === supportConversation)).toBe(true);
    expect(JSON.stringify(timeline.body)).not.toMatch(/契約書|Privileged/);
  });

  it("do not find them in search, by subject, ticket number or customer", async () => {
    const number = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: legalConversation } })).number;
    const actor = (await loadActor(server.ctx, maya.id))!;
    for (const q of ["契約書", `#${number}`, String(number), PHONE]) {
      const found = await search(server.ctx, actor, { q });
      expect(found.items.map((c) => c.conversationId)).not.toContain(legalConversation);
      expect(found.ticket?.conversationId).not.toBe(legalConversation);
    }
    const member = (await loadActor(server.ctx, kenji.id))!;
    expect((await search(server.ctx, member, { q: "契約書" })).items.map((c) => c.conversationId)).toContain(legalConversation);
  });

  it("cannot download its attachments", async () => {
    const res = await fetch(`${server.url}/attachments/${noteAttachment}`, { headers: { authorization: `Bearer ${maya.token}` } });
    expect(res.status).toBe(404);
    const ok = await fetch(`${server.url}/attachments/${noteAttachment}`, { headers: { authorization: `Bearer ${kenji.token}` } });
    expect(ok.status).toBe(200);
  });

  it("are not notified when mentioned in it", async () => {
    const mine = await server.api("GET", "/api/v1/notifications", undefined, maya.token);
    expect(mine.body.items.filter((n: { conversationId: string }) => n.conversationId === legalConversation)).toEqual([]);
    expect(mayaSocket.events("notification:created").filter(mentionsLegal)).toEqual([]);
  });

  it("cannot join its socket room and receive none of its broadcasts", async () => {
    const ack = await mayaSocket.emit("conversation:join", { conversationId: legalConversation });
    expect(ack).toEqual({ ok: false, error: "Conversation not found" });
    expect(mayaSocket.received.filter((r) => mentionsLegal(r.payload))).toEqual([]);
    // …while members and admins received the customer message and the note, each with the list row.
    for (const s of [kenjiSocket, adminSocket]) {
      await waitFor(() =>
        expect(
          s
            .events("message:created")
            .filter(mentionsLegal)
            .map((e) => e.message.kind),
        ).toEqual(expect.arrayContaining(["message", "note"])),
      );
      expect(s.events("message:created").some((e) => e.conversation?.id === legalConversation)).toBe(true);
    }
  });

  it("do not see who views it in list presence", async () => {
    await waitFor(() => expect(adminSocket.events("presence:summary").some(mentionsLegal)).toBe(true));
    const snapshot = await mayaSocket.emit<{ items: { conversationId: string }[] }>("presence:snapshot", {});
    expect(snapshot.ok && snapshot.data.items.some((i) => i.conversationId === legalConversation)).toBe(false);
    const adminSnapshot = await adminSocket.emit<{ items: { conversationId: string; viewers: { userId: string }[] }[] }>(
      "presence:snapshot",
      {},
    );
    expect(adminSnapshot.ok && adminSnapshot.data.items.find((i) => i.conversationId === legalConversation)?.viewers).toEqual([
      { userId: kenji.id, name: "Kenji Mori" },
    ]);
    await support.customerWrites(PHONE, "sentinel 2");
    await waitFor(() => expect(mayaSocket.events("message:created").some((e) => e.message.text === "sentinel 2")).toBe(true));
    expect(mayaSocket.received.filter((r) => mentionsLegal(r.payload))).toEqual([]);
  });
});

describe("handoff into a restricted department", () => {
  it("moves the conversation out of the sender's sight, keeps the note, and notifies the members", async () => {
    const { conversationId } = await support.customerWrites("+819011110002", "I want to dispute the contract");
    const res = await server.api(
      "POST",
      `/api/v1/conversations/${conversationId}/handoff`,
      { departmentId: legalId, note: "Legal question, please take over" },
      maya.token,
    );
    expect(res.status).toBe(200);
    expect((await server.api("GET", `/api/v1/conversations/${conversationId}`, undefined, maya.token)).status).toBe(404);
    const seen = await server.api("GET", `/api/v1/conversations/${conversationId}`, undefined, kenji.token);
    expect(seen.body.conversation).toMatchObject({ departmentId: legalId, assigneeId: null });
    expect(seen.body.messages.map((m: { kind: string; text: string }) => m.text)).toContain(
      "Handoff to Legal: Legal question, please take over",
    );
    const notes = await server.api("GET", "/api/v1/notifications?unread=1", undefined, kenji.token);
    expect(notes.body.items).toContainEqual(expect.objectContaining({ kind: "handoff", conversationId }));
    await waitFor(() =>
      expect(kenjiSocket.events("notification:created").some((n) => n.kind === "handoff" && n.conversationId === conversationId)).toBe(
        true,
      ),
    );
  });
});

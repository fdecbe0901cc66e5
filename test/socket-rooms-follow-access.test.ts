import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { connectAgent as connectRecoverable, emitWithAck, waitForConnect, waitForEvent } from "./support/socket.ts";
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
 * Issue 17 finding 2 (docs/security/socket-rooms.md): sockets already open, or recovered after a
 * drop, lose a restricted department's rooms as soon as the agent may no longer see it, and lose a
 * conversation's room when it moves where they may not follow.
 */
const PHONE = "+819022220001";
let server: TestServer;
let legalId: string;
let supportId: string;
let kenji: Person; // stays in Legal
let rin: Person; // removed from Legal while connected
let sora: Person; // removed from Legal while her socket is away
let maya: Person; // Support only
let legal: SmsInbox;
let support: SmsInbox;
let legalConversation: string;
let kenjiSocket: Agent;
const opened: { close(): void }[] = [];

const setLegalMembers = async (...people: Person[]) => {
  const res = await server.api("PATCH", `/api/v1/departments/${legalId}`, { memberIds: people.map((p) => p.id) }, await server.apiToken());
  expect(res.status).toBe(200);
};
const note = async (text: string) =>
  expect((await server.api("POST", `/api/v1/conversations/${legalConversation}/notes`, { text }, kenji.token)).status).toBe(201);
/** Socket.IO keeps per-connection order: once this arrived, anything emitted to the socket before it has too. */
const sentinel = async (text: string, seen: () => { message: { text: string } }[]) => {
  await support.customerWrites(PHONE, text);
  await waitFor(() => expect(seen().some((e) => e.message.text === text)).toBe(true));
};

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  legalId = await createDepartment(server, "Legal", { restricted: true });
  supportId = await createDepartment(server, "Support");
  kenji = await createPerson(server, "Kenji Mori", { departmentIds: [legalId] });
  rin = await createPerson(server, "Rin Aoki", { departmentIds: [legalId] });
  sora = await createPerson(server, "Sora Ito", { departmentIds: [legalId] });
  maya = await createPerson(server, "Maya Chen", { departmentIds: [supportId] });
  legal = await createSmsInbox(server, legalId);
  support = await createSmsInbox(server, supportId);
  legalConversation = (await legal.customerWrites(PHONE, "契約書について相談です")).conversationId;
  kenjiSocket = await connectAgent(server, kenji);
  opened.push(kenjiSocket);
});
afterAll(async () => {
  for (const s of opened) s.close();
  await legal?.twilio.close();
  await support?.twilio.close();
  await server?.stop();
});

describe("removed from a restricted department", () => {
  it("an open socket stops receiving its notes and cannot join its conversations", async () => {
    const socket = await connectAgent(server, rin);
    opened.push(socket);
    const legalNotes = () => socket.events("message:created").filter((e) => e.conversationId === legalConversation);
    await note("before Rin leaves");
    await waitFor(() => expect(legalNotes().map((e) => e.message.text)).toContain("before Rin leaves"));

    await setLegalMembers(kenji, sora);
    await waitFor(() => expect(socket.events("access:changed")).toEqual([{ leftConversationIds: [] }]));
    await note("after Rin left: 和解案");
    await sentinel("sentinel for Rin", () => socket.events("message:created"));
    expect(legalNotes().map((e) => e.message.text)).toEqual(["before Rin leaves"]);
    expect(await socket.emit("conversation:join", { conversationId: legalConversation })).toEqual({
      ok: false,
      error: "Conversation not found",
    });
  });

  it("a socket recovered after a drop gets neither what was sent meanwhile nor what follows", async () => {
    const socket = await connectRecoverable(server.url, { token: sora.token, label: "sora" });
    opened.push(socket);
    const legalTexts: string[] = [];
    socket.on("message:created", (e) => e.conversationId === legalConversation && legalTexts.push(e.message.text));
    // Sora views the conversation and has received a broadcast, so she holds an offset to resume from.
    const viewing = waitForEvent(kenjiSocket.socket, "presence:changed", (e) => e.viewers.some((v) => v.userId === sora.id));
    expect((await emitWithAck(socket, "conversation:join", { conversationId: legalConversation })).ok).toBe(true);
    expect((await emitWithAck(kenjiSocket.socket, "conversation:join", { conversationId: legalConversation })).ok).toBe(true);
    await viewing;
    const offset = waitForEvent(socket, "message:created", (e) => e.message.text === "before Sora drops");
    await note("before Sora drops");
    await offset;

    socket.io.reconnection(false);
    const gone = waitForEvent(kenjiSocket.socket, "presence:changed", (e) => !e.viewers.some((v) => v.userId === sora.id));
    socket.io.engine.close();
    await gone;
    await setLegalMembers(kenji);
    await note("while Sora was away: 弁護士の意見");

    const back = waitForConnect(socket);
    socket.connect();
    await back;
    expect(socket.recovered).toBe(false);
    await note("after Sora came back");
    const seen: { message: { text: string } }[] = [];
    socket.on("message:created", (e) => seen.push(e));
    await sentinel("sentinel for Sora", () => seen);
    expect(legalTexts).toEqual(["before Sora drops"]);
    expect((await emitWithAck(socket, "conversation:join", { conversationId: legalConversation })).ok).toBe(false);
  });
});

describe("added to a restricted department", () => {
  it("an open socket starts receiving its notes without reconnecting", async () => {
    const socket = await connectAgent(server, maya);
    opened.push(socket);
    await setLegalMembers(kenji, maya);
    await waitFor(() => expect(socket.events("access:changed")).toEqual([{ leftConversationIds: [] }]));
    await note("welcome to Legal, Maya");
    await waitFor(() =>
      expect(
        socket.events("message:created").some((e) => e.conversationId === legalConversation && e.message.text === "welcome to Legal, Maya"),
      ).toBe(true),
    );
    await setLegalMembers(kenji);
    await waitFor(() => expect(socket.events("access:changed")).toHaveLength(2));
  });
});

describe("a department that becomes restricted", () => {
  it("drops the non-members viewing its conversations", async () => {
    const res = await server.api("POST", "/api/v1/departments", { name: "Finance" }, await server.apiToken());
    const financeId = res.body.id as string;
    const finance = await createSmsInbox(server, financeId);
    try {
      const { conversationId } = await finance.customerWrites("+819022220003", "請求書の再発行をお願いします");
      const socket = await connectAgent(server, maya);
      opened.push(socket);
      expect((await socket.emit("conversation:join", { conversationId })).ok).toBe(true);
      const restricted = await server.api("PATCH", `/api/v1/departments/${financeId}`, { restricted: true }, await server.apiToken());
      expect(restricted.status).toBe(200);
      await waitFor(() => expect(socket.events("access:changed")).toEqual([{ leftConversationIds: [conversationId] }]));
      expect(await socket.emit("typing:set", { conversationId, kind: "reply", typing: true })).toEqual({
        ok: false,
        error: "Join the conversation first",
      });
    } finally {
      await finance.twilio.close();
    }
  });
});

describe("a conversation moved into a restricted department", () => {
  it("drops the non-member who had it open: no presence, no drafts, typing refused", async () => {
    const { conversationId } = await support.customerWrites("+819022220002", "Is this covered by the contract?");
    const mayaSocket = await connectAgent(server, maya);
    opened.push(mayaSocket);
    const inRoom = (name: "presence:changed" | "draft:changed") =>
      mayaSocket.events(name).filter((e: { conversationId: string }) => e.conversationId === conversationId);
    expect((await mayaSocket.emit("conversation:join", { conversationId })).ok).toBe(true);
    expect((await mayaSocket.emit("typing:set", { conversationId, kind: "reply", typing: true })).ok).toBe(true);
    expect((await kenjiSocket.emit("conversation:join", { conversationId })).ok).toBe(true);
    await waitFor(() => expect(inRoom("presence:changed").some((e) => e.viewers.length === 2)).toBe(true));

    const mayaGone = waitForEvent(
      kenjiSocket.socket,
      "presence:changed",
      (e) => e.conversationId === conversationId && e.viewers.length === 1 && e.typing.length === 0,
    );
    const moved = await server.api("PATCH", `/api/v1/conversations/${conversationId}`, { departmentId: legalId }, await server.apiToken());
    expect(moved.status).toBe(200);
    await waitFor(() => expect(mayaSocket.events("access:changed")).toContainEqual({ leftConversationIds: [conversationId] }));
    expect((await mayaGone).viewers).toEqual([{ userId: kenji.id, name: "Kenji Mori" }]);
    const before = { presence: inRoom("presence:changed").length, drafts: inRoom("draft:changed").length };

    expect((await kenjiSocket.emit("typing:set", { conversationId, kind: "note", typing: true })).ok).toBe(true);
    const draft = await server.api("PUT", `/api/v1/conversations/${conversationId}/drafts/note`, { text: "契約の範囲を確認" }, kenji.token);
    expect(draft.status).toBe(200);
    await waitFor(() => expect(kenjiSocket.events("draft:changed").some((e) => e.conversationId === conversationId)).toBe(true));
    expect(await mayaSocket.emit("typing:set", { conversationId, kind: "reply", typing: true })).toEqual({
      ok: false,
      error: "Join the conversation first",
    });
    expect((await mayaSocket.emit("conversation:join", { conversationId })).ok).toBe(false);
    await sentinel("sentinel for Maya", () => mayaSocket.events("message:created"));
    expect({ presence: inRoom("presence:changed").length, drafts: inRoom("draft:changed").length }).toEqual(before);
  });
});

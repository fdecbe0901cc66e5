import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import type { HostEvent } from "~/integrations/core/host.ts";
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
 * Working together on one conversation through the real server: @mentions and the notification
 * bell, server-side drafts with draft:changed, the stale-reply guard, and agent status from sockets.
 */
const PHONE = "+819044440001";
let server: TestServer;
let supportId: string;
let maya: Person, ken: Person, rui: Person;
let inbox: SmsInbox;
let conversationId: string;
let mayaSocket: Agent, kenSocket: Agent;
const hostEvents: HostEvent[] = [];

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  supportId = await createDepartment(server, "サポート");
  maya = await createPerson(server, "Maya Chen", { departmentIds: [supportId] });
  ken = await createPerson(server, "Ken Ito", { departmentIds: [supportId] });
  rui = await createPerson(server, "Rui Sato");
  inbox = await createSmsInbox(server, supportId);
  conversationId = (await inbox.customerWrites(PHONE, "荷物が届きません")).conversationId;
  mayaSocket = await connectAgent(server, maya);
  kenSocket = await connectAgent(server, ken);
  server.ctx.bus.subscribe((e) => e.type === "host" && hostEvents.push(e.event));
});
afterAll(async () => {
  mayaSocket?.close();
  kenSocket?.close();
  await inbox?.twilio.close();
  await server?.stop();
});

describe("@mentions in notes", () => {
  it("stores plain text with resolved mentions, notifies people and department members, never the author", async () => {
    const text = `@[Rui](user:${rui.id}) and @[サポート](department:${supportId}): 確認お願いします @[Ghost](user:nobody)`;
    const res = await server.api("POST", `/api/v1/conversations/${conversationId}/notes`, { text }, maya.token);
    expect(res.status).toBe(201);
    const note = await server.ctx.db.message.findUniqueOrThrow({ where: { id: res.body.messageId } });
    expect(note.text).toBe("@Rui Sato and @サポート: 確認お願いします @Ghost");
    expect(note.meta).toEqual({
      mentions: [
        { type: "user", id: rui.id, name: "Rui Sato", offset: 0, length: 9 },
        { type: "department", id: supportId, name: "サポート", offset: 14, length: 5 },
      ],
    });
    for (const p of [rui, ken]) {
      const list = await server.api("GET", "/api/v1/notifications?unread=1", undefined, p.token);
      expect(list.body.unreadCount).toBe(1);
      expect(list.body.items[0]).toMatchObject({
        kind: "mention",
        conversationId,
        messageId: note.id,
        read: false,
        title: expect.stringContaining("Maya Chen mentioned you"),
      });
    }
    expect((await server.api("GET", "/api/v1/notifications", undefined, maya.token)).body.items).toEqual([]);
    await waitFor(() =>
      expect(kenSocket.events("notification:created")).toContainEqual(expect.objectContaining({ kind: "mention", conversationId })),
    );
    expect(mayaSocket.events("notification:created")).toEqual([]);
    const mentioned = hostEvents.find((e) => e.type === "note.mentioned");
    expect(mentioned).toMatchObject({ conversationId, authorName: "Maya Chen" });
    expect((mentioned as { mentionedUsers: { id: string }[] }).mentionedUsers.map((u) => u.id).sort()).toEqual([rui.id, ken.id].sort());
  });

  it("marks notifications read one by one or all at once, only the reader's own", async () => {
    const kens = await server.api("GET", "/api/v1/notifications", undefined, ken.token);
    const ruis = await server.api("GET", "/api/v1/notifications", undefined, rui.token);
    const foreign = await server.api("POST", "/api/v1/notifications/read", { ids: [kens.body.items[0].id] }, rui.token);
    expect(foreign.body).toEqual({ marked: 0, unreadCount: 1 });
    expect(await server.api("POST", "/api/v1/notifications/read", { ids: [ruis.body.items[0].id] }, rui.token)).toMatchObject({
      status: 200,
      body: { marked: 1, unreadCount: 0 },
    });
    expect((await server.api("POST", "/api/v1/notifications/read", { all: true }, ken.token)).body).toEqual({ marked: 1, unreadCount: 0 });
    expect((await server.api("GET", "/api/v1/notifications?unread=1", undefined, ken.token)).body.items).toEqual([]);
    expect((await server.api("POST", "/api/v1/notifications/read", { everything: "please" }, ken.token)).status).toBe(400);
  });
});

describe("drafts", () => {
  it("autosaves per agent and kind, tells teammates only that a draft exists, and clears it when sent", async () => {
    expect((await kenSocket.emit("conversation:join", { conversationId })).ok).toBe(true);
    const saved = await server.api("PUT", `/api/v1/conversations/${conversationId}/drafts/reply`, { text: "お調べします…" }, maya.token);
    expect(saved).toMatchObject({ status: 200, body: { kind: "reply", text: "お調べします…" } });
    await waitFor(() =>
      expect(kenSocket.events("draft:changed").at(-1)).toMatchObject({
        conversationId,
        userId: maya.id,
        name: "Maya Chen",
        kind: "reply",
        hasDraft: true,
      }),
    );
    expect(JSON.stringify(kenSocket.events("draft:changed"))).not.toContain("お調べします");
    const forKen = await server.api("GET", `/api/v1/conversations/${conversationId}/drafts`, undefined, ken.token);
    expect(forKen.body).toEqual({
      mine: [],
      others: [{ userId: maya.id, name: "Maya Chen", kind: "reply", updatedAt: expect.any(String) }],
    });
    const forMaya = await server.api("GET", "/api/v1/drafts", undefined, maya.token);
    expect(forMaya.body.items).toEqual([{ conversationId, kind: "reply", text: "お調べします…", updatedAt: expect.any(String) }]);

    const sent = await server.api(
      "POST",
      `/api/v1/conversations/${conversationId}/messages`,
      { text: "お調べします。少々お待ちください" },
      maya.token,
    );
    expect(sent.status).toBe(202);
    await waitFor(() =>
      expect(kenSocket.events("draft:changed").at(-1)).toMatchObject({ userId: maya.id, kind: "reply", hasDraft: false }),
    );
    expect((await server.api("GET", "/api/v1/drafts", undefined, maya.token)).body.items).toEqual([]);
  });

  it("deletes a draft saved empty and rejects unknown kinds", async () => {
    await server.api("PUT", `/api/v1/conversations/${conversationId}/drafts/note`, { text: "memo" }, ken.token);
    expect((await server.api("PUT", `/api/v1/conversations/${conversationId}/drafts/note`, { text: "  " }, ken.token)).body.text).toBe("");
    expect((await server.api("GET", "/api/v1/drafts", undefined, ken.token)).body.items).toEqual([]);
    expect((await server.api("PUT", `/api/v1/conversations/${conversationId}/drafts/email`, { text: "x" }, ken.token)).status).toBe(400);
  });
});

describe("stale-reply guard", () => {
  it("answers 409 stale with the new messages when the customer wrote since, until the agent sends anyway", async () => {
    const view = await server.api("GET", `/api/v1/conversations/${conversationId}`, undefined, ken.token);
    const seenMessageId = view.body.messages.at(-1).id;
    const seenAt = view.body.messages.at(-1).createdAt;
    // Nothing new yet, and the agent's own messages never count as news.
    const own = await server.api("POST", `/api/v1/conversations/${conversationId}/notes`, { text: "checking", seenMessageId }, ken.token);
    expect(own.status).toBe(201);
    await inbox.customerWrites(PHONE, "やっぱり届きました！");
    for (const seen of [{ seenMessageId }, { seenAt }]) {
      const stale = await server.api(
        "POST",
        `/api/v1/conversations/${conversationId}/messages`,
        { text: "再送します", ...seen },
        ken.token,
      );
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({
        code: "stale",
        details: { newMessages: [expect.objectContaining({ direction: "inbound", text: "やっぱり届きました！" })] },
      });
    }
    const anyway = await server.api(
      "POST",
      `/api/v1/conversations/${conversationId}/messages`,
      { text: "よかったです", seenMessageId, force: true },
      ken.token,
    );
    expect(anyway.status).toBe(202);
    // Another agent's reply is news for Maya too.
    const stale = await server.api("POST", `/api/v1/conversations/${conversationId}/notes`, { text: "note", seenMessageId }, maya.token);
    expect(stale.body.error.details.newMessages.map((m: { text: string }) => m.text)).toEqual(["やっぱり届きました！", "よかったです"]);
    expect(
      (await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "x", seenAt: "yesterday" }, ken.token)).status,
    ).toBe(400);
  });
});

describe("agent status", () => {
  const statusEvents = (s: Agent, userId: string) =>
    s
      .events("agent:status-changed")
      .flatMap((e) => e.changes)
      .filter((c) => c.userId === userId)
      .map((c) => c.status);

  it("goes online with the first tab and offline only when the last tab closes", async () => {
    const tab1 = await connectAgent(server, rui);
    await waitFor(() => expect(statusEvents(mayaSocket, rui.id)).toEqual(["online"]));
    const tab2 = await connectAgent(server, rui);
    tab1.close();
    expect((await tab2.emit("agent:set-status", { status: "away" })).ok).toBe(true);
    await waitFor(() => expect(statusEvents(mayaSocket, rui.id)).toEqual(["online", "away"]));
    tab2.close();
    await waitFor(() => expect(statusEvents(mayaSocket, rui.id)).toEqual(["online", "away", "offline"]));
    const user = await server.ctx.db.user.findUniqueOrThrow({ where: { id: rui.id } });
    expect(user.status).toBe("offline");
    expect(user.lastSeenAt).not.toBeNull();
  });

  it("shows list viewers: presence:summary when someone opens a conversation and a snapshot on demand", async () => {
    expect((await mayaSocket.emit("conversation:join", { conversationId })).ok).toBe(true);
    await waitFor(() =>
      expect(kenSocket.events("presence:summary").at(-1)).toEqual({
        conversationId,
        viewers: expect.arrayContaining([
          { userId: maya.id, name: "Maya Chen" },
          { userId: ken.id, name: "Ken Ito" },
        ]),
      }),
    );
    const snapshot = await kenSocket.emit<{ items: { conversationId: string; viewers: unknown[] }[] }>("presence:snapshot", {});
    expect(snapshot.ok && snapshot.data.items).toEqual([
      { conversationId, viewers: expect.arrayContaining([{ userId: maya.id, name: "Maya Chen" }]) },
    ]);
    expect((await mayaSocket.emit("conversation:leave", { conversationId })).ok).toBe(true);
    await waitFor(() =>
      expect(kenSocket.events("presence:summary").at(-1)).toEqual({ conversationId, viewers: [{ userId: ken.id, name: "Ken Ito" }] }),
    );
  });
});

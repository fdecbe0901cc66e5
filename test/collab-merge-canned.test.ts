import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createPerson, createSmsInbox, type Person, type SmsInbox } from "./collab-fixtures.ts";

/** Merging duplicate conversations and customers, and canned responses, through the real server. */
let server: TestServer;
let supportId: string;
let salesId: string;
let maya: Person, ken: Person;
let sms1: SmsInbox;
let sms2: SmsInbox;

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  supportId = await createDepartment(server, "Support");
  salesId = await createDepartment(server, "Sales");
  maya = await createPerson(server, "Maya Chen", { departmentIds: [supportId] });
  ken = await createPerson(server, "Ken Ito", { departmentIds: [salesId] });
  sms1 = await createSmsInbox(server, supportId);
  sms2 = await createSmsInbox(server, supportId);
});
afterAll(async () => {
  await sms1?.twilio.close();
  await sms2?.twilio.close();
  await server?.stop();
});

describe("merging conversations", () => {
  it("moves the messages, closes the duplicate with mergedIntoId, records both sides and sends nothing", async () => {
    const phone = "+819055550001";
    const into = await sms1.customerWrites(phone, "注文番号 123 の件");
    const dup = await sms2.customerWrites(phone, "さっきの注文の件です");
    const sent = sms1.twilio.messages.length + sms2.twilio.messages.length;
    const res = await server.api("POST", `/api/v1/conversations/${dup.conversationId}/merge`, { intoId: into.conversationId }, maya.token);
    expect(res).toMatchObject({ status: 200, body: { mergedId: dup.conversationId, intoId: into.conversationId } });

    const target = await server.api("GET", `/api/v1/conversations/${into.conversationId}`, undefined, maya.token);
    const texts = target.body.messages.map((m: { text: string }) => m.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        "注文番号 123 の件",
        "さっきの注文の件です",
        expect.stringMatching(/^Maya Chen merged #\d+ into this conversation$/),
      ]),
    );
    const source = await server.api("GET", `/api/v1/conversations/${dup.conversationId}`, undefined, maya.token);
    expect(source.body.conversation).toMatchObject({ status: "closed", mergedIntoId: into.conversationId });
    expect(source.body.messages.map((m: { kind: string; text: string }) => [m.kind, m.text])).toEqual([
      ["event", expect.stringMatching(/merged this conversation into #\d+/)],
    ]);
    const list = await server.api("GET", "/api/v1/conversations", undefined, maya.token);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(dup.conversationId);
    expect(sms1.twilio.messages.length + sms2.twilio.messages.length).toBe(sent);

    expect(
      (await server.api("POST", `/api/v1/conversations/${dup.conversationId}/merge`, { intoId: into.conversationId }, maya.token)).status,
    ).toBe(409);
    expect((await server.api("POST", `/api/v1/conversations/${dup.conversationId}/messages`, { text: "hi" }, maya.token)).status).toBe(409);
    expect(
      (await server.api("POST", `/api/v1/conversations/${into.conversationId}/merge`, { intoId: into.conversationId }, maya.token)).status,
    ).toBe(400);
  });

  it("refuses to merge conversations of different customers", async () => {
    const a = await sms1.customerWrites("+819055550002", "A");
    const b = await sms1.customerWrites("+819055550003", "B");
    const res = await server.api("POST", `/api/v1/conversations/${a.conversationId}/merge`, { intoId: b.conversationId }, maya.token);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("merge the customers first");
  });
});

describe("merging customers", () => {
  it("moves identities, conversations, messages and documents, and records it on the timeline", async () => {
    const phone = "+819055550010";
    const texted = await sms1.customerWrites(phone, "電話番号からです");
    const duplicateId = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: texted.conversationId } })).contactId;
    const known = await server.api("POST", "/api/v1/contacts", { name: "Yuki Sato", email: "yuki@example.jp" }, maya.token);
    expect(known.status).toBe(201);
    const keepId = known.body.id;
    const doc = await fetch(`${server.url}/api/v1/contacts/${duplicateId}/documents?filename=memo.txt`, {
      method: "POST",
      headers: { authorization: `Bearer ${maya.token}` },
      body: "メモ",
    });
    expect(doc.status).toBe(201);

    const res = await server.api("POST", `/api/v1/contacts/${duplicateId}/merge`, { intoId: keepId }, maya.token);
    expect(res.status).toBe(200);
    const kept = await server.api("GET", `/api/v1/contacts/${keepId}`, undefined, maya.token);
    expect(kept.body.identities.map((i: { kind: string; address: string }) => `${i.kind}:${i.address}`).sort()).toEqual([
      `email:yuki@example.jp`,
      `phone:${phone}`,
    ]);
    expect(kept.body.conversations.map((c: { id: string }) => c.id)).toEqual([texted.conversationId]);
    const timeline = await server.api("GET", `/api/v1/contacts/${keepId}/timeline`, undefined, maya.token);
    expect(timeline.body.items.map((i: { message: { text: string } }) => i.message.text)).toEqual(
      expect.arrayContaining(["電話番号からです", expect.stringMatching(/^Maya Chen merged the customer .+ into Yuki Sato$/)]),
    );
    const docs = await server.api("GET", `/api/v1/contacts/${keepId}/documents`, undefined, maya.token);
    expect(docs.body.documents.map((d: { title: string }) => d.title)).toEqual(["memo.txt"]);
    expect((await server.api("GET", `/api/v1/contacts/${duplicateId}`, undefined, maya.token)).body.mergedIntoId).toBe(keepId);
    // The customer texting again lands on the kept contact.
    const again = await sms1.customerWrites(phone, "もう一度");
    expect((await server.ctx.db.message.findUniqueOrThrow({ where: { id: again.messageId } })).contactId).toBe(keepId);
    expect((await server.api("POST", `/api/v1/contacts/${duplicateId}/merge`, { intoId: keepId }, maya.token)).status).toBe(409);
  });
});

describe("canned responses", () => {
  let cannedId: string;

  it("renders {{contact.name}}, {{agent.name}} and {{conversation.number}} for a conversation", async () => {
    const created = await server.api(
      "POST",
      "/api/v1/canned-responses",
      {
        shortcut: "thanks",
        title: "Thanks",
        body: "{{contact.name}}様、{{agent.name}}です。お問い合わせ #{{conversation.number}} を承りました。{{contact.email}}",
      },
      maya.token,
    );
    expect(created.status).toBe(201);
    cannedId = created.body.id;
    const { conversationId } = await sms1.customerWrites("+819055550020", "質問");
    const number = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).number;
    const contact = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { contact: true } }))
      .contact.name;
    const rendered = await server.api("POST", `/api/v1/canned-responses/${cannedId}/render`, { conversationId }, ken.token);
    expect(rendered.body).toEqual({ text: `${contact}様、Ken Itoです。お問い合わせ #${number} を承りました。{{contact.email}}` });
  });

  it("keeps department responses to that department, shortcuts unique, edits to the author or an admin", async () => {
    const salesOnly = await server.api(
      "POST",
      "/api/v1/canned-responses",
      { shortcut: "quote", title: "Quote", body: "見積もり", departmentId: salesId },
      ken.token,
    );
    expect(salesOnly.status).toBe(201);
    expect(
      (await server.api("POST", "/api/v1/canned-responses", { shortcut: "x", title: "X", body: "x", departmentId: salesId }, maya.token))
        .status,
    ).toBe(403);
    const mayaSees = await server.api("GET", "/api/v1/canned-responses", undefined, maya.token);
    expect(mayaSees.body.items.map((c: { shortcut: string }) => c.shortcut)).toEqual(["thanks"]);
    const kenSees = await server.api("GET", "/api/v1/canned-responses?query=q", undefined, ken.token);
    expect(kenSees.body.items.map((c: { shortcut: string }) => c.shortcut)).toEqual(["quote"]);
    expect((await server.api("POST", "/api/v1/canned-responses", { shortcut: "Thanks", title: "Dup", body: "x" }, ken.token)).status).toBe(
      409,
    );
    expect((await server.api("PATCH", `/api/v1/canned-responses/${cannedId}`, { body: "changed" }, ken.token)).status).toBe(403);
    expect(
      (await server.api("PATCH", `/api/v1/canned-responses/${cannedId}`, { body: "ありがとうございます" }, maya.token)).body.body,
    ).toBe("ありがとうございます");
    expect((await server.api("DELETE", `/api/v1/canned-responses/${salesOnly.body.id}`, undefined, await server.apiToken())).status).toBe(
      204,
    );
    expect(
      (await server.api("POST", "/api/v1/canned-responses", { shortcut: "bad shortcut!", title: "t", body: "b" }, maya.token)).status,
    ).toBe(400);
  });
});

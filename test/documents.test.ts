import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createPerson, createSmsInbox, waitFor, type Person, type SmsInbox } from "./collab-fixtures.ts";

/**
 * Shared documents through the real server: upload to a customer or company library, replace with
 * versions kept, link to conversations, attach to a reply (which goes out as MMS), one list with every
 * message attachment the agent may see, and hostile files refused or served inert.
 */
const PHONE = "+819033330001";
const MAX = 200_000;
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const pdf = (body: string) => Buffer.from(`%PDF-1.4\n1 0 obj<</Title (${body})>>endobj\ntrailer<<>>\n%%EOF\n`);
let server: TestServer;
let maya: Person; // Support
let kenji: Person; // Legal (restricted)
let support: SmsInbox;
let legal: SmsInbox;
let contactId: string;
let supportConversation: string;
let legalConversation: string;
let companyId: string;

const upload = (path: string, body: Buffer, token: string, query = "") =>
  fetch(`${server.url}/api/v1${path}${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
    body: new Uint8Array(body),
  });
const download = (attachmentId: string, token?: string) =>
  fetch(`${server.url}/attachments/${attachmentId}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  server = await startTestServer({ ui: false, env: { UPLOAD_MAX_BYTES: String(MAX) } });
  const supportId = await createDepartment(server, "Support");
  const legalId = await createDepartment(server, "Legal", { restricted: true });
  maya = await createPerson(server, "Maya Chen", { departmentIds: [supportId] });
  kenji = await createPerson(server, "Kenji Mori", { departmentIds: [legalId] });
  support = await createSmsInbox(server, supportId);
  legal = await createSmsInbox(server, legalId);
  supportConversation = (await support.customerWrites(PHONE, "見積書をください")).conversationId;
  legalConversation = (await legal.customerWrites(PHONE, "契約の件")).conversationId;
  contactId = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: supportConversation } })).contactId;
  companyId = (await server.ctx.db.company.create({ data: { name: "株式会社サンプル" } })).id;
  await server.ctx.db.contact.update({ where: { id: contactId }, data: { companyId } });
});
afterAll(async () => {
  await support?.twilio.close();
  await legal?.twilio.close();
  await server?.stop();
});

describe("customer documents", () => {
  let documentId: string;
  let v1Attachment: string;

  it("uploads a document to a customer's library and serves it only to signed-in agents", async () => {
    const res = await upload(
      `/contacts/${contactId}/documents`,
      pdf("v1"),
      maya.token,
      `?filename=${encodeURIComponent("見積書.pdf")}&title=${encodeURIComponent("見積書 2026")}`,
    );
    expect(res.status).toBe(201);
    const doc = await res.json();
    expect(doc).toMatchObject({
      title: "見積書 2026",
      contactId,
      latest: { version: 1, attachment: { filename: "見積書.pdf", contentType: "application/pdf" } },
    });
    documentId = doc.id;
    v1Attachment = doc.latest.attachment.id;
    const file = await download(v1Attachment, kenji.token);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("見積書.pdf")}`);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-security-policy")).toMatch(/^sandbox/);
    expect((await download(v1Attachment)).status).toBe(401);
    expect((await upload(`/contacts/${contactId}/documents`, pdf("x"), "bogus")).status).toBe(401);
    expect((await upload(`/contacts/nope/documents`, pdf("x"), maya.token)).status).toBe(404);
  });

  it("replaces a document keeping earlier versions downloadable", async () => {
    const res = await upload(`/documents/${documentId}/versions`, pdf("v2"), kenji.token, "?filename=quote-v2.pdf");
    expect(res.status).toBe(201);
    const doc = await res.json();
    expect(doc.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(doc.latest.uploadedBy).toEqual({ id: kenji.id, name: "Kenji Mori" });
    expect(doc.title).toBe("見積書 2026");
    expect(Buffer.from(await (await download(v1Attachment, maya.token)).arrayBuffer()).toString()).toContain("(v1)");
    expect(Buffer.from(await (await download(doc.latest.attachment.id, maya.token)).arrayBuffer()).toString()).toContain("(v2)");
  });

  it("links documents to conversations, hiding links to restricted ones from non-members", async () => {
    expect((await server.api("PUT", `/api/v1/documents/${documentId}/links/${supportConversation}`, undefined, maya.token)).status).toBe(
      200,
    );
    expect((await server.api("PUT", `/api/v1/documents/${documentId}/links/${legalConversation}`, undefined, maya.token)).status).toBe(404);
    expect((await server.api("PUT", `/api/v1/documents/${documentId}/links/${legalConversation}`, undefined, kenji.token)).status).toBe(
      200,
    );
    const linked = await server.api("GET", `/api/v1/conversations/${supportConversation}/documents`, undefined, maya.token);
    expect(linked.body.items.map((d: { id: string }) => d.id)).toEqual([documentId]);
    const asMaya = await server.api("GET", `/api/v1/documents/${documentId}`, undefined, maya.token);
    expect(asMaya.body.conversations.map((c: { id: string }) => c.id)).toEqual([supportConversation]);
    const asKenji = await server.api("GET", `/api/v1/documents/${documentId}`, undefined, kenji.token);
    expect(asKenji.body.conversations.map((c: { id: string }) => c.id).sort()).toEqual([supportConversation, legalConversation].sort());
    expect((await server.api("DELETE", `/api/v1/documents/${documentId}/links/${legalConversation}`, undefined, kenji.token)).status).toBe(
      204,
    );
  });

  it("attaches the latest version to a reply as a new attachment of the same bytes", async () => {
    const prepared = await server.api("POST", `/api/v1/documents/${documentId}/attachments`, {}, maya.token);
    expect(prepared.status).toBe(201);
    const reply = await server.api(
      "POST",
      `/api/v1/conversations/${supportConversation}/messages`,
      { text: "見積書を添付します", attachmentIds: [prepared.body.id] },
      maya.token,
    );
    expect(reply.status).toBe(202);
    const sent = await server.ctx.db.attachment.findUniqueOrThrow({ where: { id: prepared.body.id } });
    const latest = await server.ctx.db.documentVersion.findFirstOrThrow({
      where: { documentId, version: 2 },
      include: { attachment: true },
    });
    expect(sent).toMatchObject({ messageId: reply.body.messageId, sha256: latest.attachment.sha256, filename: "quote-v2.pdf" });
    expect(latest.attachment.messageId).toBeNull();
    await waitFor(() =>
      expect(support.twilio.messages.at(-1)).toMatchObject({ body: "見積書を添付します", mediaUrl: [expect.any(String)] }),
    );
    // A prepared attachment belongs to the agent who prepared it.
    const other = await server.api("POST", `/api/v1/documents/${documentId}/attachments`, { version: 1 }, maya.token);
    const stolen = await server.api(
      "POST",
      `/api/v1/conversations/${supportConversation}/notes`,
      { text: "mine now", attachmentIds: [other.body.id] },
      kenji.token,
    );
    expect(stolen.status).toBe(400);
  });

  it("lists documents together with every message attachment the agent may see", async () => {
    const note = async (token: string, conversationId: string, name: string) => {
      const up = await fetch(`${server.url}/api/v1/uploads?filename=${name}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: new Uint8Array(PNG),
      });
      const id = (await up.json()).id;
      expect(
        (await server.api("POST", `/api/v1/conversations/${conversationId}/notes`, { text: name, attachmentIds: [id] }, token)).status,
      ).toBe(201);
      return id;
    };
    const open = await note(maya.token, supportConversation, "screenshot.png");
    const secret = await note(kenji.token, legalConversation, "evidence.png");
    const asMaya = await server.api("GET", `/api/v1/contacts/${contactId}/documents`, undefined, maya.token);
    expect(asMaya.body.documents.map((d: { id: string }) => d.id)).toEqual([documentId]);
    const mayaFiles = asMaya.body.messageAttachments.map((a: { id: string }) => a.id);
    expect(mayaFiles).toContain(open);
    expect(mayaFiles).not.toContain(secret);
    expect(asMaya.body.messageAttachments.find((a: { id: string }) => a.id === open)).toMatchObject({
      conversationId: supportConversation,
      channel: "twilio_sms",
      kind: "note",
    });
    const asKenji = await server.api("GET", `/api/v1/contacts/${contactId}/documents`, undefined, kenji.token);
    expect(asKenji.body.messageAttachments.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([open, secret]));
    const company = await server.api("GET", `/api/v1/companies/${companyId}/documents`, undefined, maya.token);
    expect(company.body.messageAttachments.map((a: { id: string }) => a.id)).toContain(open);
    expect(company.body.messageAttachments.map((a: { id: string }) => a.id)).not.toContain(secret);
  });

  it("keeps company documents in the company's library", async () => {
    const res = await upload(`/companies/${companyId}/documents`, PNG, maya.token, "?filename=logo.png");
    expect(res.status).toBe(201);
    const list = await server.api("GET", `/api/v1/companies/${companyId}/documents`, undefined, maya.token);
    expect(list.body.documents.map((d: { title: string; companyId: string }) => [d.title, d.companyId])).toEqual([["logo.png", companyId]]);
  });
});

describe("hostile files", () => {
  const refused = async (body: Buffer, filename: string) => {
    const res = await upload(`/contacts/${contactId}/documents`, body, maya.token, `?filename=${filename}`);
    return { status: res.status, body: await res.json() };
  };

  it("refuses HTML renamed .png, SVG with script, polyglots and executables, by content", async () => {
    expect(await refused(Buffer.from("<!doctype html><script>alert(document.cookie)</script>"), "cat.png")).toMatchObject({ status: 415 });
    expect(await refused(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "logo.svg")).toMatchObject(
      { status: 415 },
    );
    expect(
      await refused(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), "x.png"),
    ).toMatchObject({ status: 415 });
    const gifHtml = Buffer.concat([
      Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"),
      Buffer.from("<html><body><script>alert(1)</script></body></html>"),
    ]);
    expect(await refused(gifHtml, "funny.gif")).toMatchObject({ status: 415, body: { error: { code: "unsupported_media_type" } } });
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]);
    expect(await refused(exe, "invoice.pdf")).toMatchObject({ status: 415 });
    expect(await refused(Buffer.alloc(0), "empty.txt")).toMatchObject({ status: 400 });
    expect(await refused(Buffer.concat([pdf("big"), Buffer.alloc(MAX)]), "big.pdf")).toMatchObject({ status: 413 });
    expect((await server.api("GET", `/api/v1/contacts/${contactId}/documents`, undefined, maya.token)).body.documents).toHaveLength(1);
  });

  it("serves what it accepts inert: plain text stays text, anything else not previewable downloads as octet-stream", async () => {
    const text = await upload(`/contacts/${contactId}/documents`, Buffer.from("納品日: 12月1日\nメモ"), maya.token, "?filename=memo.html");
    expect(text.status).toBe(201);
    const served = await download((await text.json()).latest.attachment.id, maya.token);
    expect(served.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toContain("sandbox");
    expect(await served.text()).toBe("納品日: 12月1日\nメモ");
    const pdfDoc = await upload(`/contacts/${contactId}/documents`, pdf("inline"), maya.token, "?filename=a.pdf");
    const preview = await download((await pdfDoc.json()).latest.attachment.id, maya.token);
    expect(preview.headers.get("content-disposition")).toMatch(/^inline;/);
    const sheet = await upload(`/contacts/${contactId}/documents`, Buffer.from("name,qty\nりんご,3\n"), maya.token, "?filename=order.csv");
    const forced = await fetch(`${server.url}/attachments/${(await sheet.json()).latest.attachment.id}?download=1`, {
      headers: { authorization: `Bearer ${maya.token}` },
    });
    expect(forced.headers.get("content-type")).toBe("application/octet-stream");
    expect(forced.headers.get("content-disposition")).toMatch(/^attachment;/);
  });
});

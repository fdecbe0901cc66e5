import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { loadActor } from "~/server/domain/access.ts";
import { search } from "~/server/domain/search/search.ts";
import { createDepartment, createPerson, createSmsInbox, type Person, type SmsInbox } from "./collab-fixtures.ts";

/**
 * Issue 17, finding 3 (docs/security/restricted-customers.md): a customer who only wrote to a
 * restricted department (Legal) is not listed, found or opened by non-members, agent or viewer;
 * members and admins see them, and everyone sees customers with a visible conversation or none.
 * Viewers never add documents or versions.
 */
const LEGAL_ONLY = "+819022220001";
const BOTH = "+819022220002";
let server: TestServer;
let admin: string;
let kenji: Person; // Legal member
let maya: Person; // Support agent, not in Legal
let vera: Person; // viewer, no department
let legal: SmsInbox;
let support: SmsInbox;
let legalOnly: string;
let both: string;
let byHand: string;

const contactOf = async (conversationId: string) =>
  (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).contactId;
const listed = async (token: string, query = "") => {
  const res = await server.api("GET", `/api/v1/contacts?limit=100&query=${encodeURIComponent(query)}`, undefined, token);
  expect(res.status).toBe(200);
  return res.body.items.map((c: { id: string }) => c.id) as string[];
};

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  const legalId = await createDepartment(server, "Legal", { restricted: true });
  const supportId = await createDepartment(server, "Support");
  kenji = await createPerson(server, "Kenji Mori", { departmentIds: [legalId] });
  maya = await createPerson(server, "Maya Chen", { departmentIds: [supportId] });
  vera = await createPerson(server, "Vera Sales", { role: "viewer" });
  legal = await createSmsInbox(server, legalId);
  support = await createSmsInbox(server, supportId);
  legalOnly = await contactOf((await legal.customerWrites(LEGAL_ONLY, "弁護士から連絡します")).conversationId);
  await legal.customerWrites(BOTH, "契約の件");
  both = await contactOf((await support.customerWrites(BOTH, "Where is my parcel?")).conversationId);
  const created = await server.api("POST", "/api/v1/contacts", { name: "Imported Customer", phone: "+819022220003" }, admin);
  expect(created.status).toBe(201);
  byHand = created.body.id;
});
afterAll(async () => {
  await legal?.twilio.close();
  await support?.twilio.close();
  await server?.stop();
});

describe("customers of a restricted department", () => {
  it("are not listed or found through the contacts API by non-members", async () => {
    for (const person of [maya, vera]) {
      const all = await listed(person.token);
      expect(all, person.name).not.toContain(legalOnly);
      expect(all, person.name).toEqual(expect.arrayContaining([both, byHand]));
      expect(await listed(person.token, LEGAL_ONLY), person.name).toEqual([]);
      expect(await listed(person.token, "+8190222200"), person.name).not.toContain(legalOnly);
    }
  });

  it("are listed for members and admins", async () => {
    for (const token of [kenji.token, admin]) {
      expect(await listed(token)).toEqual(expect.arrayContaining([legalOnly, both, byHand]));
      expect(await listed(token, LEGAL_ONLY)).toEqual([legalOnly]);
    }
  });

  it("cannot be opened by non-members: page and timeline answer 404", async () => {
    for (const person of [maya, vera]) {
      for (const suffix of ["", "/timeline"]) {
        const res = await server.api("GET", `/api/v1/contacts/${legalOnly}${suffix}`, undefined, person.token);
        expect(res.status, `${person.name} ${suffix}`).toBe(404);
        expect(JSON.stringify(res.body)).not.toMatch(/弁護士|819022220001/);
      }
      expect((await server.api("GET", `/api/v1/contacts/${both}`, undefined, person.token)).status).toBe(200);
      expect((await server.api("GET", `/api/v1/contacts/${byHand}`, undefined, person.token)).status).toBe(200);
    }
    expect((await server.api("GET", `/api/v1/contacts/${legalOnly}`, undefined, kenji.token)).status).toBe(200);
    expect((await server.api("GET", `/api/v1/contacts/${legalOnly}/timeline`, undefined, admin)).status).toBe(200);
  });

  it("are not found by quick search for non-members", async () => {
    for (const person of [maya, vera, kenji]) {
      const actor = (await loadActor(server.ctx, person.id))!;
      const found = (await search(server.ctx, actor, { q: LEGAL_ONLY })).contacts.map((c) => c.id);
      expect(found, person.name).toEqual(person === kenji ? [legalOnly] : []);
      expect((await search(server.ctx, actor, { q: BOTH })).contacts.map((c) => c.id)).toEqual([both]);
    }
  });
});

describe("documents", () => {
  const post = (path: string, token: string) =>
    fetch(`${server.url}/api/v1${path}?filename=quote.pdf`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
      body: new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")),
    });

  it("viewers cannot add a version to a document; agents can", async () => {
    const created = await post(`/contacts/${both}/documents`, maya.token);
    expect(created.status).toBe(201);
    const documentId = (await created.json()).id;
    expect((await post(`/documents/${documentId}/versions`, vera.token)).status).toBe(403);
    expect((await post(`/documents/${documentId}/versions`, maya.token)).status).toBe(201);
    const doc = await server.api("GET", `/api/v1/documents/${documentId}`, undefined, vera.token);
    expect(doc.status).toBe(200);
    expect(doc.body.versions).toHaveLength(2);
  });

  it("viewers cannot upload a document to a library", async () => {
    expect((await post(`/contacts/${both}/documents`, vera.token)).status).toBe(403);
    expect((await server.api("GET", `/api/v1/contacts/${both}/documents`, undefined, vera.token)).body.documents).toHaveLength(1);
  });

  it("of a restricted department's customer stay hidden from non-members on every path", async () => {
    const created = await post(`/contacts/${legalOnly}/documents`, kenji.token);
    expect(created.status).toBe(201);
    const doc = await created.json();
    const fileUrl = doc.latest.attachment.url as string;
    for (const person of [maya, vera]) {
      const paths = [`/api/v1/contacts/${legalOnly}/documents`, `/api/v1/documents/${doc.id}`];
      for (const path of paths) {
        const res = await server.api("GET", path, undefined, person.token);
        expect(res.status, `${person.name} ${path}`).toBe(404);
        expect(JSON.stringify(res.body)).not.toContain("quote.pdf");
      }
      const file = await fetch(`${server.url}${fileUrl}`, { headers: { authorization: `Bearer ${person.token}` } });
      expect(file.status, `${person.name} download`).toBe(404);
    }
    expect((await post(`/documents/${doc.id}/versions`, maya.token)).status).toBe(404);
    expect((await post(`/contacts/${legalOnly}/documents`, maya.token)).status).toBe(404);
    // Members and admins still have it, download included.
    for (const token of [kenji.token, admin]) {
      expect((await server.api("GET", `/api/v1/documents/${doc.id}`, undefined, token)).status).toBe(200);
      expect((await fetch(`${server.url}${fileUrl}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
  });
});

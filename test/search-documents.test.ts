import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createPerson } from "./collab-fixtures.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

/**
 * Library documents in GET /api/v1/search (issue 11, "every … file name"): found by title and file
 * name (Japanese substrings too) as `kind: "document"` hits, only by those who may see the customer
 * (a customer known only to a restricted department stays hidden), scoped to one customer or company,
 * kept current when a new version renames the document.
 */
let server: TestServer;
let admin: string;
let agent: string;
let member: string;
let open: string; // a customer of the Support inbox
let secret: string; // a customer known only to the restricted Legal department
let companyId: string;
const run = randomBytes(3).toString("hex");
const pdf = (body: string) => Buffer.from(`%PDF-1.4\n1 0 obj<</Title (${body})>>endobj\ntrailer<<>>\n%%EOF\n`);

type DocumentHit = {
  kind: string;
  documentId: string;
  title: string;
  snippet: string;
  highlights: [number, number][];
  contact: { id: string } | null;
  company: { id: string } | null;
  file: { filename: string; version: number; url: string } | null;
};
const find = async (q: string, extra = "", token = agent) => {
  const res = await server.api("GET", `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { documents: DocumentHit[] }).documents;
};
const titles = async (q: string, extra = "", token = agent) => (await find(q, extra, token)).map((d) => d.title).sort();
const upload = async (path: string, filename: string, title = "") => {
  const res = await fetch(
    `${server.url}/api/v1${path}?filename=${encodeURIComponent(filename)}${title ? `&title=${encodeURIComponent(title)}` : ""}`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/octet-stream" },
      body: new Uint8Array(pdf(filename)),
    },
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
};

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  const legalId = await createDepartment(server, `Legal-${run}`, { restricted: true });
  agent = (await createPerson(server, `Agent ${run}`)).token;
  member = (await createPerson(server, `Member ${run}`, { departmentIds: [legalId] })).token;
  const inbox = await server.ctx.db.inbox.create({
    data: { kind: "email", name: "Support", config: { address: `s-${run}@example.test` } },
  });
  const legalInbox = await server.ctx.db.inbox.create({
    data: { kind: "email", name: "Legal", departmentId: legalId, config: { address: `l-${run}@example.test` } },
  });
  const mail = async (inboxId: string, who: string) => {
    const { conversationId } = await ingestInboundMessage(server.ctx, {
      inboxId,
      message: {
        providerMessageId: `<d${run}${who}@example.jp>`,
        from: { kind: "email", address: `${who}-${run}@example.jp`, displayName: who },
        subject: "",
        text: "hello",
      },
    });
    return (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).contactId;
  };
  open = await mail(inbox.id, "open");
  secret = await mail(legalInbox.id, "secret");
  companyId = (await server.ctx.db.company.create({ data: { name: `株式会社検索-${run}` } })).id;
  await server.ctx.db.contact.update({ where: { id: open }, data: { companyId } });

  await upload(`/contacts/${open}/documents`, "返金規定-2026.pdf");
  await upload(`/contacts/${open}/documents`, "onboarding-guide.pdf", "Onboarding guide");
  await upload(`/contacts/${secret}/documents`, "settlement-draft.pdf", "和解契約書 draft");
  await upload(`/companies/${companyId}/documents`, "会社案内.pdf", "会社案内");
});
afterAll(async () => {
  await server?.stop();
});

describe("documents in search", () => {
  it("finds a document by a Japanese substring of its name, as a kind: document hit with the match marked", async () => {
    const [hit, ...rest] = await find("規定");
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ kind: "document", title: "返金規定-2026.pdf", contact: { id: open }, file: { version: 1 } });
    expect(hit!.highlights.map(([a, b]) => hit!.snippet.slice(a, b))).toEqual(["規定"]);
    expect(hit!.file!.url).toMatch(/^\/attachments\//);
    expect(await titles("案内")).toEqual(["会社案内"]);
  });

  it("finds by the file name as well as the title, by word prefix, with all words and exclusions", async () => {
    expect(await titles("onboard")).toEqual(["Onboarding guide"]);
    expect(await titles("guide.pdf")).toEqual(["Onboarding guide"]);
    expect(await titles("onboarding -guide")).toEqual([]);
    expect(await titles("ＯＮＢＯＡＲＤＩＮＧ guide")).toEqual(["Onboarding guide"]);
  });

  it("never shows a restricted customer's documents to non-members", async () => {
    expect(await titles("和解")).toEqual([]);
    expect(await titles("settlement")).toEqual([]);
    expect(await titles("和解", "", member)).toEqual(["和解契約書 draft"]);
    expect(await titles("settlement", "", admin)).toEqual(["和解契約書 draft"]);
  });

  it("scopes to one customer or company, and leaves documents out under conversation-only filters", async () => {
    expect(await titles("pdf", `&contactId=${open}`)).toEqual(["Onboarding guide", "返金規定-2026.pdf"]);
    // A company's own documents and its contacts'.
    expect(await titles("pdf", `&companyId=${companyId}`)).toEqual(["Onboarding guide", "会社案内", "返金規定-2026.pdf"]);
    expect(await titles("規定", "&status=open")).toEqual([]);
    expect(await titles("規定", "&channel=email")).toEqual([]);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = await server.api("GET", "/api/v1/openapi.json", undefined, agent);
    expect(doc.body.paths["/search"].get.summary).toContain('`kind: "document"`');
  });

  it("follows a new version's title, keeps the earlier file name, and drops deleted documents", async () => {
    const [doc] = await find("onboarding");
    const res = await fetch(
      `${server.url}/api/v1/documents/${doc!.documentId}/versions?filename=welcome-kit.pdf&title=${encodeURIComponent("導入ガイド")}`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${admin}`, "content-type": "application/octet-stream" },
        body: new Uint8Array(pdf("v2")),
      },
    );
    expect(res.status, await res.text()).toBe(201);
    expect(await titles("ｶﾞｲﾄﾞ")).toEqual(["導入ガイド"]);
    expect(await titles("welcome")).toEqual(["導入ガイド"]);
    expect(await titles("onboarding")).toEqual(["導入ガイド"]);
    expect((await find("welcome"))[0]!.file).toMatchObject({ filename: "welcome-kit.pdf", version: 2 });
    await server.ctx.db.document.delete({ where: { id: doc!.documentId } });
    expect(await titles("welcome")).toEqual([]);
  });
});

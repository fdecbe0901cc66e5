import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { persistRawEvent } from "~/server/domain/inbound/persist-raw-event.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { connectAgent, recordEvents } from "./support/socket.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * Personal data (issue 15): a contact with every kind of data (two identities, mail with an attachment,
 * a body too large for the row, its raw payload in the file store, a library document, a contact merged
 * into it) is exported completely as a ZIP, then erased: afterwards nothing of it is found by the API,
 * search, file URLs or the file store, a file another contact shares stays, and the counts stay.
 */
let server: TestServer;
let admin: string;
let inboxId: string;
const run = Date.now().toString(36);
const EMAIL = `hanako-${run}@example.jp`;
const OTHER_EMAIL = `hanako.work-${run}@example.jp`;
const SECRET_WORDS = `返金の件 ${run}`;
const shared = Buffer.from(`shared bytes ${run}`);
const own = Buffer.from(`only Hanako's invoice ${run}`);
const bigHtml = `<p>${"長い本文 ".repeat(40_000)}${run}</p>`;
let contactId: string;
let conversationId: string;
let attachmentId: string;
let rawSha: string;
let htmlSha: string;
let documentAttachment: string;
let mergedContactId: string;

const api = (method: string, p: string, body?: unknown) => server.api(method, p, body, admin);
const mail = (address: string, id: string, extra: Partial<Parameters<typeof ingestInboundMessage>[1]["message"]> = {}) =>
  ingestInboundMessage(server.ctx, {
    inboxId,
    message: {
      providerMessageId: `<${id}-${run}@example.jp>`,
      from: { kind: "email", address },
      subject: SECRET_WORDS,
      text: `${SECRET_WORDS} ${id}`,
      ...extra,
    },
  });

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  inboxId = (await server.ctx.db.inbox.create({ data: { kind: "email", name: "Support", config: { address: "support@example.test" } } }))
    .id;
  const first = await mail(EMAIL, "m1", {
    html: bigHtml,
    attachments: [
      { filename: "invoice.txt", contentType: "text/plain", content: own },
      { filename: "shared.txt", contentType: "text/plain", content: shared },
    ],
  });
  conversationId = first.conversationId;
  const raw = Buffer.concat([Buffer.from(`Message-ID: <m1-${run}@example.jp>\r\n\r\n`), Buffer.alloc(70 * 1024, 0x61)]);
  await persistRawEvent(server.ctx, { inboxId, providerEventId: `<m1-${run}@example.jp>#0123456789abcdef`, payload: raw });
  const msg = await server.ctx.db.message.findUniqueOrThrow({ where: { id: first.messageId }, include: { attachments: true } });
  contactId = msg.contactId;
  htmlSha = msg.htmlSha256!;
  expect(htmlSha).toBeTruthy();
  attachmentId = msg.attachments.find((a) => a.filename === "invoice.txt")!.id;
  rawSha = (await server.ctx.db.inboundEvent.findFirstOrThrow({ where: { payloadSha256: { not: null } } })).payloadSha256!;
  // A second address, first known as another contact, merged in.
  const other = await mail(OTHER_EMAIL, "m2");
  const otherContact = (await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: other.conversationId } })).contactId;
  expect((await api("POST", `/api/v1/contacts/${otherContact}/merge`, { intoId: contactId })).status).toBe(200);
  mergedContactId = otherContact;
  // An attribute change: the audit log records its values, which erasure must not leave behind.
  expect((await api("POST", "/api/v1/attributes", { entity: "contact", key: "plan", label: "Plan", type: "text" })).status).toBe(201);
  expect((await api("PATCH", `/api/v1/contacts/${contactId}`, { name: `Hanako ${run}`, attributes: { plan: `Gold ${run}` } })).status).toBe(
    200,
  );
  // Someone else sends the same bytes: that file must survive the erasure.
  await mail(`someone-${run}@example.jp`, "m3", { attachments: [{ filename: "copy.txt", contentType: "text/plain", content: shared }] });
  const doc = await fetch(
    `${server.url}/api/v1/contacts/${contactId}/documents?filename=contract.pdf&title=${encodeURIComponent("契約書")}`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/octet-stream" },
      body: new Uint8Array(Buffer.from(`%PDF-1.4 contract ${run}\n%%EOF\n`)),
    },
  );
  expect(doc.status).toBe(201);
  documentAttachment = (await doc.json()).latest.attachment.id;
});
afterAll(async () => {
  await server?.stop();
});

describe("personal data export", () => {
  it("exports identities, every conversation and message, large bodies, attachments and documents", async () => {
    const res = await fetch(`${server.url}/api/v1/contacts/${contactId}/export`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const dir = await mkdtemp(path.join(os.tmpdir(), "switchboard-export-"));
    try {
      const zipFile = path.join(dir, "export.zip");
      await writeFile(zipFile, Buffer.from(await res.arrayBuffer()));
      const names = execFileSync("unzip", ["-Z1", zipFile]).toString().trim().split("\n").sort();
      const read = (name: string) => execFileSync("unzip", ["-p", zipFile, name], { maxBuffer: 64 * 1024 * 1024 });
      const contact = JSON.parse(read("contact.json").toString()).contact;
      expect(contact.identities.map((i: { address: string }) => i.address).sort()).toEqual([EMAIL, OTHER_EMAIL].sort());
      expect(contact.mergedFrom).toHaveLength(1);
      const conversations = names.filter((n) => n.startsWith("conversations/")).map((n) => JSON.parse(read(n).toString()));
      expect(conversations).toHaveLength(2);
      const messages = conversations.flatMap((c) => c.messages).filter((m) => m.kind === "message");
      expect(messages.map((m) => m.text).sort()).toEqual([`${SECRET_WORDS} m1`, `${SECRET_WORDS} m2`]);
      expect(messages.find((m) => m.text.endsWith("m1")).html).toContain(run);
      const files = messages.flatMap((m) => m.attachments);
      expect(files.map((f: { filename: string }) => f.filename).sort()).toEqual(["invoice.txt", "shared.txt"]);
      for (const f of files) expect(names).toContain(f.file);
      expect(read(files.find((f: { filename: string }) => f.filename === "invoice.txt").file)).toEqual(own);
      const documents = JSON.parse(read("documents.json").toString());
      expect(documents).toMatchObject([{ title: "契約書", versions: [{ version: 1, filename: "contract.pdf" }] }]);
      expect(read(documents[0].versions[0].file).toString()).toContain(`contract ${run}`);
      // The export is audited.
      const audit = await api("GET", `/api/v1/audit-log?action=contact.exported&target=contact:${contactId}`);
      expect(audit.body.items).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("is for admins only", async () => {
    const user = await api("POST", "/api/v1/users", {
      email: `agent-${run}@test.local`,
      name: "Agent",
      role: "agent",
      password: "agent password 123",
    });
    const agent = await server.apiToken(user.body.id);
    expect((await server.api("GET", `/api/v1/contacts/${contactId}/export`, undefined, agent)).status).toBe(403);
    expect((await server.api("DELETE", `/api/v1/contacts/${contactId}?erase=true`, undefined, agent)).status).toBe(403);
  });
});

describe("erasure", () => {
  it("needs erase=true", async () => {
    expect((await api("DELETE", `/api/v1/contacts/${contactId}`)).status).toBe(400);
  });

  it("leaves nothing of the contact findable by API, search, file URL, file store or realtime", async () => {
    const counts = { conversations: await server.ctx.db.conversation.count(), messages: await server.ctx.db.message.count() };
    const socket = await connectAgent(server.url, { token: admin });
    const updates = recordEvents(socket, "conversation:updated");
    try {
      // Findable before: the checks after the erasure can fail.
      expect((await api("GET", "/api/v1/search?q=invoice.txt")).body.items.length).toBeGreaterThan(0);
      expect((await api("GET", `/api/v1/search?q=${encodeURIComponent(EMAIL)}`)).body.contacts.length).toBeGreaterThan(0);
      const res = await api("DELETE", `/api/v1/contacts/${contactId}?erase=true`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ contacts: 2, conversations: 2 });

      const contact = await api("GET", `/api/v1/contacts/${contactId}`);
      expect(contact.body).toMatchObject({ name: "Erased contact", identities: [] });
      expect(contact.body.erasedAt).toBeTruthy();
      for (const q of [EMAIL, OTHER_EMAIL, "hanako"])
        expect((await api("GET", `/api/v1/contacts?query=${encodeURIComponent(q)}`)).body.items, q).toEqual([]);
      // Nothing of it is left in the full-text index either (triggers follow the erasure's updates).
      for (const q of [EMAIL, OTHER_EMAIL, "hanako", "invoice.txt", "shared.txt"]) {
        const found = await api("GET", `/api/v1/search?q=${encodeURIComponent(q)}`);
        expect(found.status).toBe(200);
        expect([...found.body.items, ...found.body.contacts], q).toEqual([]);
      }
      const timeline = await api("GET", `/api/v1/contacts/${contactId}/timeline`);
      const everything = JSON.stringify([contact.body, timeline.body, (await api("GET", `/api/v1/conversations/${conversationId}`)).body]);
      expect(everything).not.toContain(run);
      expect(everything).not.toContain("hanako");

      for (const id of [attachmentId, documentAttachment]) {
        expect((await fetch(`${server.url}/attachments/${id}`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(404);
      }
      for (const sha of [htmlSha, rawSha]) expect(await server.ctx.storage.exists(sha), sha).toBe(false);
      expect(await server.ctx.db.inboundEvent.count({ where: { providerEventId: { contains: `m1-${run}` } } })).toBe(0);
      expect(await server.ctx.db.attachment.count({ where: { filename: { in: ["invoice.txt", "shared.txt", "contract.pdf"] } } })).toBe(0);
      const copy = await server.ctx.db.attachment.findFirstOrThrow({ where: { filename: "copy.txt" } });
      expect(await server.ctx.storage.exists(copy.sha256)).toBe(true);

      // The erasure is audited by id and counts, without the erased name.
      const audit = await api("GET", `/api/v1/audit-log?action=contact.erased&target=contact:${contactId}`);
      expect(audit.body.items).toMatchObject([{ after: { contacts: 2, conversations: 2 } }]);
      expect(JSON.stringify(audit.body)).not.toContain("hanako");
      // Earlier entries about them keep who did what and when, without their name or values.
      for (const target of [contactId, mergedContactId]) {
        const entries = (await api("GET", `/api/v1/audit-log?target=contact:${target}&limit=100`)).body.items;
        expect(entries.length, target).toBeGreaterThan(0);
        expect(JSON.stringify(entries)).not.toContain(run);
        expect(JSON.stringify(entries).toLowerCase()).not.toContain("hanako");
      }
      const changed = (await api("GET", `/api/v1/audit-log?action=contact.attributes_changed&target=contact:${contactId}`)).body.items;
      expect(changed).toMatchObject([{ targetLabel: null, after: { attributes: { plan: "[erased]" } } }]);
      expect(changed[0].actor).toBeTruthy();

      // Counts stay: the tombstone keeps its conversations and message rows.
      expect({ conversations: await server.ctx.db.conversation.count(), messages: await server.ctx.db.message.count() }).toEqual(counts);
      // Open screens were told to reload, and what they get carries nothing of the contact.
      await new Promise((r) => setTimeout(r, 300));
      const erased = updates.filter((u) => u.changes.includes("erased"));
      expect(erased.map((u) => u.conversation.id)).toContain(conversationId);
      expect(JSON.stringify(erased)).not.toContain(run);
    } finally {
      socket.close();
    }
  });
});

describe("retention", () => {
  it("validates the policy and anonymises old closed conversations once", async () => {
    expect((await api("PUT", "/api/v1/settings/retention", { enabled: true, days: 0, action: "erase" })).status).toBe(400);
    const fresh = await mail(`recent-${run}@example.jp`, "r1");
    const old = await mail(`old-${run}@example.jp`, "r2");
    await server.ctx.db.conversation.update({
      where: { id: old.conversationId },
      data: { status: "closed", lastActivityAt: new Date(Date.now() - 40 * 86_400_000) },
    });
    await server.ctx.db.conversation.update({ where: { id: fresh.conversationId }, data: { status: "closed" } });
    const put = await api("PUT", "/api/v1/settings/retention", { enabled: true, days: 30, action: "anonymise", inboxIds: [inboxId] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const { runRetention } = await import("~/server/domain/privacy/run-retention.ts");
    const first = await runRetention(server.ctx);
    expect(first).toMatchObject({ action: "anonymise", conversations: 1, messages: 1 });
    expect(await runRetention(server.ctx)).toBeNull();
    const [oldMsg] = await server.ctx.db.message.findMany({ where: { conversationId: old.conversationId, kind: "message" } });
    expect(oldMsg!.text).toBe("");
    const [freshMsg] = await server.ctx.db.message.findMany({ where: { conversationId: fresh.conversationId, kind: "message" } });
    expect(freshMsg!.text).toContain("r1");
    const log = await api("GET", "/api/v1/settings/retention");
    expect(log.body.runs[0]).toMatchObject({ conversations: 1, action: "anonymise" });
    // The policy change and the run are audited.
    const audit = await api("GET", "/api/v1/audit-log?target=retention_policy");
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(["retention.policy_updated", "retention.run"]);
  });
});

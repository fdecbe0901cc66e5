import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { loadActor, visibleMessageWhere, type Actor } from "~/server/domain/access.ts";
import { countConversations } from "~/server/domain/conversations/count-conversations.ts";
import { visitorHistory } from "~/server/domain/visitors/visitor-history.ts";
import { createDepartment, createPerson, type Person } from "./collab-fixtures.ts";

/**
 * Issue 18: the rewritten read paths return exactly the rows of a plain reference query (SQL with
 * ORDER BY … and the visibility rule written out, or the old Prisma form kept here) for admins, a
 * member of a restricted department and an agent outside it, on data with ties on every sort key:
 * cursor pages read to the end, last messages, the files card (also after a contact merge and an
 * upload claimed by a note, which the attachment triggers follow) and the nav counts.
 */
let server: TestServer;
let admin: Person;
let kenji: Person; // Legal (restricted) member
let maya: Person; // Support agent, not in Legal
let legalId: string;
let supportId: string;
const actors = () => [admin, kenji, maya];
const actorOf = async (p: Person) => (await loadActor(server.ctx, p.id)) as Actor;
const q = <T>(sql: string, params: unknown[] = []) => server.ctx.sql.query<T>(sql, params);
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The visibility rule of docs/security (restricted departments), written out in SQL for conversation `c`. */
async function visibleSql(p: Person) {
  const actor = await actorOf(p);
  if (actor.role === "admin") return "TRUE";
  const member = actor.departmentIds.length ? `c."departmentId" IN (${actor.departmentIds.map((d) => `'${d}'`).join(",")})` : "FALSE";
  return `(c."departmentId" IS NULL OR NOT (SELECT restricted FROM "Department" WHERE id = c."departmentId") OR ${member})`;
}

/** Follows nextCursor to the end and returns every item id in order. */
async function readAll(p: Person, path: string, limit: number, idOf: (item: any) => string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const sep = path.includes("?") ? "&" : "?";
    const res: { status: number; body: any } = await server.api(
      "GET",
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
      undefined,
      p.token,
    );
    expect(res.status).toBe(200);
    ids.push(...res.body.items.map(idOf));
    cursor = res.body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error("cursor never ended");
}

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  const adminUser = await server.ctx.db.user.findFirstOrThrow({ where: { role: "admin" } });
  admin = { id: adminUser.id, name: adminUser.name, token: await server.apiToken() };
  legalId = await createDepartment(server, "Legal", { restricted: true });
  supportId = await createDepartment(server, "Support");
  kenji = await createPerson(server, "Kenji Mori", { departmentIds: [legalId] });
  maya = await createPerson(server, "Maya Chen", { departmentIds: [supportId] });
  const inboxId = await server.createInbox("email", "Mail", { address: "support@read-paths.example" });
  const dept = (i: number) => [null, supportId, legalId][i % 3];
  await q(`INSERT INTO "Company" (id, name) VALUES ('rp-co', '山田商事')`);
  // Contacts a and b (one company), and 60 more created three at a time (ties on createdAt).
  await q(
    `INSERT INTO "Contact" (id, name, "companyId", "createdAt", "updatedAt")
     SELECT 'rp-' || g, '顧客 ' || g, CASE WHEN g IN ('a', 'b') THEN 'rp-co' END, timestamp '2026-01-01', now()
     FROM unnest(ARRAY['a', 'b']) g
     UNION ALL
     SELECT 'rp-k' || lpad(g::text, 2, '0'), 'Customer ' || g, NULL, timestamp '2026-01-01' + (g / 3) * interval '1 minute', now()
     FROM generate_series(1, 60) g`,
  );
  // 12 conversations of a, 3 of b, one of each k (every fourth in Legal only): ties on lastActivityAt.
  const rows: string[] = [];
  const statuses = ["open", "pending", "snoozed", "resolved", "closed"];
  const assignees = [null, maya.id, kenji.id, admin.id];
  const conv = (id: string, contact: string, i: number, department: string | null) =>
    rows.push(
      `('${id}', '${inboxId}', '${contact}', ${department ? `'${department}'` : "NULL"}, ${assignees[i % 4] ? `'${assignees[i % 4]}'` : "NULL"},
        '${statuses[i % 5]}', 'rp-token-${id}', timestamp '2026-02-01' + ${Math.floor(i / 3)} * interval '1 hour',
        ${i % 2 ? `timestamp '2026-02-01' + ${i} * interval '1 minute'` : "NULL"})`,
    );
  for (let i = 0; i < 12; i++) conv(`rp-a${i}`, "rp-a", i, dept(i));
  for (let i = 0; i < 3; i++) conv(`rp-b${i}`, "rp-b", i + 1, dept(i + 1));
  for (let i = 1; i <= 60; i++) conv(`rp-kc${i}`, `rp-k${String(i).padStart(2, "0")}`, i, i % 4 === 0 ? legalId : null);
  await q(
    `INSERT INTO "Conversation" (id, "inboxId", "contactId", "departmentId", "assigneeId", status, "replyToken", "lastActivityAt", "lastCustomerMessageAt")
     VALUES ${rows.map((r) => r.replace(/'(open|pending|snoozed|resolved|closed)'/, `'$1'::"ConversationStatus"`)).join(",\n")}`,
  );
  await q(`UPDATE "Conversation" SET "mergedIntoId" = 'rp-a1' WHERE id = 'rp-a7'`);
  await q(
    `INSERT INTO "ConversationRead" ("userId", "conversationId", "lastReadAt") SELECT $1, id, now() FROM "Conversation" WHERE id LIKE 'rp-kc1%'`,
    [maya.id],
  );
  // 900 messages of a, 24 per timestamp (two in each conversation); notes, events and deleted ones among them.
  await q(
    `INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, kind, channel, text, "deletedAt", "createdAt")
     SELECT 'rp-m' || lpad(g::text, 4, '0'), CASE WHEN g <= 900 THEN 'rp-a' || (g % 12) ELSE 'rp-b' || (g % 3) END,
            CASE WHEN g <= 900 THEN 'rp-a' ELSE 'rp-b' END, $1,
            (CASE WHEN g % 2 = 0 THEN 'inbound' ELSE 'outbound' END)::"MessageDirection",
            (CASE WHEN g % 7 = 0 THEN 'note' WHEN g % 5 = 0 THEN 'event' ELSE 'message' END)::"MessageKind", 'email',
            repeat('返金 ', g % 90) || g, CASE WHEN g % 13 = 0 THEN now() END, timestamp '2026-01-01' + (g / 24) * interval '1 second'
     FROM generate_series(1, 990) g`,
    [inboxId],
  );
  await q(
    `INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, channel, text, "createdAt")
     SELECT 'rp-km' || g, 'rp-kc' || g, 'rp-k' || lpad(g::text, 2, '0'), $1, 'inbound', 'email', 'hello ' || g, timestamp '2026-01-02'
     FROM generate_series(1, 60) g`,
    [inboxId],
  );
  // Files on two of three messages (more than the card's 200), four per timestamp, some inline.
  await q(
    `INSERT INTO "Attachment" (id, "messageId", filename, "contentType", size, sha256, inline, "createdAt")
     SELECT 'rp-f' || lpad(g::text, 4, '0'), 'rp-m' || lpad(g::text, 4, '0'), 'file-' || g || '.pdf', 'application/pdf', g, md5(g::text),
            g % 11 = 0, timestamp '2026-01-01' + (g / 4) * interval '1 second'
     FROM generate_series(1, 990) g WHERE g % 3 <> 0`,
  );
  // Maya's bell: ties on createdAt, some about a Legal conversation she cannot see.
  await q(
    `INSERT INTO "Notification" (id, "userId", kind, "conversationId", title, "readAt", "createdAt")
     SELECT 'rp-n' || lpad(g::text, 3, '0'), $1, 'mention', CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN 'rp-a0' ELSE 'rp-a2' END,
            'Note ' || g, CASE WHEN g % 4 = 0 THEN now() END, timestamp '2026-01-01' + (g / 3) * interval '1 minute'
     FROM generate_series(1, 80) g`,
    [maya.id],
  );
});
afterAll(async () => {
  await server?.stop();
});

describe("cursor pages read to the end equal ORDER BY … DESC, id DESC", () => {
  it("the customer timeline", async () => {
    for (const p of actors()) {
      const expected = await q<{ id: string }>(
        `SELECT m.id FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
         WHERE m."contactId" = 'rp-a' AND ${await visibleSql(p)} ORDER BY m."createdAt" DESC, m.id DESC`,
      );
      expect(expected.length).toBeGreaterThan(300);
      expect(await readAll(p, "/api/v1/contacts/rp-a/timeline", 37, (i) => i.message.id)).toEqual(expected.map((r) => r.id));
    }
  });

  it("the conversation list, in every status and the active ones", async () => {
    for (const p of actors()) {
      for (const [status, where] of [
        ["", "TRUE"],
        ["active", `c.status IN ('open', 'pending')`],
      ]) {
        const expected = await q<{ id: string }>(
          `SELECT c.id FROM "Conversation" c WHERE c."mergedIntoId" IS NULL AND ${where} AND ${await visibleSql(p)}
           ORDER BY c."lastActivityAt" DESC, c.id DESC`,
        );
        expect(await readAll(p, `/api/v1/conversations${status ? `?status=${status}` : ""}`, 7, (i) => i.id)).toEqual(
          expected.map((r) => r.id),
        );
      }
    }
  });

  it("the contact list", async () => {
    for (const p of actors()) {
      const expected = await q<{ id: string }>(
        `SELECT k.id FROM "Contact" k WHERE k."mergedIntoId" IS NULL
           AND (NOT EXISTS (SELECT 1 FROM "Conversation" c WHERE c."contactId" = k.id)
                OR EXISTS (SELECT 1 FROM "Conversation" c WHERE c."contactId" = k.id AND ${await visibleSql(p)}))
         ORDER BY k."createdAt" DESC, k.id DESC`,
      );
      expect(await readAll(p, "/api/v1/contacts", 9, (i) => i.id)).toEqual(expected.map((r) => r.id));
    }
  });

  it("the notification bell, all and unread", async () => {
    for (const unread of [false, true]) {
      const expected = await q<{ id: string }>(
        `SELECT n.id FROM "Notification" n LEFT JOIN "Conversation" c ON c.id = n."conversationId"
         WHERE n."userId" = $1 AND (n."conversationId" IS NULL OR ${await visibleSql(maya)}) ${unread ? `AND n."readAt" IS NULL` : ""}
         ORDER BY n."createdAt" DESC, n.id DESC`,
        [maya.id],
      );
      expect(expected.length).toBeGreaterThan(20);
      expect(await readAll(maya, `/api/v1/notifications${unread ? "?unread=true" : ""}`, 9, (i) => i.id)).toEqual(
        expected.map((r) => r.id),
      );
    }
  });
  it("a chat visitor's history, paged back from `before`", async () => {
    const chat = await server.createInbox("web_chat", "Website", {});
    // Two conversations of one visitor thread, messages three per timestamp, notes and deleted ones hidden.
    await q(
      `INSERT INTO "Conversation" (id, "inboxId", "contactId", "threadKey", "replyToken")
       VALUES ('rp-v1', $1, 'rp-k01', 'rp-visitor', 'rp-token-v1'), ('rp-v2', $1, 'rp-k01', 'rp-visitor', 'rp-token-v2')`,
      [chat],
    );
    await q(
      `INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, kind, channel, text, "deletedAt", "createdAt")
       SELECT 'rp-vm' || lpad(g::text, 3, '0'), 'rp-v' || (1 + g % 2), 'rp-k01', $1,
              (CASE WHEN g % 2 = 0 THEN 'inbound' ELSE 'outbound' END)::"MessageDirection",
              (CASE WHEN g % 7 = 0 THEN 'note' ELSE 'message' END)::"MessageKind", 'web_chat', 'こんにちは ' || g,
              CASE WHEN g % 11 = 0 THEN now() END, timestamp '2026-01-03' + (g / 3) * interval '1 second'
       FROM generate_series(1, 120) g`,
      [chat],
    );
    const expected = await q<{ id: string }>(
      `SELECT id FROM "Message" WHERE "conversationId" IN ('rp-v1', 'rp-v2') AND kind = 'message' AND "deletedAt" IS NULL
       ORDER BY "createdAt" DESC, id DESC`,
    );
    const read: string[] = [];
    let before: string | undefined;
    for (let more = true; more; ) {
      const page = await visitorHistory(server.ctx, chat, "rp-visitor", { before, limit: 7 });
      read.push(...page.messages.map((m) => m.id).reverse());
      before = page.messages[0]?.id;
      more = page.hasMore;
    }
    expect(read).toEqual(expected.map((r) => r.id));
  });
});

it("last messages are the newest message or note of each conversation, as Prisma's distinct found them", async () => {
  const expected = await q<{
    conversationId: string;
    text: string;
    kind: string;
    direction: string;
    createdAt: string;
    authorUserId: string | null;
    deliveryStatus: string | null;
  }>(
    `SELECT DISTINCT ON ("conversationId") "conversationId", text, kind::text, direction::text, to_char("createdAt", ${ISO}) AS "createdAt",
       "authorUserId", "deliveryStatus"::text AS "deliveryStatus"
     FROM "Message" WHERE kind IN ('message', 'note') ORDER BY "conversationId", "createdAt" DESC, id DESC`,
  );
  const old = await server.ctx.db.message.findMany({
    where: { kind: { in: ["message", "note"] } },
    distinct: ["conversationId"],
    orderBy: [{ conversationId: "asc" }, { createdAt: "desc" }],
    select: { conversationId: true, createdAt: true },
  });
  const listed = await readAll(admin, "/api/v1/conversations", 100, (i) => JSON.stringify([i.id, i.lastMessage]));
  const byId = new Map(listed.map((s) => JSON.parse(s) as [string, unknown]));
  let compared = 0;
  for (const e of expected) {
    if (!byId.has(e.conversationId)) continue; // merged away
    compared++;
    expect(byId.get(e.conversationId)).toEqual({
      text: e.text.slice(0, 200),
      kind: e.kind,
      direction: e.direction,
      createdAt: e.createdAt,
      authorUserId: e.authorUserId,
      deliveryStatus: e.deliveryStatus,
    });
    expect(old.find((o) => o.conversationId === e.conversationId)?.createdAt.toISOString()).toBe(e.createdAt);
  }
  expect(compared).toBeGreaterThan(60);
});

/** The files card before issue 18 (through the message join, newest first), kept as the reference. */
async function oldFiles(p: Person, contactIds: string[]) {
  const rows = await server.ctx.db.attachment.findMany({
    where: { inline: false, message: { AND: [{ contactId: { in: contactIds }, deletedAt: null }, visibleMessageWhere(await actorOf(p))] } },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, createdAt: true },
  });
  return rows;
}

async function expectFilesAsBefore(contactIds: string[], path: string) {
  for (const p of actors()) {
    const expected = await q<{ id: string }>(
      `SELECT a.id FROM "Attachment" a JOIN "Message" m ON m.id = a."messageId" JOIN "Conversation" c ON c.id = m."conversationId"
       WHERE m."contactId" IN (${contactIds.map((c) => `'${c}'`).join(",")}) AND NOT a.inline AND m."deletedAt" IS NULL AND ${await visibleSql(p)}
       ORDER BY a."createdAt" DESC, a.id DESC LIMIT 200`,
    );
    const res = await server.api("GET", path, undefined, p.token);
    expect(res.status).toBe(200);
    const files = res.body.messageAttachments as { id: string; createdAt: string }[];
    expect(files.map((f) => f.id)).toEqual(expected.map((r) => r.id));
    // Prisma's old form orders ties on createdAt as it likes: same timestamps, same files.
    const old = await oldFiles(p, contactIds);
    expect(files.map((f) => f.createdAt)).toEqual(old.map((o) => o.createdAt.toISOString()));
  }
}

describe("the files card", () => {
  it("lists a customer's and a company's files as the message join did", async () => {
    await expectFilesAsBefore(["rp-a"], "/api/v1/contacts/rp-a/documents");
    await expectFilesAsBefore(["rp-b"], "/api/v1/contacts/rp-b/documents");
    await expectFilesAsBefore(["rp-a", "rp-b"], "/api/v1/companies/rp-co/documents");
  });

  it("follows files into a merged contact and picks up an upload claimed by a note", async () => {
    const upload = await fetch(`${server.url}/api/v1/uploads?filename=${encodeURIComponent("見積書.pdf")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/pdf" },
      body: Buffer.from("%PDF-1.4\n%%EOF\n"),
    });
    expect(upload.status).toBe(201);
    const { id: uploadId } = (await upload.json()) as { id: string };
    const note = await server.api(
      "POST",
      "/api/v1/conversations/rp-b1/notes",
      { text: "見積書です", attachmentIds: [uploadId] },
      admin.token,
    );
    expect(note.status).toBe(201);
    const merged = await server.api("POST", "/api/v1/contacts/rp-b/merge", { intoId: "rp-a" }, admin.token);
    expect(merged.status).toBeLessThan(300);
    const moved = await q<{ n: number }>(`SELECT count(*)::int AS n FROM "Attachment" WHERE "contactId" = 'rp-b'`);
    expect(moved[0]!.n).toBe(0);
    await expectFilesAsBefore(["rp-a"], "/api/v1/contacts/rp-a/documents");
    const files = (await server.api("GET", "/api/v1/contacts/rp-a/documents", undefined, admin.token)).body.messageAttachments;
    expect(files[0].id).toBe(uploadId);
  });
});

it("nav counts equal counting the visible conversations one by one", async () => {
  for (const p of actors()) {
    const visible = await q<{ status: string; assigneeId: string | null; departmentId: string | null; unread: boolean }>(
      `SELECT c.status::text, c."assigneeId", c."departmentId",
              (c."lastCustomerMessageAt" IS NOT NULL AND (r."lastReadAt" IS NULL OR r."lastReadAt" < c."lastCustomerMessageAt")) AS unread
       FROM "Conversation" c LEFT JOIN "ConversationRead" r ON r."conversationId" = c.id AND r."userId" = $1
       WHERE c."mergedIntoId" IS NULL AND ${await visibleSql(p)}`,
      [p.id],
    );
    const active = visible.filter((c) => c.status === "open" || c.status === "pending");
    const tally = (rows: typeof visible) => {
      const byDepartment: Record<string, number> = {};
      for (const c of rows) byDepartment[c.departmentId ?? "none"] = (byDepartment[c.departmentId ?? "none"] ?? 0) + 1;
      return {
        mine: rows.filter((c) => c.assigneeId === p.id).length,
        unassigned: rows.filter((c) => c.assigneeId === null).length,
        all: rows.length,
        byDepartment,
      };
    };
    const byStatus: Record<string, number> = {};
    for (const s of ["open", "pending", "snoozed"]) {
      const n = visible.filter((c) => c.status === s).length;
      if (n) byStatus[s] = n;
    }
    expect(await countConversations(server.ctx, await actorOf(p))).toEqual({
      ...tally(active),
      byStatus,
      unread: tally(active.filter((c) => c.unread)),
    });
  }
});

import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/server/db/client.ts";
import { applyMigrations } from "~/server/db/migrate.ts";
import { createTestDatabase } from "./support/database.ts";

/**
 * The search index is kept by database triggers (docs/decisions/012-search.md), so every write path —
 * including erasure, built elsewhere, which blanks Message.text and deletes rows — keeps it current
 * in its own transaction. Written with plain SQL here, as any path would, and checked in SearchEntry.
 */
const MIGRATIONS = path.resolve(import.meta.dirname, "../prisma/migrations");
const SEARCH_INDEX = "20261202100000_search_index";

let db: Database;
let drop: () => Promise<void>;
let before: string;

const entries = async () =>
  db.sql.query<{ id: string; conversationId: string; kind: string; body: string }>(
    `SELECT id, "conversationId", kind, body FROM "SearchEntry" ORDER BY id`,
  );
/** Ids of entries the index finds for a term (GIN candidates, then the exact check). */
const find = async (term: string) =>
  (
    await db.sql.query<{ id: string }>(
      `SELECT id FROM "SearchEntry" WHERE lexemes @@ search_query($1) AND body LIKE search_like($1) ORDER BY id`,
      [term],
    )
  ).map((r) => r.id);

beforeAll(async () => {
  before = await mkdtemp(path.join(os.tmpdir(), "sb-search-"));
  const fresh = await createTestDatabase();
  drop = fresh.drop;
  db = await openDatabase(fresh.options);
  for (const name of await readdir(MIGRATIONS)) {
    if (name < SEARCH_INDEX) await cp(path.join(MIGRATIONS, name), path.join(before, name), { recursive: true });
  }
  await applyMigrations(db.sql, before);
  // Data written before the index existed: the migration backfills it.
  await db.sql.exec(`
    INSERT INTO "Inbox" (id, kind, name) VALUES ('inb1', 'email', 'Support');
    INSERT INTO "Contact" (id, name, "updatedAt") VALUES ('ct1', 'Yamada', now()), ('ct2', 'Suzuki', now());
    INSERT INTO "Conversation" (id, "inboxId", "contactId", subject, "replyToken") VALUES
      ('cv1', 'inb1', 'ct1', 'ＳＳＯ設定について', 'r1'), ('cv2', 'inb1', 'ct2', '', 'r2');
    INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, kind, channel, text) VALUES
      ('m1', 'cv1', 'ct1', 'inb1', 'inbound', 'message', 'email', '返金をお願いします。Invoice attached.'),
      ('m2', 'cv1', 'ct1', 'inb1', 'internal', 'note', 'email', 'Checked the refund bug'),
      ('m3', 'cv1', 'ct1', 'inb1', 'internal', 'event', 'email', 'status changed: refund'),
      ('m4', 'cv2', 'ct2', 'inb1', 'inbound', 'message', 'email', 'ｶﾞｲﾄﾞを読みました');
    INSERT INTO "Attachment" (id, "messageId", filename, "contentType", size, sha256) VALUES
      ('a1', 'm1', '請求書-2026.pdf', 'application/pdf', 10, 'x'),
      ('da1', NULL, 'ＮＤＡ契約書.pdf', 'application/pdf', 10, 'd');
    INSERT INTO "Document" (id, "contactId", title, "updatedAt") VALUES ('d1', 'ct1', '秘密保持契約', now());
    INSERT INTO "DocumentVersion" (id, "documentId", "attachmentId", version) VALUES ('dv1', 'd1', 'da1', 1);
  `);
  expect(await applyMigrations(db.sql)).toContain(SEARCH_INDEX);
});
afterAll(async () => {
  await db?.close();
  await drop?.();
  await rm(before, { recursive: true, force: true });
});

describe("search index", () => {
  it("backfills messages, notes, file names and subjects, but no timeline events", async () => {
    expect((await entries()).map((e) => [e.id, e.kind])).toEqual([
      ["m1", "message"],
      ["m2", "note"],
      ["m4", "message"],
      ["s:cv1", "subject"],
    ]);
    expect(await find("請求書")).toEqual(["m1"]);
    expect(await find("sso")).toEqual(["s:cv1"]);
    expect(await find("ガイド")).toEqual(["m4"]);
    expect(await find("refund")).toEqual(["m2"]);
  });

  it("indexes new rows and follows edits in the same statement", async () => {
    await db.sql.exec(`
      INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, channel, text)
        VALUES ('m5', 'cv2', 'ct2', 'inb1', 'inbound', 'slack', '障害が発生しています');
    `);
    expect(await find("障害")).toEqual(["m5"]);
    await db.sql.exec(`UPDATE "Message" SET text = '解約したいです', "editedAt" = now() WHERE id = 'm5'`);
    expect(await find("障害")).toEqual([]);
    expect(await find("解約")).toEqual(["m5"]);
    await db.sql.exec(`UPDATE "Conversation" SET subject = 'Refund request' WHERE id = 'cv2'`);
    expect(await find("refund")).toEqual(["m2", "s:cv2"]);
  });

  it("drops deleted messages (Slack deletes) and blanked text (erasure)", async () => {
    await db.sql.exec(`UPDATE "Message" SET "deletedAt" = now() WHERE id = 'm5'`);
    expect(await find("解約")).toEqual([]);
    await db.sql.exec(`UPDATE "Message" SET text = '' WHERE id = 'm4'`);
    expect((await entries()).map((e) => e.id)).not.toContain("m4");
    // A blanked message keeps its entry while it still has a file name to find, and loses it with the file.
    await db.sql.exec(`UPDATE "Message" SET text = '' WHERE id = 'm1'`);
    expect(await find("返金")).toEqual([]);
    expect(await find("請求書")).toEqual(["m1"]);
    await db.sql.exec(`DELETE FROM "Attachment" WHERE id = 'a1'`);
    expect((await entries()).map((e) => e.id)).not.toContain("m1");
  });

  it("follows attachments and messages that move, and rows that are deleted", async () => {
    await db.sql.exec(`
      INSERT INTO "Attachment" (id, "messageId", filename, "contentType", size, sha256) VALUES ('a2', 'm2', 'ログ.txt', 'text/plain', 1, 'y');
    `);
    expect(await find("ログ")).toEqual(["m2"]);
    await db.sql.exec(`UPDATE "Attachment" SET filename = 'trace.txt' WHERE id = 'a2'`);
    expect(await find("ログ")).toEqual([]);
    expect(await find("trace")).toEqual(["m2"]);
    // A conversation merge moves the messages: their entries follow.
    await db.sql.exec(`UPDATE "Message" SET "conversationId" = 'cv2' WHERE "conversationId" = 'cv1'`);
    expect((await entries()).find((e) => e.id === "m2")?.conversationId).toBe("cv2");
    // Deleting a contact's data (erasure) deletes messages and conversations: their entries go too.
    await db.sql.exec(`DELETE FROM "Message" WHERE "contactId" = 'ct1'`);
    await db.sql.exec(`DELETE FROM "Conversation" WHERE id = 'cv1'`);
    expect((await entries()).map((e) => e.id)).toEqual(["s:cv2"]);
  });

  it("indexes library documents by title and every version's file name, backfilled and kept by triggers", async () => {
    const docs = async (term: string) =>
      (
        await db.sql.query<{ id: string }>(
          `SELECT id FROM "Document" WHERE "searchLexemes" @@ search_query($1) AND "searchBody" LIKE search_like($1) ORDER BY id`,
          [term],
        )
      ).map((r) => r.id);
    // Written before the migration: backfilled (title and the file name, folded: ＮＤＡ = nda).
    expect(await docs("保持")).toEqual(["d1"]);
    expect(await docs("nda契約")).toEqual(["d1"]);
    await db.sql.exec(`
      INSERT INTO "Attachment" (id, filename, "contentType", size, sha256) VALUES ('da2', 'pricing-2027.xlsx', 'application/pdf', 1, 'e');
      INSERT INTO "Document" (id, "companyId", title, "updatedAt") VALUES ('d2', NULL, 'Price list', now());
      INSERT INTO "DocumentVersion" (id, "documentId", "attachmentId", version) VALUES ('dv2', 'd2', 'da2', 1);
    `);
    expect(await docs("pricing")).toEqual(["d2"]);
    expect(await docs("price")).toEqual(["d2"]);
    // A new title, a renamed file, a removed version (erasure deletes versions), a deleted document.
    await db.sql.exec(`UPDATE "Document" SET title = '見積書' WHERE id = 'd2'`);
    expect(await docs("price")).toEqual([]);
    expect(await docs("見積")).toEqual(["d2"]);
    await db.sql.exec(`UPDATE "Attachment" SET filename = 'tarif.xlsx' WHERE id = 'da2'`);
    expect(await docs("pricing")).toEqual([]);
    expect(await docs("tarif")).toEqual(["d2"]);
    await db.sql.exec(`DELETE FROM "DocumentVersion" WHERE id = 'dv2'`);
    expect(await docs("tarif")).toEqual([]);
    expect(await docs("見積")).toEqual(["d2"]);
    await db.sql.exec(`DELETE FROM "Document" WHERE id = 'd2'`);
    expect(await docs("見積")).toEqual([]);
  });

  it("tokenises without depending on lc_ctype: words, 1- and 2-grams, NFKC", async () => {
    const rows = await db.sql.query<{ v: string }>(`SELECT search_lexemes(search_fold('ＳＳＯの設定 Café-2')) ::text AS v`);
    expect(rows[0]!.v).toBe("'2' 'café' 'sso' 'の' 'の設' '定' '設' '設定'");
    // Every pair of neighbours, at even and odd offsets, of runs of any length (and Hangul).
    const pairs = await db.sql.query<{ v: string }>(`SELECT search_lexemes('一二三四五 한국어')::text AS v`);
    expect(pairs[0]!.v).toBe("'一' '一二' '三' '三四' '二' '二三' '五' '四' '四五' '국' '국어' '어' '한' '한국'");
    const long = await db.sql.query<{ n: number }>(
      `SELECT length(search_lexemes(string_agg(chr(19968 + i), '' ORDER BY i))) AS n FROM generate_series(0, 2999) i`,
    );
    expect(long[0]!.n).toBe(3000 + 2999);
    const q = await db.sql.query<{ a: string; b: string; c: string }>(
      `SELECT search_query('返金手続き')::text AS a, search_query('金')::text AS b, search_query('SSO 設定')::text AS c`,
    );
    expect(q[0]).toEqual({ a: "'手続' & '続き' & '返金' & '金手'", b: "'金'", c: "'sso':* & '設定'" });
  });
});

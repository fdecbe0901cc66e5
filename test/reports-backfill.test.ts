import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { openDatabase } from "~/server/db/client.ts";
import { applyMigrations } from "~/server/db/migrate.ts";
import { createTestDatabase } from "./support/database.ts";

const MIGRATIONS = path.resolve(import.meta.dirname, "../prisma/migrations");
const REPORT_EVENTS = "20261203110000_report_event_log";

/** The report event log's migration backfills today's messages, timeline events and SLA clocks. */
it("backfills report events from existing messages, timeline events and SLA clocks", async () => {
  const before = await mkdtemp(path.join(os.tmpdir(), "sb-migrations-"));
  const fresh = await createTestDatabase();
  const db = await openDatabase(fresh.options);
  try {
    for (const name of await readdir(MIGRATIONS)) {
      if (name < REPORT_EVENTS) await cp(path.join(MIGRATIONS, name), path.join(before, name), { recursive: true });
    }
    await applyMigrations(db.sql, before);
    await db.sql.exec(`
      INSERT INTO "User" (id, email, name, "passwordHash") VALUES ('u1', 'u1@x.test', 'Sato', 'x');
      INSERT INTO "Inbox" (id, kind, name) VALUES ('inb1', 'email', 'Mail');
      INSERT INTO "Department" (id, name) VALUES ('dep1', 'Support');
      INSERT INTO "Contact" (id, name, "updatedAt") VALUES ('ct1', 'Yamada', now());
      INSERT INTO "Conversation" (id, "inboxId", "contactId", "departmentId", "replyToken", tags) VALUES ('cv1', 'inb1', 'ct1', 'dep1', 'rt1', ARRAY['billing']);
      INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, kind, channel, "authorUserId", text, meta, "createdAt") VALUES
        ('m1', 'cv1', 'ct1', 'inb1', 'inbound', 'message', 'email', NULL, '請求書', '{}', '2026-11-02 09:00'),
        ('m2', 'cv1', 'ct1', 'inb1', 'outbound', 'message', 'email', 'u1', 'answer', '{}', '2026-11-02 09:10'),
        ('m3', 'cv1', 'ct1', 'inb1', 'outbound', 'message', 'email', NULL, 'ack', '{"rule": {"id": "r1", "name": "Ack"}}', '2026-11-02 09:11'),
        ('m4', 'cv1', 'ct1', 'inb1', 'internal', 'event', 'email', 'u1', 'resolved', '{"event": "status", "status": "resolved", "actorName": "Sato"}', '2026-11-02 10:00');
      INSERT INTO "SlaClock" (id, "conversationId", target, "startedAt", "dueAt", "stoppedAt") VALUES
        ('k1', 'cv1', 'first_response', '2026-11-02 09:00', '2026-11-02 10:00', '2026-11-02 09:10');
    `);
    expect(await applyMigrations(db.sql)).toContain(REPORT_EVENTS);
    const rows = await db.sql.query<Record<string, unknown>>(
      `SELECT "type", "messageId", "departmentId", "tags", "agentId", "automated", "data" FROM "ReportEvent" ORDER BY "at", "id"`,
    );
    expect(rows).toEqual([
      { type: "message_in", messageId: "m1", departmentId: "dep1", tags: ["billing"], agentId: null, automated: false, data: {} },
      {
        type: "sla-applied",
        messageId: null,
        departmentId: "dep1",
        tags: ["billing"],
        agentId: null,
        automated: false,
        data: expect.objectContaining({ target: "first_response" }),
      },
      { type: "message_out", messageId: "m2", departmentId: "dep1", tags: ["billing"], agentId: "u1", automated: false, data: {} },
      {
        type: "sla-met",
        messageId: null,
        departmentId: "dep1",
        tags: ["billing"],
        agentId: null,
        automated: false,
        data: expect.objectContaining({ clockId: "k1" }),
      },
      { type: "message_out", messageId: "m3", departmentId: "dep1", tags: ["billing"], agentId: null, automated: true, data: {} },
      {
        type: "status",
        messageId: "m4",
        departmentId: "dep1",
        tags: ["billing"],
        agentId: "u1",
        automated: false,
        data: { status: "resolved" },
      },
    ]);
  } finally {
    await db.close();
    await fresh.drop();
    await rm(before, { recursive: true, force: true });
  }
}, 180_000);
